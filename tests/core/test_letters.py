"""Letters: declared placeholders only, values escaped, a tagged PDF kept as a Document on the owner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.urls import reverse

from grants.models import Organisation
from opcc.core import roles
from opcc.core.documents import registry
from opcc.core.documents.letters import (
    letter_generate,
    letter_preview,
    letter_template_for,
    letter_templates_ensure,
    render_letter_html,
)
from opcc.core.documents.models import Document, LetterTemplate
from opcc.core.documents.registry import register_letter
from tests.core import test_documents as base
from tests.core.pdf_checks import assert_accessible_pdf, pdf_structure

# The shared fixtures (a registered owner, users, a media folder in tmp).
attachable, media, outsider, owner, staff = base.attachable, base.media, base.outsider, base.owner, base.staff

KEY = "grants.test_outcome"
PLACEHOLDERS = {
    "reference": "The application reference",
    "name": "Who the letter is to",
    "outcome": "What was decided",
}
TITLE = "Your application {{ reference }}"
BODY = "Dear {{ name }}\n\nWe have decided: {{outcome}}.\nThank you.\n\nYours sincerely\nThe Commissioner's office"


def context(application) -> dict[str, str]:
    return {
        "reference": application.reference,
        "name": "Pat <script>alert(1)</script> Public",
        "outcome": "Approved & funded",
        "recipient_name": "Pat Public",
        "recipient_address": "1 High Street\nDudley\nDY1 1AA",
    }


def sample() -> dict[str, str]:
    return {"reference": "HCF-2024-0001", "name": "Sam Sample", "outcome": "Approved"}


@pytest.fixture
def letter(db, attachable):
    kind = register_letter(
        key=KEY,
        label="Test outcome",
        placeholders=PLACEHOLDERS,
        context=context,
        sample=sample,
        title=TITLE,
        body=BODY,
        document_kind="Letter",
        model=attachable.model,
    )
    yield kind
    registry.unregister_letter(KEY)


# --- the text ---------------------------------------------------------------------------------


def test_it_renders_with_the_contexts_values_and_escapes_them(letter, owner):
    title, html = render_letter_html(title=TITLE, body=BODY, values=context(owner))
    assert title == f"Your application {owner.reference}"
    assert f"<h1>Your application {owner.reference}</h1>" in html
    assert "Pat &lt;script&gt;alert(1)&lt;/script&gt; Public" in html
    assert "<script>" not in html
    assert "We have decided: Approved &amp; funded.<br>Thank you." in html
    assert html.count("<p>Yours sincerely<br>The Commissioner&#x27;s office</p>") == 1
    assert "<p>1 High Street</p><p>Dudley</p><p>DY1 1AA</p>" in html.replace("\n", "").replace("    ", "")
    assert "Office of the West Midlands Police and Crime Commissioner" in html


def test_html_in_the_administrators_text_is_shown_not_run(letter, owner):
    _, html = render_letter_html(title="T", body="<b>Bold</b> {{ name }}", values={"name": "x"})
    assert "&lt;b&gt;Bold&lt;/b&gt; x" in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Dear {{ nmae }}",
            "Unknown placeholder {{ nmae }}: this letter can use {{ reference }}, {{ name }}",
        ),
        ("{% if name %}Hello{% endif %}", "cannot use template tags"),
        ("{% load static %}", "cannot use template tags"),
        ("{# note #}", "cannot use template tags"),
        ("{{ name|upper }}", "uses a filter"),
        ("{{ name.__class__ }}", "looks inside a value"),
        ("{{ 'x' }}", "is not a placeholder name"),
        ("Dear {{ name }", "not closed"),
    ],
)
def test_clean_refuses_what_is_not_a_declared_placeholder(letter, body, message):
    template = LetterTemplate(key=KEY, name="Test", title=TITLE, body=body)
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    assert message in " ".join(caught.value.message_dict["body"])


def test_clean_checks_the_title_too_and_accepts_good_text(letter):
    with pytest.raises(ValidationError) as caught:
        LetterTemplate(key=KEY, name="Test", title="About {{ refrence }}", body=BODY).full_clean()
    assert "Unknown placeholder {{ refrence }}" in caught.value.message_dict["title"][0]
    LetterTemplate(key=KEY, name="Test", title=TITLE, body=BODY).full_clean()


def test_a_template_for_a_letter_nobody_declares_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        LetterTemplate(key="nobody.letter", name="x", title="x", body="x").full_clean()
    assert "No module declares" in caught.value.message_dict["key"][0]


def test_a_module_cannot_declare_defaults_with_unknown_placeholders():
    with pytest.raises(ImproperlyConfigured, match="Unknown placeholder"):
        register_letter(
            key="grants.broken",
            label="Broken",
            placeholders={"reference": "x"},
            context=dict,
            sample=dict,
            title="{{ reference }}",
            body="{{ missing }}",
        )
    assert registry.letter_kind("grants.broken") is None


# --- templates from the defaults --------------------------------------------------------------


def test_ensure_creates_missing_templates_and_keeps_edited_ones(letter):
    LetterTemplate.objects.filter(key=KEY).delete()
    created = letter_templates_ensure()
    assert [t.key for t in created] == [KEY]
    template = LetterTemplate.objects.get(key=KEY)
    assert (template.name, template.title, template.body) == ("Test outcome", TITLE, BODY)
    template.body = "Dear {{ name }}, edited."
    template.save()
    assert letter_templates_ensure() == []
    assert letter_template_for(KEY).body == "Dear {{ name }}, edited."


# --- generating -------------------------------------------------------------------------------


def test_generate_stores_an_accessible_pdf_on_the_owner(letter, owner, staff):
    document = letter_generate(key=KEY, owner=owner, by=staff)
    assert document.owner == owner
    assert (document.kind, document.mime_type, document.added_by) == ("Letter", "application/pdf", staff)
    assert document.original_name == f"{owner.reference}-{KEY}.pdf"
    assert list(Document.objects.for_owner(owner).live()) == [document]
    with document.file.open("rb") as stored:
        data = stored.read()
    structure = assert_accessible_pdf(data, title=f"Your application {owner.reference}")
    text = "".join(page.extract_text() for page in structure.reader.pages)
    assert "Pat <script>alert(1)</script> Public" in text  # shown as typed, never markup
    assert "Approved & funded" in text and owner.reference in text


def test_generate_uses_the_administrators_words(letter, owner, staff):
    template = letter_template_for(KEY)
    template.body = "Dear {{ name }}\n\nA new paragraph written in the admin."
    template.save()
    document = letter_generate(key=KEY, owner=owner, by=staff)
    with document.file.open("rb") as stored:
        text = "".join(p.extract_text() for p in pdf_structure(stored.read()).reader.pages)
    assert "A new paragraph written in the admin." in text


def test_generate_needs_the_owners_change_permission(letter, owner, outsider):
    with pytest.raises(PermissionDenied):
        letter_generate(key=KEY, owner=owner, by=outsider)
    assert not Document.objects.exists()


def test_generate_refuses_an_unknown_letter_or_the_wrong_owner(letter, owner, staff):
    with pytest.raises(ValidationError, match="No module declares"):
        letter_generate(key="grants.nothing", owner=owner, by=staff)
    register_letter(
        key="grants.test_other",
        label="Organisation notice",
        placeholders={},
        context=lambda owner: {},
        sample=dict,
        title="Notice",
        body="Hello",
        model=Organisation,
    )
    try:
        with pytest.raises(ValidationError, match="written for organisations"):
            letter_generate(key="grants.test_other", owner=owner, by=staff)
    finally:
        registry.unregister_letter("grants.test_other")
    assert not Document.objects.exists()


# --- admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def test_the_admin_change_page_lists_the_placeholders_and_links_the_preview(letter, admin_client):
    template = letter_template_for(KEY)
    page = admin_client.get(reverse("admin:core_lettertemplate_change", args=[template.pk])).content.decode()
    assert "<code>{{ outcome }}</code>: What was decided" in page
    assert reverse("admin:core_lettertemplate_preview", args=[template.pk]) in page


def test_the_admin_preview_is_a_pdf_with_the_sample_values(letter, admin_client):
    template = letter_template_for(KEY)
    response = admin_client.get(reverse("admin:core_lettertemplate_preview", args=[template.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    structure = assert_accessible_pdf(response.content, title="Your application HCF-2024-0001")
    assert "Sam Sample" in structure.reader.pages[0].extract_text()


def test_a_preview_of_a_letter_nobody_declares_shows_the_names(db):
    template = LetterTemplate.objects.create(key="gone.letter", name="Gone", title="Letter", body="Hello")
    title, data = letter_preview(template)
    assert title == "Letter" and data.startswith(b"%PDF-")


def test_the_admin_refuses_an_unknown_placeholder_when_saving(letter, admin_client):
    template = letter_template_for(KEY)
    url = reverse("admin:core_lettertemplate_change", args=[template.pk])
    response = admin_client.post(url, {"name": "Outcome", "title": TITLE, "body": "Dear {{ nmae }}"})
    assert response.status_code == 200
    assert "Unknown placeholder {{ nmae }}" in response.content.decode()
    template.refresh_from_db()
    assert template.body == BODY
    saved = admin_client.post(url, {"name": "Outcome", "title": TITLE, "body": "Dear {{ name }}"})
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.body == "Dear {{ name }}" and template.updated_by is not None


def test_the_preview_is_for_administrators_only(letter, client, make_user):
    template = letter_template_for(KEY)
    client.force_login(make_user(roles.OFFICE_STAFF))
    assert client.get(reverse("admin:core_lettertemplate_preview", args=[template.pk])).status_code == 403
