"""Grants forms: input shape and field messages only. Rules live in grants.services."""

from opcc.core.fields import MoneyField, UKDateField

from .actions import (
    AgreementForm,
    ApproveForm,
    AssessForm,
    ConfirmForm,
    ConflictForm,
    MonitoringReceiveForm,
    MonitoringScheduleForm,
    PaymentForm,
    RejectForm,
    ReturnForm,
    VaryForm,
    WithdrawForm,
)
from .applications import ApplicationForm
from .funds import (
    AllocationLineAddForm,
    AllocationLineForm,
    FundYearCreateForm,
    FundYearUpdateForm,
    TopUpForm,
)
from .organisations import OrganisationForm

__all__ = [
    "AgreementForm",
    "AllocationLineAddForm",
    "AllocationLineForm",
    "ApplicationForm",
    "ApproveForm",
    "AssessForm",
    "ConfirmForm",
    "ConflictForm",
    "FundYearCreateForm",
    "FundYearUpdateForm",
    "MoneyField",
    "MonitoringReceiveForm",
    "MonitoringScheduleForm",
    "OrganisationForm",
    "PaymentForm",
    "RejectForm",
    "ReturnForm",
    "TopUpForm",
    "UKDateField",
    "VaryForm",
    "WithdrawForm",
]
