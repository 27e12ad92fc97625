"""Tables of the custody schemes lists (templates/includes/table.html)."""

from .people import VolunteerTable

__all__ = ["VolunteerTable"]
