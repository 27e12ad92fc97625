"""Celery end to end: a real worker through Redis, results in the database; and eager mode."""

import socket

import pytest
from celery.result import AsyncResult, EagerResult
from django_celery_results.models import TaskResult

from opcc.core.models import FinancialYear
from opcc.core.tasks import health_check_task


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_health_check_runs_on_the_real_worker(celery_worker_process, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    years = FinancialYear.objects.count()
    assert years > 0  # loaded by the reference data migration

    result = health_check_task.delay()
    assert isinstance(result, AsyncResult)
    assert not isinstance(result, EagerResult)
    payload = result.get(timeout=60)

    # The worker answered from its own process on this machine, against this test database.
    assert payload == {"worker": socket.gethostname(), "financial_years": years}
    assert celery_worker_process.process.poll() is None
    row = TaskResult.objects.get(task_id=result.id)
    assert row.status == "SUCCESS"
    assert row.task_name == "opcc.core.tasks.health_check_task"
    assert row.worker == celery_worker_process.nodename


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sees_what_the_test_commits(celery_worker_process):
    FinancialYear.objects.create(start_year=2099)
    expected = FinancialYear.objects.count()

    assert health_check_task.delay().get(timeout=60)["financial_years"] == expected


@pytest.mark.django_db
def test_health_check_in_eager_mode(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True

    result = health_check_task.delay()

    assert isinstance(result, EagerResult)
    assert result.get(timeout=5) == {
        "worker": socket.gethostname(),
        "financial_years": FinancialYear.objects.count(),
    }
    # Eager runs are not stored as results: nothing crossed a broker.
    assert not TaskResult.objects.filter(task_id=result.id).exists()


def test_broker_must_be_redis_for_the_worker(monkeypatch):
    from _pytest.outcomes import Failed

    from tests.worker import broker_url_from_env

    monkeypatch.setenv("CELERY_BROKER_URL", "filesystem://")
    with pytest.raises(Failed, match="need a Redis broker"):
        broker_url_from_env()
    monkeypatch.delenv("CELERY_BROKER_URL")
    with pytest.raises(Failed, match="CELERY_BROKER_URL=redis://"):
        broker_url_from_env()
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    assert broker_url_from_env() == "redis://127.0.0.1:6379/0"
