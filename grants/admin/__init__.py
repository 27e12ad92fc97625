"""The grants backoffice (see base.py for what is read-only and why)."""

from . import applications, funds  # noqa: F401  (registers the model admins)
