"""Filters of the correspondence and engagement lists (GET, bookmarkable; the exports reuse them)."""
