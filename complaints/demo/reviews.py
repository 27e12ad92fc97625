"""Demo data for complaints: reviews."""


def seed(*, stdout) -> None:
    """Filled in by the reviews work."""
