from .oversight import *  # noqa: F403  (the oversight registers declare their own __all__)
from .oversight import __all__ as _oversight_all
from .review_parts import (
    Answer,
    BodyCheck,
    Conflict,
    Criterion,
    Direction,
    Finding,
    ForwardingPeriod,
    InformationRequest,
    LearningPoint,
    Recommendation,
    ServiceStandards,
)
from .reviews import (
    OPEN_STATUSES,
    Channel,
    HandlingType,
    InvalidReason,
    PreferredChannel,
    Result,
    Review,
    Status,
)
from .vocab import LearningTheme, SubjectCategory

__all__ = [
    *_oversight_all,
    "OPEN_STATUSES",
    "Answer",
    "BodyCheck",
    "Channel",
    "Conflict",
    "Criterion",
    "Direction",
    "Finding",
    "ForwardingPeriod",
    "HandlingType",
    "InformationRequest",
    "InvalidReason",
    "LearningPoint",
    "LearningTheme",
    "PreferredChannel",
    "Recommendation",
    "Result",
    "Review",
    "ServiceStandards",
    "Status",
    "SubjectCategory",
]
