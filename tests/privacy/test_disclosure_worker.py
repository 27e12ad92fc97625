"""A real Celery worker (Redis broker, the test database) builds the bundle an officer asks for."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from opcc.core import roles
from opcc.privacy.models import BundleStatus, DisclosureBundle
from tests.privacy.test_disclosure_support import key_of, read_json, seed_person

WAIT_SECONDS = 120


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_bundle_asked_for_in_the_browser(celery_worker_process, client, make_user):
    officer = make_user(roles.OFFICE_STAFF)
    person = seed_person(by=officer)
    client.force_login(officer)
    pk = person.sar.pk
    for obj in person.mine:
        source, object_id = key_of(obj)
        client.post(reverse("engagement:sar_confirm", args=[pk]), {"source": source, "object_id": object_id})
    response = client.post(reverse("engagement:sar_build", args=[pk]))
    bundle = DisclosureBundle.objects.get()
    assert response.url == reverse("engagement:sar_bundle", args=[pk, bundle.pk])
    deadline = time.monotonic() + WAIT_SECONDS
    try:
        while bundle.status == BundleStatus.BUILDING:
            assert time.monotonic() < deadline, celery_worker_process.log_tail()
            assert client.get(response.url).status_code == 200
            time.sleep(0.3)
            bundle.refresh_from_db()
        assert bundle.status == BundleStatus.DRAFT, f"{bundle.error}\n{celery_worker_process.log_tail()}"
        assert bundle.record_count == 4
        assert {(r["source"], r["object_id"]) for r in read_json(bundle.json)["records"]} == {
            key_of(o) for o in person.mine
        }
        download = client.get(reverse("engagement:sar_download", args=[pk, bundle.pk, "pdf"]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    finally:
        for document in (bundle.pdf, bundle.json):  # the worker wrote to the shared media folder
            if document is not None and document.file:
                document.file.delete(save=False)
