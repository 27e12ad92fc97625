"""Grants screens, one module per area (publications.py belongs to the publication outputs)."""
