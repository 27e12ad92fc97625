"""Export-job fixtures: applications made fast (cloned in bulk), a throwaway media folder."""

from __future__ import annotations

import pytest

from grants.models import Application
from tests.grants.factories import ApplicationFactory


@pytest.fixture(autouse=True)
def _media(request, settings, tmp_path):
    # The real worker is another process: it keeps the default media folder, so the test must too.
    if "celery_worker_process" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"


def clone_applications(template: Application, count: int, *, prefix: str = "BULK") -> list[int]:
    """`count` copies of `template` with unique references, inserted in bulk; returns their ids."""
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Application._meta.concrete_fields
        if not f.primary_key and f.attname != "reference"
    }
    made = Application.objects.bulk_create(
        [Application(reference=f"{prefix}-{n:07d}", **fields) for n in range(count)], batch_size=2_000
    )
    return [a.pk for a in made]


@pytest.fixture
def bulk_applications(db):
    def make(count: int, **fields) -> tuple[Application, list[int]]:
        template = ApplicationFactory(**fields)
        return template, [template.pk, *clone_applications(template, count - 1)]

    return make
