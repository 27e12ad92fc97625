"""Thin Celery tasks: the nightly disposal dry run and the daily reminder digest (beat schedules
in migration 0002). The work is in the services, which the tests call directly."""

from celery import shared_task


@shared_task
def propose_disposals() -> int | None:
    """Write tonight's dry run: what the schedule says is due (nothing is changed)."""
    from opcc.privacy.retention import batch_propose

    batch = batch_propose(by=None)
    return batch.pk if batch else None


@shared_task
def carry_out_disposals(batch_id: int) -> int:
    """Anonymise an approved batch, one record per transaction."""
    from opcc.privacy.retention import batch_carry_out

    return batch_carry_out(batch_id=batch_id)


@shared_task
def send_daily_digests() -> int:
    """One digest per person who has something due; a second run the same day sends nothing."""
    from opcc.privacy.reminders import digests_send

    return digests_send()


@shared_task
def build_disclosure_bundle(bundle_id: int) -> None:
    from opcc.privacy.disclosure import bundle_build

    bundle_build(bundle_id=bundle_id)
