"""Celery beat runs the audit retention purge daily (migration 0003 schedules it)."""

from __future__ import annotations

from celery import shared_task

from opcc.audit.services import audit_purge


@shared_task(acks_late=True)
def audit_purge_task() -> int:
    return audit_purge()
