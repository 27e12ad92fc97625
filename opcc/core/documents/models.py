"""A document attached to any registered record, and the letter templates administrators edit.

Imported at the bottom of `opcc.core.models`, so the models belong to the `core` app.
"""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_migrate
from django.utils import timezone

from opcc.core.documents import sniffing
from opcc.core.documents.placeholders import KEY_PATTERN, check_text
from opcc.core.documents.registry import KIND_MAX, letter_kind
from opcc.core.exports import safe_filename
from opcc.core.models import AuditedModel

NAME_MAX = 200
EXTENSIONS = {t.mime: t.extension for t in (*sniffing.ALLOWED, *sniffing.GENERATED)}


def clean_original_name(name: str) -> str:
    """The name a person gave the file, safe to show: no folders, no control, format or direction-
    override characters (U+202E would show `exe.pdf` as `fdp.exe`), at most 200 characters with
    the ending kept."""
    text = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    text = " ".join(text.split()).strip(" .")
    if len(text) > NAME_MAX:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and 0 < len(ext) <= 10 else ""
        keep = NAME_MAX - (len(ext) + 1 if ext else 0)
        text = (stem if ext else text)[:keep].rstrip(" .") + (f".{ext}" if ext else "")
    return text or "document"


def stored_name(instance: Document, filename: str) -> str:
    """A random name under documents/<year>/<month>/, ending with the detected type's extension;
    never anything the uploader chose."""
    ext = PurePosixPath(filename).suffix
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class DocumentQuerySet(models.QuerySet):
    def for_owner(self, obj: models.Model) -> DocumentQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def live(self) -> DocumentQuerySet:
        return self.filter(deleted_at__isnull=True)


class Document(AuditedModel):
    """A file on a record. Deleting keeps the row (who, when, why) and removes the bytes."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=stored_name, max_length=200, blank=True)
    original_name = models.CharField(max_length=NAME_MAX)
    kind = models.CharField(max_length=KIND_MAX)
    mime_type = models.CharField("type", max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    delete_reason = models.CharField(max_length=500, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_owner")]
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, delete_reason="")
                | (Q(deleted_at__isnull=False) & ~Q(delete_reason="")),
                name="document_deleted_with_reason",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.mime_type, "bin")

    @property
    def download_name(self) -> str:
        """The person's name for it with the detected type's ending (`report.exe` that is a PDF
        downloads as `report.pdf`), safe in a header."""
        stem = self.original_name.rsplit(".", 1)[0] if "." in self.original_name else self.original_name
        return safe_filename(stem, self.extension)

    @property
    def owner_label(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"


class LetterTemplate(AuditedModel):
    """The words of one letter kind a module declares (opcc.core.documents.registry.register_letter)."""

    key = models.CharField(
        max_length=100,
        unique=True,
        validators=[RegexValidator(KEY_PATTERN, 'Write the key as "module.letter_name" (lower case).')],
        help_text="Which letter this is; set by the module that writes it.",
    )
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=200, help_text="The letter's heading. Placeholders may be used.")
    body = models.TextField(
        help_text="The letter's text. Leave a blank line between paragraphs. Placeholders are written "
        "like {{ reference }}; the list of those this letter can use is shown below."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        kind = letter_kind(self.key)
        if kind is None:
            raise ValidationError(
                {"key": f'No module declares the letter "{self.key}", so it cannot be checked.'}
            )
        errors = {
            field: problems
            for field in ("title", "body")
            if (problems := check_text(getattr(self, field), kind.placeholders))
        }
        if errors:
            raise ValidationError(errors)


def _ensure_letter_templates(sender, using: str = "default", **kwargs) -> None:
    """After `migrate`, every declared letter kind has its template (from the module's defaults),
    so administrators find it in the admin without a data migration per letter."""
    from django.db import connections

    from opcc.core.documents.letters import letter_templates_ensure

    if getattr(sender, "label", "") != "core":
        return
    if LetterTemplate._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards past the table
    letter_templates_ensure(using=using)


post_migrate.connect(_ensure_letter_templates, dispatch_uid="opcc.core.documents.letter_templates")
