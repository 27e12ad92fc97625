"""Letters: a module's declared kind, the administrator's words, the record's values, one tagged PDF."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opcc.core.documents.models import Document, LetterTemplate
from opcc.core.documents.placeholders import fill, paragraphs
from opcc.core.documents.registry import LetterKind, letter_kind, letter_kinds, require_document_perm
from opcc.core.documents.services import document_add_bytes
from opcc.core.pdf import render_pdf

LAYOUT = "core/letters/letter.html"


def _kind(key: str) -> LetterKind:
    kind = letter_kind(key)
    if kind is None:
        raise ValidationError(f'No module declares the letter "{key}".')
    return kind


def _values(kind: LetterKind, values: Mapping[str, object]) -> dict[str, str]:
    """Plain strings for every declared placeholder; a missing one is the module's mistake."""
    strings = {str(name): "" if value is None else str(value) for name, value in values.items()}
    missing = [name for name in kind.placeholders if name not in strings]
    if missing:
        raise ImproperlyConfigured(f"Letter {kind.key}: the context gives no value for {', '.join(missing)}.")
    return strings


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def render_letter_html(*, title: str, body: str, values: Mapping[str, str]) -> tuple[str, str]:
    """(the filled title, the letter's HTML). Values are filled as plain text and escaped once, by
    the layout's autoescape."""
    heading = " ".join(fill(title, values).split())
    html = render_to_string(
        LAYOUT,
        {
            "title": heading,
            "paragraphs": paragraphs(fill(body, values)),
            "office_name": settings.OFFICE_NAME,
            "office_address": list(settings.OFFICE_ADDRESS),
            "date": timezone.localdate(),
            "reference": values.get("reference", ""),
            "recipient_name": values.get("recipient_name", ""),
            "recipient_address": _lines(values.get("recipient_address", "")),
        },
    )
    return heading, html


def render_letter_pdf(*, title: str, body: str, values: Mapping[str, str]) -> tuple[str, bytes]:
    heading, html = render_letter_html(title=title, body=body, values=values)
    return heading, render_pdf(html=html, title=heading or "Letter", author=settings.OFFICE_NAME)


def letter_template_for(key: str) -> LetterTemplate:
    """The administrators' words for a letter kind, created from the module's defaults if missing."""
    kind = _kind(key)
    template, _ = LetterTemplate.objects.get_or_create(
        key=key, defaults={"name": kind.label, "title": kind.title, "body": kind.body}
    )
    return template


def letter_templates_ensure(*, using: str = "default") -> list[LetterTemplate]:
    """Create the template of every declared letter kind that has none (from its defaults); returns
    those created. Existing templates are never overwritten: administrators may have edited them.
    Runs after every `migrate`; a module may also call it from a data migration or its seeder."""
    existing = set(LetterTemplate.objects.using(using).values_list("key", flat=True))
    created = [
        LetterTemplate(key=kind.key, name=kind.label, title=kind.title, body=kind.body)
        for kind in letter_kinds()
        if kind.key not in existing
    ]
    for template in created:
        template.save(using=using)  # one by one, so each gets its history row
    return created


def letter_preview(template: LetterTemplate) -> tuple[str, bytes]:
    """The template as a PDF filled with the kind's sample values (or the placeholder names)."""
    kind = letter_kind(template.key)
    sample = dict(kind.sample()) if kind else {}
    names = kind.placeholders if kind else {}
    values = {name: f"[{name}]" for name in names} | {k: str(v) for k, v in sample.items()}
    return render_letter_pdf(title=template.title, body=template.body, values=values)


def letter_generate(*, key: str, owner: models.Model, by) -> Document:
    """Write the letter for `owner` and keep it as a Document on it (the kind's `document_kind`)."""
    kind = _kind(key)
    require_document_perm(by, owner, change=True)
    if kind.model is not None and not isinstance(owner, kind.model):
        raise ValidationError(
            f"The {kind.label} letter is written for {kind.model._meta.verbose_name_plural}."
        )
    with transaction.atomic():
        template = letter_template_for(key)
        values = _values(kind, kind.context(owner))
        _, data = render_letter_pdf(title=template.title, body=template.body, values=values)
        reference = values.get("reference") or f"{owner._meta.model_name}-{owner.pk}"
        return document_add_bytes(
            owner=owner, data=data, name=f"{reference}-{key}.pdf", kind=kind.document_kind, by=by
        )
