"""Import and export for the admin backoffice (django-import-export); all-or-nothing imports."""

from opcc.core.resources import AllOrNothingResource, error_lines

from .awards import HistoricalAwardResource
from .organisations import OrganisationResource

__all__ = ["AllOrNothingResource", "HistoricalAwardResource", "OrganisationResource", "error_lines"]
