"""Admin for complaints: registers."""
