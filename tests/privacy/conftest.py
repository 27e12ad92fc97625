"""Fixtures for the privacy tests (issue 13): each area names its own (sar_*, retention_*, reminder_*, search_*)."""
