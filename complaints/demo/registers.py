"""Demo data for complaints: registers."""


def seed(*, stdout) -> None:
    """Filled in by the registers work."""
