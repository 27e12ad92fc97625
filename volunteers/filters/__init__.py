"""Filters of the custody schemes lists (GET, bookmarkable; the exports reuse them)."""

from .people import VolunteerFilter

__all__ = ["VolunteerFilter"]
