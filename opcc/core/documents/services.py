"""Adding and deleting documents: permission through the registry, type by content, nothing half-saved."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from opcc.core.documents import sniffing
from opcc.core.documents.models import Document, clean_original_name
from opcc.core.documents.registry import Attachable, require_document_perm

REASON_MAX = 500


def _limit() -> int:
    return int(settings.DOCUMENT_MAX_BYTES)


def _too_big() -> ValidationError:
    size = filesizeformat(_limit()).replace("\xa0", " ")
    return ValidationError({"upload": f"The selected file must be smaller than {size}."}, code="file_size")


def _read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes, refusing an oversize one before reading more than the limit."""
    if upload.size is not None and upload.size > _limit():
        raise _too_big()
    upload.seek(0)
    data = upload.read(_limit() + 1)
    if len(data) > _limit():
        raise _too_big()
    return data


def document_add(*, owner: models.Model, upload: UploadedFile, kind: str, by) -> Document:
    """Attach an uploaded file to `owner` (the person's file name is kept only for display)."""
    registration = require_document_perm(by, owner, change=True)
    if kind in registration.own_page_kinds:
        raise ValidationError(
            {"kind": f"Choose what kind of document this is: {', '.join(registration.upload_kinds)}."}
        )
    data = _read_upload(upload)
    return _store(registration, owner=owner, data=data, name=upload.name or "", kind=kind, by=by)


def document_add_bytes(
    *, owner: models.Model, data: bytes, name: str, kind: str, by, file_type: sniffing.FileType | None = None
) -> Document:
    """Attach bytes the service made (a generated letter) as if they had been uploaded.

    `file_type`, one of `sniffing.GENERATED` (JSON), declares a type no upload may have."""
    registration = require_document_perm(by, owner, change=True)
    if len(data) > _limit():
        raise _too_big()
    if file_type is not None and file_type not in sniffing.GENERATED:
        raise ValueError(f"{file_type.label} is not a type services declare; let the bytes say.")
    return _store(registration, owner=owner, data=data, name=name, kind=kind, by=by, declared=file_type)


def _store(
    registration: Attachable,
    *,
    owner: models.Model,
    data: bytes,
    name: str,
    kind: str,
    by,
    declared: sniffing.FileType | None = None,
) -> Document:
    """Check, then write the bytes and the row; a refused file leaves neither. (Bytes written inside
    a caller's transaction that later rolls back stay in storage unreferenced: harmless, random name.)"""
    if kind not in registration.kinds:
        raise ValidationError(
            {"kind": f"Choose what kind of document this is: {', '.join(registration.kinds)}."}
        )
    if not data:
        raise ValidationError({"upload": "The selected file is empty."})
    try:
        detected = declared or sniffing.require_allowed(data)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    document = Document(
        owner=owner,
        original_name=clean_original_name(name),
        kind=kind,
        mime_type=detected.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        added_by=by,
    )
    document.full_clean(exclude=["file"])
    document._history_user = by  # type: ignore[attr-defined]
    document.file.save(f"upload.{detected.extension}", ContentFile(data), save=False)
    stored = document.file.name
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        default_storage.delete(stored)  # the row was not written: leave no bytes behind it
        raise
    return document


def document_delete(*, document: Document, by, reason: str, own_page: bool = False) -> None:
    """Record who deleted the document and why, then remove its bytes once that is committed.

    A kind its module serves from its own page (`own_page_kinds`) is deleted only by that
    module's service (`own_page=True`), never from the documents panel."""
    reason = " ".join(str(reason).split())
    if not reason:
        raise ValidationError({"reason": "Enter why the document is being deleted."})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer."})
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("content_type").get(pk=document.pk)
        owner = locked.owner
        if owner is None:
            raise ValidationError("The record this document belongs to no longer exists.")
        registration = require_document_perm(by, owner, change=True)
        if locked.kind in registration.own_page_kinds and not own_page:
            raise ValidationError("This document is kept by its own page and cannot be deleted here.")
        if locked.is_deleted:
            raise ValidationError("This document has already been deleted.")
        _mark_deleted(locked, by=by, reason=reason)
    for field in ("deleted_at", "deleted_by", "delete_reason", "file"):
        setattr(document, field, getattr(locked, field))


def _mark_deleted(locked: Document, *, by, reason: str, name: str = "") -> None:
    """Keep the row (who, when, why; `name` replaces the person's file name), drop the bytes on commit."""
    stored = locked.file.name
    locked.deleted_at = timezone.now()
    locked.deleted_by = by
    locked.delete_reason = reason
    locked.file = ""  # type: ignore[assignment]
    if name:
        locked.original_name = name
    locked._history_user = by  # type: ignore[attr-defined]
    locked._change_reason = f"Deleted: {reason}"  # type: ignore[attr-defined]
    locked.save()
    if stored:
        transaction.on_commit(lambda: default_storage.delete(stored))


def documents_dispose(*, owner: models.Model, by, reason: str) -> list[int]:
    """Delete every live document of `owner` for the retention schedule (the caller checked
    `privacy.manage_retention`, which the owner's own change permission need not include). The
    file name a person gave may name them, so it is replaced; returns the documents' ids."""
    return documents_dispose_many(model=type(owner), ids=[owner.pk], by=by, reason=reason)


def documents_dispose_many(*, model: type[models.Model], ids: list[int], by, reason: str) -> list[int]:
    """`documents_dispose` for many owners of one model: one query to find their documents."""
    content_type = ContentType.objects.get_for_model(model)
    live = Document.objects.live().filter(content_type=content_type, object_id__in=ids)
    locked = list(live.select_for_update().order_by("pk"))
    for document in locked:
        _mark_deleted(document, by=by, reason=reason, name=f"{document.kind} (disposed of)")
    return [document.pk for document in locked]
