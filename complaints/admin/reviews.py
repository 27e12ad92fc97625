"""Admin for complaints: reviews."""
