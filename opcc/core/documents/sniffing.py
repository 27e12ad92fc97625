"""What a file is, from its bytes: never from its name or the browser's content type.

A renamed executable (`MZ...` called `report.pdf`) or a plain zip called `.docx` is refused. The
checks are a few magic numbers plus two structural ones the standard library can do (a Word
document is a zip with its content types naming the main document part; an email is RFC 5322
headers with From and a Date or Subject), so no third-party library is needed.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileType:
    mime: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word (DOCX)"
)
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
GIF = FileType("image/gif", "gif", "GIF")
WEBP = FileType("image/webp", "webp", "WebP")
EML = FileType("message/rfc822", "eml", "email (EML)")
ALLOWED = (PDF, DOCX, PNG, JPEG, GIF, WEBP, EML)
ALLOWED_LABELS = ", ".join(t.label for t in ALLOWED[:-1]) + f" or {ALLOWED[-1].label}"
NOT_ALLOWED = f"The file must be a {ALLOWED_LABELS} file."
# Types only a service writes (never accepted as an upload): a disclosure bundle's JSON.
JSON = FileType("application/json", "json", "JSON")
GENERATED = (JSON,)

DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES_LIMIT = 1_000_000  # bytes of [Content_Types].xml read (a real one is ~1-2 KB)
EML_HEAD = 64 * 1024  # headers are read from the first 64 KB
# RFC 5322 field name: printable ASCII except colon; then the colon.
HEADER_LINE = re.compile(rb"[!-9;-~]+:")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not {"[Content_Types].xml", "word/document.xml"} <= names:
                return False
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return False
            return DOCX_MAIN in archive.read(info)  # a macro-enabled .docm names another type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False


def _is_eml(data: bytes) -> bool:
    if b"\x00" in data or not HEADER_LINE.match(data):
        return False
    head = data[:EML_HEAD]
    end = re.search(rb"\r?\n\r?\n", head)
    header_block = head[: end.start()] if end else head
    for line in re.split(rb"\r?\n", header_block):
        if line and not (line[:1] in b" \t" or HEADER_LINE.match(line)):
            return False  # not a header and not a folded continuation: not an email
    message = email.message_from_bytes(header_block + b"\r\n\r\n", policy=email.policy.compat32)
    return bool(message.get("From")) and bool(message.get("Date") or message.get("Subject"))


def detect(data: bytes) -> FileType | None:
    """The allowed type these bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else None
    if _is_eml(data):
        return EML
    return None


def require_allowed(data: bytes) -> FileType:
    """The file's type, or a ValidationError naming the types allowed."""
    found = detect(data)
    if found is None:
        raise ValidationError(NOT_ALLOWED, code="file_type")
    return found
