"""Documents: the registry, type by content, size and name rules, soft delete with the bytes removed.

The owner is a grants application, registered by the `attachable` fixture for the test only.
Shared fixtures and file builders here are imported by the other test_documents*/test_letters files.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from grants.models import Application
from opcc.core import roles
from opcc.core.documents import registry, sniffing
from opcc.core.documents.models import Document, clean_original_name
from opcc.core.documents.registry import NotAttachable, register_attachable
from opcc.core.documents.services import document_add, document_add_bytes, document_delete
from opcc.core.models import ClosureDay
from tests.grants.factories import ApplicationFactory, OrganisationFactory

KINDS = ("Application", "Evidence", "Letter")


# --- tiny real files ------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def gif_bytes() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def webp_bytes() -> bytes:
    return (
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    )


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(main: bytes = sniffing.DOCX_MAIN) -> bytes:
    return (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/word/document.xml" ContentType="' + main + b'"/></Types>'
    )


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": content_types(), "word/document.xml": b"<w:document/>"})


def eml_bytes() -> bytes:
    return (
        b"From: Pat Public <pat@example.org>\r\nTo: office@opcc.example\r\nSubject: My complaint\r\n"
        b"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nPlease review it.\r\n"
    )


ALLOWED_FILES = {
    "pdf": ("scan.pdf", pdf_bytes, "application/pdf"),
    "docx": ("statement.docx", docx_bytes, sniffing.DOCX.mime),
    "png": ("photo.png", png_bytes, "image/png"),
    "jpg": ("photo.jpeg", jpeg_bytes, "image/jpeg"),
    "gif": ("map.gif", gif_bytes, "image/gif"),
    "webp": ("map.webp", webp_bytes, "image/webp"),
    "eml": ("email.eml", eml_bytes, "message/rfc822"),
}


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- fixtures (imported by the other documents and letters tests) ---------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attachable(media):
    """grants.Application holds documents for this test (grants users see and add them)."""
    previous = registry._ATTACHABLE.get("grants.application")
    registration = register_attachable(
        Application, view_perm="core.access_grants", change_perm="core.access_grants", kinds=KINDS
    )
    yield registration
    registry.unregister_attachable(Application)
    if previous is not None:
        registry._ATTACHABLE["grants.application"] = previous


@pytest.fixture
def owner(db):
    return ApplicationFactory()


@pytest.fixture
def staff(make_user):
    return make_user(roles.OFFICE_STAFF)


@pytest.fixture
def outsider(make_user):
    """Signed in, but without the grants module."""
    return make_user(roles.REVIEWS_MANAGER)


# --- the registry ---------------------------------------------------------------------------


def test_an_unregistered_owner_type_is_refused(attachable, media, staff):
    organisation = OrganisationFactory()  # grants.Organisation: nobody registered it
    with pytest.raises(NotAttachable):
        document_add_bytes(owner=organisation, data=pdf_bytes(), name="a.pdf", kind="Letter", by=staff)
    with pytest.raises(NotAttachable):
        document_add(owner=organisation, upload=upload("a.pdf", pdf_bytes()), kind="Letter", by=staff)
    assert not Document.objects.exists() and not stored_files(media)


def test_registration_needs_kinds_and_a_page_to_return_to():
    with pytest.raises(ImproperlyConfigured, match="kinds"):
        register_attachable(Application, view_perm="x", change_perm="x", kinds=[])
    with pytest.raises(ImproperlyConfigured, match="get_absolute_url"):
        register_attachable(ClosureDay, view_perm="x", change_perm="x", kinds=["A"])
    assert registry.attachable_by_label("core.closureday") is None


def test_a_user_without_the_owners_permission_is_refused(attachable, owner, outsider, media):
    with pytest.raises(PermissionDenied):
        document_add(owner=owner, upload=upload("a.pdf", pdf_bytes()), kind="Evidence", by=outsider)
    assert not Document.objects.exists() and not stored_files(media)


def test_a_permission_may_be_a_rule_about_the_record(media, owner, staff, make_user):
    own = make_user(roles.OFFICE_STAFF)
    register_attachable(
        Application,
        view_perm="core.access_grants",
        change_perm=lambda user, record: user.pk == own.pk,
        kinds=KINDS,
    )
    try:
        assert registry.attachable_for(owner).can_view(staff, owner)
        assert not registry.attachable_for(owner).can_change(staff, owner)
        assert registry.attachable_for(owner).can_change(own, owner)
    finally:
        registry.unregister_attachable(Application)


def test_a_kind_the_module_did_not_declare_is_refused(attachable, owner, staff, media):
    with pytest.raises(ValidationError) as caught:
        document_add(owner=owner, upload=upload("a.pdf", pdf_bytes()), kind="Holiday photos", by=staff)
    assert "Application, Evidence, Letter" in caught.value.message_dict["kind"][0]
    assert not Document.objects.exists()


# --- what is accepted -----------------------------------------------------------------------


@pytest.mark.parametrize("ext", list(ALLOWED_FILES))
def test_each_allowed_type_is_accepted_by_its_content(attachable, owner, staff, media, ext):
    name, make, mime = ALLOWED_FILES[ext]
    data = make()
    # The browser's content type is ignored: a lie about it changes nothing.
    document = document_add(owner=owner, upload=upload(name, data, "text/plain"), kind="Evidence", by=staff)
    document.refresh_from_db()
    assert document.mime_type == mime
    assert document.size == len(data)
    assert document.original_name == name
    assert document.added_by == staff
    assert document.owner == owner
    assert document.file.name.endswith(f".{ext}")
    assert name.rsplit(".", 1)[0] not in document.file.name  # a random stored name
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == data
    assert len(document.sha256) == 64


def test_the_stored_extension_comes_from_the_content(attachable, owner, staff):
    document = document_add(owner=owner, upload=upload("scan.exe", pdf_bytes()), kind="Evidence", by=staff)
    assert document.file.name.endswith(".pdf")
    assert document.download_name == "scan.pdf"


# --- what is refused, leaving nothing behind -----------------------------------------------


REFUSED = {
    "a renamed executable": ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100),
    "a plain zip named .docx": ("letter.docx", zip_bytes({"notes.txt": b"hello"})),
    "a zip with only a document part": ("letter.docx", zip_bytes({"word/document.xml": b"<w/>"})),
    "a macro-enabled document": (
        "letter.docx",
        zip_bytes(
            {
                "[Content_Types].xml": content_types(
                    b"application/vnd.ms-word.document.macroEnabled.main+xml"
                ),
                "word/document.xml": b"<w:document/>",
            }
        ),
    ),
    "plain text": ("notes.eml", b"Dear office, this is not an email with headers.\n"),
    "an email without Date or Subject": ("x.eml", b"From: a@example.org\r\nTo: b@example.org\r\n\r\nHi\r\n"),
    "an email with a NUL byte": ("x.eml", eml_bytes().replace(b"Please", b"Ple\x00ase")),
    "HTML": ("page.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_other_content_is_refused_naming_the_allowed_types(attachable, owner, staff, media, case):
    name, data = REFUSED[case]
    with pytest.raises(ValidationError) as caught:
        document_add(owner=owner, upload=upload(name, data), kind="Evidence", by=staff)
    message = caught.value.message_dict["upload"][0]
    assert message == sniffing.NOT_ALLOWED
    assert "PDF" in message and "Word (DOCX)" in message and "email (EML)" in message
    assert not Document.objects.exists()
    assert not stored_files(media)


def test_an_empty_file_is_refused(attachable, owner, staff, media):
    with pytest.raises(ValidationError, match="empty"):
        document_add(owner=owner, upload=upload("a.pdf", b""), kind="Evidence", by=staff)
    assert not Document.objects.exists() and not stored_files(media)


def test_a_file_over_the_limit_is_refused(attachable, owner, staff, media, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    data = pdf_bytes() + b"%" * 1000
    with pytest.raises(ValidationError, match="must be smaller than"):
        document_add(owner=owner, upload=upload("big.pdf", data), kind="Evidence", by=staff)
    with pytest.raises(ValidationError, match="must be smaller than"):
        document_add_bytes(owner=owner, data=data, name="big.pdf", kind="Letter", by=staff)
    assert not Document.objects.exists() and not stored_files(media)
    document_add(owner=owner, upload=upload("small.pdf", data[:1000]), kind="Evidence", by=staff)
    assert Document.objects.count() == 1


def test_a_failed_row_leaves_no_bytes(attachable, owner, staff, media, monkeypatch):
    def fail(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Document, "save", fail)
    with pytest.raises(DatabaseError):
        document_add(owner=owner, upload=upload("a.pdf", pdf_bytes()), kind="Evidence", by=staff)
    assert not stored_files(media)


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\pat\\Desktop\\scan.pdf", "scan.pdf"),
        ("invoice\u202etxt.exe", "invoice txt.exe"),  # right-to-left override gone
        ("bad\x00name\r\n.pdf", "bad name .pdf"),
        ("zero\u200bwidth.pdf", "zero width.pdf"),
        ("   ", "document"),
        ("..", "document"),
    ],
)
def test_the_name_is_cleaned(given, cleaned):
    assert clean_original_name(given) == cleaned


def test_a_long_name_is_cut_to_200_characters_keeping_its_ending():
    name = clean_original_name("a" * 300 + ".pdf")
    assert len(name) == 200 and name.endswith("a.pdf")


def test_the_cleaned_name_is_stored(attachable, owner, staff):
    document = document_add(
        owner=owner, upload=upload("evil\u202efdp.exe", pdf_bytes()), kind="Evidence", by=staff
    )
    assert document.original_name == "evil fdp.exe"
    assert "\u202e" not in document.download_name


# --- reading and deleting -------------------------------------------------------------------


def test_for_owner_and_live(attachable, owner, staff, django_capture_on_commit_callbacks):
    other = ApplicationFactory()
    mine = document_add_bytes(owner=owner, data=pdf_bytes(), name="a.pdf", kind="Letter", by=staff)
    gone = document_add_bytes(owner=owner, data=pdf_bytes(), name="b.pdf", kind="Letter", by=staff)
    theirs = document_add_bytes(owner=other, data=pdf_bytes(), name="c.pdf", kind="Letter", by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=gone, by=staff, reason="Sent to the wrong person")
    assert set(Document.objects.for_owner(owner)) == {mine, gone}
    assert list(Document.objects.for_owner(owner).live()) == [mine]
    assert list(Document.objects.for_owner(other).live()) == [theirs]


def test_delete_records_who_when_and_why_and_removes_the_bytes(
    attachable, owner, staff, media, django_capture_on_commit_callbacks
):
    document = document_add(owner=owner, upload=upload("a.pdf", pdf_bytes()), kind="Evidence", by=staff)
    stored = document.file.name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=staff, reason="  Duplicate   of the signed copy ")
    document.refresh_from_db()
    assert document.is_deleted
    assert document.deleted_by == staff
    assert document.delete_reason == "Duplicate of the signed copy"
    assert not document.file
    assert not default_storage.exists(stored)
    assert not stored_files(media)
    latest = document.history.latest()
    assert latest.history_user == staff
    assert latest.history_change_reason == "Deleted: Duplicate of the signed copy"
    assert latest.deleted_at is not None
    assert document.history.count() == 2


def test_delete_needs_a_reason_and_happens_once(attachable, owner, staff, django_capture_on_commit_callbacks):
    document = document_add_bytes(owner=owner, data=pdf_bytes(), name="a.pdf", kind="Letter", by=staff)
    with pytest.raises(ValidationError, match="Enter why"):
        document_delete(document=document, by=staff, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=staff, reason="Wrong file")
    with pytest.raises(ValidationError, match="already been deleted"):
        document_delete(document=document, by=staff, reason="Again")


def test_delete_is_refused_without_the_owners_permission(attachable, owner, staff, outsider, media):
    document = document_add_bytes(owner=owner, data=pdf_bytes(), name="a.pdf", kind="Letter", by=staff)
    with pytest.raises(PermissionDenied):
        document_delete(document=document, by=outsider, reason="Tidying up")
    document.refresh_from_db()
    assert not document.is_deleted and default_storage.exists(document.file.name)
