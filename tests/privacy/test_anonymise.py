"""Anonymising one record: its fields, its history rows and its documents; twice is the same as once.

The walk over every source with real data (and the report pack before and after) is in
test_anonymise_pack.py; here a complaint review, made through the complaints services.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage

from complaints.models import Review
from opcc.core import roles
from opcc.core.documents.models import Document
from opcc.core.documents.services import document_add_bytes
from opcc.privacy import registry
from opcc.privacy.anonymise import DISPOSAL_REASON, anonymise_values, record_anonymise
from opcc.privacy.registry import ANONYMISED
from tests.complaints.factories import make_review

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SOURCE = registry.source("complaints.review")


@pytest.fixture
def anonymise_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def anonymise_review(db):
    review = make_review(
        complainant_name="Jordan Example",
        complainant_phone="07700 900123",
        reasonable_adjustments="Large print",
        summary="What Jordan said happened",
    )
    review.refresh_from_db()
    return review


@pytest.mark.django_db
def test_fields_and_history_are_anonymised_and_statistics_kept(anonymise_review, make_user):
    review = anonymise_review
    review.summary = "A second version"  # a second history row holding the person's words
    review._history_user = make_user(roles.OFFICE_STAFF)
    review.save()
    kept = {f: getattr(review, f) for f in ("reference", "status", "received_on", "complaint_made_on",
                                            "handling_type", "updated_at", "closed_on")}  # fmt: skip
    history_count = review.history.count()
    assert history_count >= 2
    changed = record_anonymise(obj=review, source=SOURCE, by=None)
    assert {"complainant_name", "complainant_phone", "reasonable_adjustments", "summary"} <= set(changed)
    fresh = Review.objects.get(pk=review.pk)
    assert fresh.complainant_name == ANONYMISED
    for field in ("complainant_email", "complainant_phone", "reasonable_adjustments", "summary"):
        assert getattr(fresh, field) == ""
    assert {f: getattr(fresh, f) for f in kept} == kept  # updated_at too: update() moves nothing else
    assert review.history.count() == history_count  # no new history row naming anyone
    for row in review.history.all():
        assert row.complainant_name == ANONYMISED
        assert row.summary == "" and row.complainant_phone == "" and row.reasonable_adjustments == ""
    assert not Review.history.filter(complainant_name="Jordan Example").exists()


@pytest.mark.django_db
def test_twice_changes_nothing_the_second_time(anonymise_review):
    assert record_anonymise(obj=anonymise_review, source=SOURCE)
    before = list(Review.history.filter(id=anonymise_review.pk).values())
    again = Review.objects.get(pk=anonymise_review.pk)
    assert record_anonymise(obj=again, source=SOURCE) == []
    assert list(Review.history.filter(id=anonymise_review.pk).values()) == before


@pytest.mark.django_db
def test_documents_are_deleted_with_their_files_and_names(anonymise_review, anonymise_media, make_user,
                                                          django_capture_on_commit_callbacks):  # fmt: skip
    staff = make_user(roles.OFFICE_STAFF)
    document = document_add_bytes(owner=anonymise_review, data=PDF, name="Jordan Example's letter.pdf",
                                  kind="Letter", by=staff)  # fmt: skip
    stored = document.file.name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        changed = record_anonymise(obj=anonymise_review, source=SOURCE, by=staff)
    assert "documents" in changed
    document.refresh_from_db()
    assert document.is_deleted and document.delete_reason == DISPOSAL_REASON and not document.file
    assert document.original_name == "Letter (disposed of)"
    assert not default_storage.exists(stored)
    assert not Document.history.filter(id=document.pk, original_name__contains="Jordan").exists()
    assert Document.objects.for_owner(anonymise_review).live().count() == 0


def test_only_text_fields_may_be_anonymised():
    review = Review(pk=1, status="closed")
    for field in ("closed_on", "status", "handling_type"):
        source = replace(SOURCE, anonymise={field: ""})
        with pytest.raises(ImproperlyConfigured, match="not a free-text field"):
            anonymise_values(obj=review, source=source)


@pytest.mark.parametrize("source", registry.sources(), ids=lambda s: s.key)
def test_every_declared_anonymise_field_is_free_text(source):
    """Counts, money, dates, areas, statuses and links are never in a map (the report pack reads them)."""
    obj = source.model_class(pk=1)
    for name, replacement in source.anonymise.items():
        if callable(replacement):
            continue  # a function of the record: checked on real rows in test_anonymise_pack.py
        assert anonymise_values(obj=obj, source=replace(source, anonymise={name: replacement})) == {
            name: replacement
        }
