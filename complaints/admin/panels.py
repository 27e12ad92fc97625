"""Admin for complaints: panels."""
