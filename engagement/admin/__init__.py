"""Admin for the module; each part registers its models in its own file (imported here)."""

from . import awards, casework, events, youth  # noqa: F401
