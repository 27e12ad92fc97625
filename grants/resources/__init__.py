"""Import and export for the admin backoffice (django-import-export); all-or-nothing imports."""

from .awards import HistoricalAwardResource
from .base import AllOrNothingResource, error_lines
from .organisations import OrganisationResource

__all__ = ["AllOrNothingResource", "HistoricalAwardResource", "OrganisationResource", "error_lines"]
