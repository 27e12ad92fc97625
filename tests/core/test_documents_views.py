"""Documents on screen: add, download, delete, the panel on an owner's page, and the admin list."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.core.documents.models import Document
from opcc.core.documents.services import document_add_bytes, document_delete
from tests.core import test_documents as base
from tests.core.test_documents import eml_bytes, pdf_bytes, stored_files, upload

# The shared fixtures (a registered owner, users, a media folder in tmp).
attachable, media, outsider, owner, staff = base.attachable, base.media, base.outsider, base.owner, base.staff


def add_url(owner) -> str:
    return reverse("core:document_add", args=["grants.application", owner.pk])


@pytest.fixture
def document(attachable, owner, staff):
    return document_add_bytes(
        owner=owner, data=pdf_bytes(), name="Force outcome.pdf", kind="Evidence", by=staff
    )


# --- add ------------------------------------------------------------------------------------


def test_adding_from_the_owners_page_returns_there(attachable, owner, client, staff):
    client.force_login(staff)
    response = client.post(
        add_url(owner), {"upload": upload("outcome.pdf", pdf_bytes()), "kind": "Evidence"}, follow=True
    )
    assert response.redirect_chain[0] == (owner.get_absolute_url(), 302)
    assert "outcome.pdf added." in response.content.decode()
    document = Document.objects.for_owner(owner).get()
    assert (document.kind, document.added_by, document.mime_type) == ("Evidence", staff, "application/pdf")


def test_the_add_page_shows_the_form(attachable, owner, client, staff):
    client.force_login(staff)
    page = client.get(add_url(owner)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "govuk-file-upload" in page
    assert '<option value="Evidence">Evidence</option>' in page
    assert "csrfmiddlewaretoken" in page


def test_a_refused_file_lands_on_the_add_page_with_the_reason(attachable, owner, client, staff, media):
    client.force_login(staff)
    response = client.post(
        add_url(owner), {"upload": upload("report.pdf", b"MZ\x90\x00" * 20), "kind": "Evidence"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "The file must be a PDF" in page
    assert not Document.objects.exists() and not stored_files(media)


def test_a_missing_file_and_kind_are_named(attachable, owner, client, staff):
    client.force_login(staff)
    page = client.post(add_url(owner), {}).content.decode()
    assert "Select a file." in page and "Choose what kind of document this is." in page


def test_an_unregistered_owner_type_is_not_found(attachable, owner, client, staff):
    client.force_login(staff)
    assert client.get(reverse("core:document_add", args=["grants.organisation", 1])).status_code == 404
    assert (
        client.get(reverse("core:document_add", args=["grants.application", owner.pk + 999])).status_code
        == 404
    )


# --- permission: 403 everywhere for a user without the owner's permission --------------------


def test_a_user_without_permission_gets_403_on_every_route(document, owner, client, outsider, media):
    client.force_login(outsider)
    urls = [
        add_url(owner),
        reverse("core:document_download", args=[document.pk]),
        reverse("core:document_delete", args=[document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url in (urls[0], urls[2]):  # download is GET only
        assert client.post(url, {"reason": "x", "kind": "Evidence"}).status_code == 403, url
    document.refresh_from_db()
    assert not document.is_deleted
    assert Document.objects.count() == 1
    assert not AccessEvent.objects.filter(action=Action.RECORD_VIEWED).exists()


# --- download -------------------------------------------------------------------------------


def test_download_is_an_attachment_with_a_safe_name_and_is_audited(document, owner, client, staff):
    client.force_login(staff)
    response = client.get(reverse("core:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Force outcome.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.for_object(owner).get(action=Action.RECORD_VIEWED)
    assert event.user == staff
    assert event.detail["document"] == document.pk and event.detail["name"] == "Force outcome.pdf"


def test_an_email_downloads_as_eml_whatever_it_was_called(attachable, owner, client, staff):
    document = document_add_bytes(
        owner=owner, data=eml_bytes(), name="complaint.txt", kind="Evidence", by=staff
    )
    client.force_login(staff)
    response = client.get(reverse("core:document_download", args=[document.pk]))
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == 'attachment; filename="complaint.eml"'


def test_a_deleted_document_is_not_found(document, client, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=staff, reason="Wrong file")
    client.force_login(staff)
    assert client.get(reverse("core:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("core:document_delete", args=[document.pk])).status_code == 404


# --- delete ---------------------------------------------------------------------------------


def test_delete_asks_for_a_reason_then_deletes(
    document, owner, client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("core:document_delete", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Why are you deleting this document?" in page and "Force outcome.pdf" in page
    refused = client.post(url, {"reason": ""})
    assert (
        refused.status_code == 200 and "Enter why the document is being deleted." in refused.content.decode()
    )
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Sent in error"})
    assert response.status_code == 302 and response["Location"] == owner.get_absolute_url()
    document.refresh_from_db()
    assert (document.deleted_by, document.delete_reason) == (staff, "Sent in error")
    assert not default_storage.exists(stored)


# --- the panel ------------------------------------------------------------------------------


def render_panel(owner, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load documents %}{% documents_panel obj %}").render(
        Context({"obj": owner, "request": request, "csrf_token": "token"})
    )


def test_the_panel_lists_live_documents_with_links_and_the_upload_form(
    document, owner, staff, django_capture_on_commit_callbacks
):
    gone = document_add_bytes(owner=owner, data=pdf_bytes(), name="Old draft.pdf", kind="Letter", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=gone, by=staff, reason="Superseded")
    html = render_panel(owner, staff)
    assert "Force outcome.pdf" in html and "Old draft.pdf" not in html
    assert reverse("core:document_download", args=[document.pk]) in html
    assert reverse("core:document_delete", args=[document.pk]) in html
    assert 'class="app-table-wrapper" role="region" tabindex="0" aria-labelledby="documents-caption"' in html
    assert 'enctype="multipart/form-data"' in html and add_url(owner) in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'type="file"' in html and "govuk-file-upload" in html


def test_the_panel_has_an_empty_state(attachable, owner, staff):
    html = render_panel(owner, staff)
    assert "No documents yet." in html and "<table" not in html


def test_the_panel_shows_nothing_to_a_user_who_may_not_see_documents(document, owner, outsider):
    assert render_panel(owner, outsider).strip() == ""


def test_a_viewer_without_change_permission_gets_no_form_or_delete_link(document, owner, make_user, staff):
    from opcc.core.documents.registry import register_attachable

    registration = register_attachable(
        type(owner),
        view_perm="core.access_grants",
        change_perm="grants.decide_application",
        kinds=("Evidence",),
    )
    assert not registration.can_change(staff, owner)
    html = render_panel(owner, staff)
    assert "Force outcome.pdf" in html
    assert "<form" not in html and "Delete" not in html


def test_the_panel_reads_the_same_number_of_queries_for_2_or_20_documents(
    attachable, owner, staff, make_user, django_assert_max_num_queries
):
    for i in range(2):
        document_add_bytes(
            owner=owner, data=pdf_bytes(), name=f"{i}.pdf", kind="Letter", by=make_user(roles.OFFICE_STAFF)
        )
    with django_assert_max_num_queries(99) as few:
        render_panel(owner, staff)
    for i in range(18):
        document_add_bytes(
            owner=owner,
            data=pdf_bytes(),
            name=f"more-{i}.pdf",
            kind="Letter",
            by=make_user(roles.OFFICE_STAFF),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = render_panel(owner, staff)
    assert html.count("core:document_download") == 0 and html.count("/download/") == 20


# --- admin ----------------------------------------------------------------------------------


def test_the_admin_lists_documents_read_only_without_the_file(document, client, make_user):
    client.force_login(make_user(roles.ADMINISTRATOR))
    listing = client.get(reverse("admin:core_document_changelist"))
    assert listing.status_code == 200 and "Force outcome.pdf" in listing.content.decode()
    change = client.get(reverse("admin:core_document_change", args=[document.pk]))
    page = change.content.decode()
    assert change.status_code == 200
    assert document.file.name not in page and "/media/" not in page
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:core_document_add")).status_code == 403
    assert client.get(reverse("admin:core_document_delete", args=[document.pk])).status_code == 403
