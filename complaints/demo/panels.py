"""Demo data for complaints: panels."""


def seed(*, stdout) -> None:
    """Filled in by the panels work."""
