"""What modules declare: the models that hold documents, and the letters they write.

Core never imports a domain app, so a module tells core about its models here, once, from its
AppConfig.ready() (or its models module):

    register_attachable(Review, view_perm="core.access_complaints",
                        change_perm="core.access_complaints", kinds=["Evidence", "Letter"])
    register_letter(key="complaints.acknowledgement", label="Acknowledgement", placeholders={...},
                    context=ack_context, sample=ack_sample, title="...", body="...", model=Review)

Every permission check on a document goes through the owner's registration: an owner type nobody
registered is refused (`NotAttachable`), so a new model never gets documents by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models

from opcc.core.documents.placeholders import KEY_PATTERN, check_text

# A permission: "app.codename", several that must all be held, or a function (user, owner) -> bool
# for a module whose rule depends on the record (e.g. only the assigned reviewer).
Perm = str | Sequence[str] | Callable[[Any, models.Model], bool]
KIND_MAX = 50


class NotAttachable(PermissionDenied):
    """Documents were asked of a model no module registered with `register_attachable`."""


def _label(model_or_obj: type[models.Model] | models.Model) -> str:
    return model_or_obj._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]


def _holds(user, perm: Perm, owner: models.Model) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    if isinstance(perm, str):
        return bool(user.has_perm(perm))
    if callable(perm):
        return bool(perm(user, owner))
    return bool(user.has_perms(tuple(perm)))


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    view_perm: Perm
    change_perm: Perm
    kinds: tuple[str, ...]
    # Kinds a module's own pages serve (a disclosure bundle): never uploaded, listed, downloaded
    # or deleted through the documents panel, where the owner's view permission is all it takes.
    own_page_kinds: frozenset[str] = frozenset()

    @property
    def upload_kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in self.kinds if kind not in self.own_page_kinds)

    def can_view(self, user, owner: models.Model) -> bool:
        return _holds(user, self.view_perm, owner)

    def can_change(self, user, owner: models.Model) -> bool:
        """Adding and deleting need both: nobody changes what they may not see."""
        return self.can_view(user, owner) and _holds(user, self.change_perm, owner)


_ATTACHABLE: dict[str, Attachable] = {}


def register_attachable(
    model: type[models.Model],
    *,
    view_perm: Perm,
    change_perm: Perm,
    kinds: Iterable[str],
    own_page_kinds: Iterable[str] = (),
) -> Attachable:
    """Let `model` hold documents of the given kinds (the labels offered in the upload form).

    Registering a model again replaces its registration. The model needs an integer primary key
    (documents store it as a number) and `get_absolute_url()` (where an upload returns to).
    """
    model = model._meta.concrete_model  # type: ignore[assignment]
    kinds = tuple(dict.fromkeys(str(kind).strip() for kind in kinds))
    if not kinds or any(not kind or len(kind) > KIND_MAX for kind in kinds):
        raise ImproperlyConfigured(
            f"{model._meta.label}: give one or more kinds of at most {KIND_MAX} characters."
        )
    if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField):
        raise ImproperlyConfigured(f"{model._meta.label}: documents need an integer primary key.")
    if not hasattr(model, "get_absolute_url"):
        raise ImproperlyConfigured(f"{model._meta.label}: documents need get_absolute_url() to return to.")
    own = frozenset(own_page_kinds)
    if not own <= set(kinds):
        raise ImproperlyConfigured(f"{model._meta.label}: own-page kinds must be among the kinds.")
    registration = Attachable(
        model=model, view_perm=view_perm, change_perm=change_perm, kinds=kinds, own_page_kinds=own
    )
    _ATTACHABLE[_label(model)] = registration
    return registration


def unregister_attachable(model: type[models.Model]) -> None:
    """For tests: forget a registration (its documents are then refused, not lost)."""
    _ATTACHABLE.pop(_label(model), None)


def attachable_for(model_or_obj: type[models.Model] | models.Model) -> Attachable:
    """The registration of a model (or of an object's model); `NotAttachable` if there is none."""
    try:
        return _ATTACHABLE[_label(model_or_obj)]
    except KeyError:
        raise NotAttachable(f"Documents cannot be attached to {model_or_obj._meta.verbose_name}.") from None


def attachable_by_label(label: str) -> Attachable | None:
    """The registration for "app_label.model_name" (as in URLs), or None."""
    return _ATTACHABLE.get(label.lower())


def require_document_perm(user, owner: models.Model, *, change: bool = False) -> Attachable:
    """PermissionDenied unless `user` may see (or, with `change`, add to) the owner's documents."""
    registration = attachable_for(owner)
    allowed = registration.can_change(user, owner) if change else registration.can_view(user, owner)
    if not allowed:
        action = "change" if change else "see"
        raise PermissionDenied(f"You do not have permission to {action} the documents of this record.")
    return registration


# --- letters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterKind:
    """A letter a module writes. `context(owner)` and `sample()` give plain strings for the
    declared placeholders (plus, optionally, `recipient_name` and `recipient_address` for the
    address block); `title` and `body` are the defaults an administrator may then edit."""

    key: str
    label: str
    placeholders: Mapping[str, str]
    context: Callable[[models.Model], Mapping[str, str]]
    sample: Callable[[], Mapping[str, str]]
    title: str
    body: str
    document_kind: str = "Letter"
    model: type[models.Model] | None = None


_LETTERS: dict[str, LetterKind] = {}


def register_letter(
    *,
    key: str,
    label: str,
    placeholders: Mapping[str, str],
    context: Callable[[models.Model], Mapping[str, str]],
    sample: Callable[[], Mapping[str, str]],
    title: str,
    body: str,
    document_kind: str = "Letter",
    model: type[models.Model] | None = None,
) -> LetterKind:
    """Declare a letter kind; its default title and body must use only its placeholders."""
    if not KEY_PATTERN.fullmatch(key):
        raise ImproperlyConfigured(f'Letter key "{key}": write it as "module.letter_name" (lower case).')
    kind = LetterKind(
        key=key,
        label=label,
        placeholders=dict(placeholders),
        context=context,
        sample=sample,
        title=title,
        body=body,
        document_kind=document_kind,
        model=model,
    )
    for text in (title, body):
        problems = check_text(text, kind.placeholders)
        if problems:
            raise ImproperlyConfigured(f"Letter {key}: {problems[0]}")
    _LETTERS[key] = kind
    return kind


def unregister_letter(key: str) -> None:
    _LETTERS.pop(key, None)


def letter_kind(key: str) -> LetterKind | None:
    return _LETTERS.get(key)


def letter_kinds() -> list[LetterKind]:
    return sorted(_LETTERS.values(), key=lambda kind: kind.key)
