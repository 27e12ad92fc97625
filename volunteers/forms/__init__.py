"""Forms of the custody schemes pages (the services check again)."""

from .people import AvailabilityForm, ReaccreditForm, TimeField, TrainingForm, TransitionForm, VolunteerForm

__all__ = [
    "AvailabilityForm",
    "ReaccreditForm",
    "TimeField",
    "TrainingForm",
    "TransitionForm",
    "VolunteerForm",
]
