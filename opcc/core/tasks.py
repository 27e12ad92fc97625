from celery import shared_task

from opcc.core.services import health_check


@shared_task(acks_late=True)
def health_check_task() -> dict:
    """Proves a worker can reach the broker and the database (used by ops and the CI smoke test)."""
    return health_check()
