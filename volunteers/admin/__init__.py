"""The custody schemes admin: each part registers its own models."""

from . import callouts, people, planning, visits  # noqa: F401
