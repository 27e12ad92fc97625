"""Answering a subject access request (UK GDPR Art. 15): find, confirm, build, redact, release.

The request is any record that says `is_subject_access` (engagement's SAR case; core never names
the module). Whoever may add documents to it may answer it (its documents registration: for a case,
access to engagement and `engagement.record_engagement`), because the bundle is kept there. Each
step is checked here, runs in a transaction with the request locked (two officers at once are
serialised) and is recorded in the audit trail against the request, with counts and keys only.

A bundle is built by a Celery task as a DRAFT (third parties' details marked), checked by the
officer, then released: rebuilt with the ticked details withheld; the draft's files are deleted.
A released bundle is final: a change after it means a new bundle.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.documents import sniffing
from opcc.core.documents.models import Document
from opcc.core.documents.registry import require_document_perm
from opcc.core.documents.services import document_add_bytes, document_delete
from opcc.privacy import bundle as content
from opcc.privacy import registry
from opcc.privacy.models import BundleStatus, DisclosureBundle, DisclosureMatch
from opcc.privacy.search import SearchGroup, find_person

logger = logging.getLogger(__name__)

DOCUMENT_KIND = "Disclosure bundle"
IN_HAND = (BundleStatus.BUILDING, BundleStatus.RELEASING)
SEARCH_FIELDS = ("name", "email", "phone", "postcode", "reference")


# --- who may, and on what -------------------------------------------------------------------------


def require_officer(by, request: models.Model) -> None:
    """PermissionDenied unless `by` may answer `request`; ValidationError if it is not a SAR."""
    try:
        require_document_perm(by, request, change=True)
    except PermissionDenied:
        raise PermissionDenied(
            "Only office staff who record correspondence answer subject access requests."
        ) from None
    if not getattr(request, "is_subject_access", False):
        raise ValidationError("Only a subject access request can have records found and disclosed.")


def may_answer(user, request: models.Model) -> bool:
    try:
        require_officer(user, request)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _of(request: models.Model) -> dict:
    return {"request_type": ContentType.objects.get_for_model(request), "request_id": request.pk}


def matches_for(request: models.Model) -> models.QuerySet[DisclosureMatch]:
    return DisclosureMatch.objects.filter(**_of(request)).select_related("confirmed_by")


def bundles_for(request: models.Model) -> models.QuerySet[DisclosureBundle]:
    return DisclosureBundle.objects.filter(**_of(request)).order_by("-requested_at", "-pk")


def request_of(item: DisclosureMatch | DisclosureBundle) -> models.Model:
    """The request a match or bundle belongs to (a generic reference: checked, never None)."""
    request = item.request
    if request is None:
        raise ValidationError("The subject access request no longer exists.")
    return request


def _lock(request: models.Model) -> None:
    type(request)._default_manager.select_for_update().filter(pk=request.pk).first()


def _refuse_in_hand(request: models.Model) -> None:
    if bundles_for(request).filter(status__in=IN_HAND).exists():
        raise ValidationError("A bundle is being built: wait until it is ready, then try again.")


def _audit(action: str, *, request: models.Model, by, http_request=None, **detail) -> None:
    audit_record(action=action, request=http_request, user=by, target=request, detail=detail)


# --- finding and confirming -----------------------------------------------------------------------


def subject_access_search(
    *, request: models.Model, by, criteria: dict[str, str], http_request=None
) -> list[SearchGroup]:
    """Every source, whatever the officer's own module access (recorded as such in the trail)."""
    require_officer(by, request)
    asked = {key: str(criteria.get(key) or "") for key in SEARCH_FIELDS}
    groups = find_person(
        name=asked["name"], email=asked["email"], phone=asked["phone"],
        postcode=asked["postcode"], reference=asked["reference"],
    )  # fmt: skip
    _audit(
        Action.SUBJECT_ACCESS_SEARCHED,
        request=request,
        by=by,
        http_request=http_request,
        searched_on=[key for key, value in asked.items() if value.strip()],
        results={g.source: len(g.results) for g in groups},
        across_every_module=True,
    )
    return groups


def match_confirm(*, request: models.Model, source_key: str, object_id: int | str, by) -> DisclosureMatch:
    """Confirm a record is about the requester; the same record twice is refused, never doubled."""
    require_officer(by, request)
    try:
        source = registry.source(str(source_key))
        obj = source.model_class._default_manager.filter(pk=int(object_id)).first()
    except (LookupError, TypeError, ValueError):
        raise ValidationError("Choose a record from the search results.") from None
    if obj is None:
        raise ValidationError("That record no longer exists: search again.")
    with transaction.atomic():
        _lock(request)
        _refuse_in_hand(request)
        try:
            with transaction.atomic():
                match = DisclosureMatch.objects.create(
                    **_of(request),
                    source=source.key,
                    content_type=ContentType.objects.get_for_model(obj),
                    object_id=obj.pk,
                    record_label=source.label_for(obj)[:200],
                    confirmed_by=by,
                    confirmed_at=timezone.now(),
                )
        except IntegrityError:
            raise ValidationError("That record is already confirmed as the requester's.") from None
        _audit(Action.DISCLOSURE_MATCH_CONFIRMED, request=request, by=by, source=source.key, record=obj.pk)
    return match


def match_remove(*, match: DisclosureMatch, by) -> None:
    request = request_of(match)
    require_officer(by, request)
    with transaction.atomic():
        _lock(request)
        _refuse_in_hand(request)
        deleted, _ = DisclosureMatch.objects.filter(pk=match.pk).delete()
        if not deleted:
            raise ValidationError("That record was already removed.")
        _audit(
            Action.DISCLOSURE_MATCH_REMOVED,
            request=request,
            by=by,
            source=match.source,
            record=match.object_id,
        )


# --- the bundle ---------------------------------------------------------------------------------


def bundle_request(*, request: models.Model, by) -> DisclosureBundle:
    """Queue a draft bundle of the confirmed records, third parties' details proposed for withholding."""
    from opcc.privacy.tasks import build_disclosure_bundle

    require_officer(by, request)
    with transaction.atomic():
        _lock(request)
        _refuse_in_hand(request)
        matches = list(matches_for(request))
        if not matches:
            raise ValidationError(
                "Confirm at least one record as the requester's before building the bundle."
            )
        proposed = sorted(d.key for d in content.third_party_details(matches))
        bundle = DisclosureBundle.objects.create(
            **_of(request), requested_by=by, requested_at=timezone.now(), redactions=proposed
        )
        _audit(Action.BUNDLE_REQUESTED, request=request, by=by, bundle=bundle.pk, records=len(matches))
        transaction.on_commit(lambda: build_disclosure_bundle.delay(bundle.pk))
    return bundle


def _latest(bundle: DisclosureBundle) -> None:
    newest = bundles_for(request_of(bundle)).values_list("pk", flat=True).first()
    if newest != bundle.pk:
        raise ValidationError("A newer bundle has been built for this request: use that one.")


def _draft_only(bundle: DisclosureBundle) -> None:
    if bundle.status == BundleStatus.RELEASED:
        raise ValidationError("This bundle has been released and is final: build a new bundle to change it.")
    if bundle.status != BundleStatus.DRAFT:
        raise ValidationError("This bundle is not a draft ready to check: wait until it is built.")


def bundle_set_redactions(*, bundle: DisclosureBundle, redactions: Iterable[str], by) -> DisclosureBundle:
    """Which third parties' details to withhold: only details of this bundle's records may be ticked."""
    require_officer(by, request_of(bundle))
    with transaction.atomic():
        locked = DisclosureBundle.objects.select_for_update().get(pk=bundle.pk)
        _draft_only(locked)
        _latest(locked)
        allowed = {d.key for d in content.third_party_details(matches_for(request_of(locked)))}
        chosen = sorted(set(redactions))
        if not set(chosen) <= allowed:
            raise ValidationError({"redactions": "Tick only third parties' details listed on this page."})
        locked.redactions = chosen
        locked.save(update_fields=["redactions"])
    return locked


def _matches_changed(bundle: DisclosureBundle) -> bool:
    matches = matches_for(request_of(bundle))
    return (
        matches.count() != bundle.record_count
        or matches.filter(confirmed_at__gt=bundle.requested_at).exists()
    )


def bundle_release(*, bundle: DisclosureBundle, by) -> DisclosureBundle:
    """Rebuild the checked draft with the ticked details withheld, and mark it released (a task)."""
    from opcc.privacy.tasks import build_disclosure_bundle

    require_officer(by, request_of(bundle))
    with transaction.atomic():
        _lock(request_of(bundle))
        locked = DisclosureBundle.objects.select_for_update().get(pk=bundle.pk)
        _draft_only(locked)
        _latest(locked)
        if _matches_changed(locked):
            raise ValidationError(
                "The confirmed records changed after this draft was built: build the bundle again."
            )
        locked.status = BundleStatus.RELEASING
        locked.released_by = by
        locked.error = ""
        locked.save(update_fields=["status", "released_by", "error"])
        transaction.on_commit(lambda: build_disclosure_bundle.delay(locked.pk))
    return locked


def bundle_build(*, bundle_id: int) -> DisclosureBundle | None:
    """The task body: write the PDF and JSON as documents on the request. A draft build that fails
    is marked failed (a new one may be requested); a release that fails goes back to the draft."""
    started = time.monotonic()
    try:
        with transaction.atomic():
            bundle = DisclosureBundle.objects.select_for_update().filter(pk=bundle_id).first()
            if bundle is None or bundle.status not in IN_HAND:
                return bundle  # already built (a retried task) or gone
            _write(bundle, started=started)
    except Exception as exc:
        logger.exception("Disclosure bundle %s could not be built", bundle_id)
        _failed(bundle_id, exc)
        return DisclosureBundle.objects.filter(pk=bundle_id).first()
    action = Action.BUNDLE_RELEASED if bundle.status == BundleStatus.RELEASED else Action.BUNDLE_BUILT
    by = bundle.released_by if action == Action.BUNDLE_RELEASED else bundle.requested_by
    _audit(action, request=request_of(bundle), by=by, bundle=bundle.pk, records=bundle.record_count,
           withheld=len(bundle.redactions) if action == Action.BUNDLE_RELEASED else 0,
           seconds=round(bundle.build_seconds or 0, 2))  # fmt: skip
    return bundle


def _write(bundle: DisclosureBundle, *, started: float) -> None:
    request = request_of(bundle)
    releasing = bundle.status == BundleStatus.RELEASING
    by = bundle.released_by if releasing else bundle.requested_by
    matches = list(matches_for(request))
    now = timezone.now()
    what = content.Content(
        title=f"Subject access disclosure: {getattr(request, 'reference', request.pk)}",
        request=str(request),
        released=releasing,
        built_at=now,
        records=content.collect(matches, redactions=bundle.redactions, released=releasing),
    )
    pdf, data = content.render_bundle_pdf(what), content.render_json(what)
    stem = f"{getattr(request, 'reference', 'request')}-disclosure-{'released' if releasing else 'draft'}"
    drafts = [d for d in (bundle.pdf, bundle.json) if d is not None]
    if releasing:  # earlier drafts show third parties' details too: they go with the release
        older_drafts = bundles_for(request).exclude(pk=bundle.pk).exclude(status=BundleStatus.RELEASED)
        for older in older_drafts.select_related("pdf", "json"):
            drafts += [d for d in (older.pdf, older.json) if d is not None and not d.is_deleted]
    bundle.pdf = document_add_bytes(owner=request, data=pdf, name=f"{stem}.pdf", kind=DOCUMENT_KIND, by=by)
    bundle.json = document_add_bytes(
        owner=request, data=data, name=f"{stem}.json", kind=DOCUMENT_KIND, by=by, file_type=sniffing.JSON
    )
    for draft in drafts:  # the draft shows third parties' details: it goes once the release exists
        document_delete(
            document=draft, by=by, reason="Replaced by the released disclosure bundle.", own_page=True
        )
    bundle.status = BundleStatus.RELEASED if releasing else BundleStatus.DRAFT
    bundle.built_at = now
    bundle.released_at = now if releasing else None
    bundle.record_count = len(matches)
    bundle.build_seconds = time.monotonic() - started
    bundle.save()


def _failed(bundle_id: int, exc: Exception) -> None:
    with transaction.atomic():
        bundle = DisclosureBundle.objects.select_for_update().filter(pk=bundle_id).first()
        if bundle is None:
            return
        if bundle.status == BundleStatus.RELEASING:
            bundle.status, bundle.released_by = BundleStatus.DRAFT, None
            bundle.error = f"The release could not be built ({type(exc).__name__}): try again."
        else:
            bundle.status = BundleStatus.FAILED
            bundle.error = f"The bundle could not be built ({type(exc).__name__}): build it again."
        bundle.save(update_fields=["status", "released_by", "error"])


def bundle_file(*, bundle: DisclosureBundle, file_format: str, by, http_request=None) -> Document:
    """The bundle's PDF or JSON for download, recorded in the audit trail."""
    require_officer(by, request_of(bundle))
    document = {"pdf": bundle.pdf, "json": bundle.json}.get(file_format)
    if document is None or document.is_deleted:
        raise ValidationError("That file is not ready: wait until the bundle is built.")
    _audit(Action.BUNDLE_DOWNLOADED, request=request_of(bundle), by=by, http_request=http_request,
           bundle=bundle.pk, format=file_format, status=bundle.status)  # fmt: skip
    return document
