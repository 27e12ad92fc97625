"""The review's letters (rendered from the administrators' templates, kept as documents) and its
documents (type by content, other roles refused)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from complaints import letters
from complaints.models import Status
from opcc.core.documents.letters import letter_generate
from opcc.core.documents.models import Document, LetterTemplate
from opcc.core.documents.services import document_add
from tests.core.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(handle)
        return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_every_review_letter_has_an_editable_template():
    keys = {letter["key"] for letter in letters.LETTERS}
    assert keys <= set(LetterTemplate.objects.values_list("key", flat=True))


def test_the_decision_letter_carries_the_case_and_escapes_what_people_typed(review_in, review_users):
    review = review_in(Status.RECOMMENDATIONS_OUTSTANDING, complainant_name="<script>alert(1)</script> Jo")
    document = letter_generate(key=letters.DECISION, owner=review, by=review_users.staff)
    assert (
        document.kind == "Letter" and document.original_name == f"{review.reference}-complaints.decision.pdf"
    )
    with document.file.open("rb") as handle:
        data = handle.read()
    assert_accessible_pdf(data, title="The outcome of your complaint review")
    text = pdf_text(document)
    assert "Dear <script>alert(1)</script> Jo" in text  # shown as text, never markup
    assert "your review is upheld" in text
    assert "1. Apologise in writing" in text
    assert review.force_reference in text and review.reference in text


def test_an_administrators_wording_is_used(review_in, review_users):
    review = review_in(Status.ACKNOWLEDGED)
    template = LetterTemplate.objects.get(key=letters.ACKNOWLEDGEMENT)
    template.body = "Hello {{ complainant_name }}, we have {{ reference }}."
    template.save()
    document = letter_generate(key=letters.ACKNOWLEDGEMENT, owner=review, by=review_users.staff)
    assert f"Hello Jordan Example, we have {review.reference}." in pdf_text(document)


def test_a_template_naming_an_unknown_placeholder_is_refused():
    template = LetterTemplate.objects.get(key=letters.ACKNOWLEDGEMENT)
    template.body = "Dear {{ officer_home_address }}"
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert "officer_home_address" in str(caught.value)


def test_letters_offered_follow_the_case(review_in):
    assert [k for k, _ in letters.letters_for(review_in(Status.RECEIVED))] == [letters.ACKNOWLEDGEMENT]
    assert [k for k, _ in letters.letters_for(review_in(Status.FORWARDED))] == [letters.FORWARDED]
    late = [k for k, _ in letters.letters_for(review_in(Status.OUT_OF_TIME))]
    assert letters.OUT_OF_TIME in late
    decided = [k for k, _ in letters.letters_for(review_in(Status.DECIDED))]
    assert {letters.DECISION, letters.COPY_TO_FORCE} <= set(decided)


def test_the_letter_button_writes_it_and_other_roles_are_refused(client, review_in, review_users):
    review = review_in(Status.DECIDED)
    url = reverse("complaints:review_letter", args=[review.pk, letters.COPY_TO_FORCE])
    client.force_login(review_users.grants_manager)
    assert client.post(url).status_code == 403
    client.force_login(review_users.staff)
    assert client.get(url).status_code == 405
    not_offered = reverse("complaints:review_letter", args=[review.pk, letters.FORWARDED])
    assert client.post(not_offered).status_code == 404
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = Document.objects.for_owner(review).get()
    assert "Head of Professional Standards" in pdf_text(document)


def test_review_documents_by_content_and_only_for_module_users(review_in, review_users):
    review = review_in(Status.UNDER_REVIEW)
    exe = SimpleUploadedFile(
        "outcome-letter.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        document_add(owner=review, upload=exe, kind="Force outcome letter", by=review_users.staff)
    pdf = SimpleUploadedFile(
        "outcome.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    with pytest.raises(PermissionDenied):
        document_add(owner=review, upload=pdf, kind="Evidence", by=review_users.grants_manager)
    assert not Document.objects.for_owner(review).exists()
