"""Demo complaint reviews and oversight registers whose report pack reproduces the published figures."""

from . import panels, registers, reviews


def seed(*, stdout) -> None:
    reviews.seed(stdout=stdout)
    panels.seed(stdout=stdout)
    registers.seed(stdout=stdout)
