"""Subject access (ADR 0018): matches only on SAR cases, who may, what the bundle holds and withholds,
the audit trail, and a build whose queries do not grow with the records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Case
from opcc.audit.models import AccessEvent, Action
from opcc.core import roles
from opcc.core.documents.services import document_add_bytes
from opcc.privacy import disclosure
from opcc.privacy.bundle import WITHHELD
from opcc.privacy.models import BundleStatus, DisclosureBundle, DisclosureMatch
from tests.core.pdf_checks import assert_accessible_pdf
from tests.engagement.case_support import walk_case
from tests.grants.factories import OrganisationFactory
from tests.privacy.test_disclosure_support import (
    EMAIL,
    NAME,
    REPRESENTATIVE,
    key_of,
    pdf_bytes,
    pdf_text,
    read_json,
    seed_person,
)
from tests.volunteers.conftest import build_volunteer

pytestmark = pytest.mark.django_db
OTHER_ROLES = [r for r in roles.ROLES if r != roles.OFFICE_STAFF]


@pytest.fixture(autouse=True)
def _sar_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sar_officer(make_user):
    return make_user(roles.OFFICE_STAFF, first_name="Sam", last_name="Officer")


@pytest.fixture
def sar_person(sar_officer):
    return seed_person(by=sar_officer)


def confirm_all(person, by) -> list[DisclosureMatch]:
    return [
        disclosure.match_confirm(request=person.sar, source_key=key_of(obj)[0], object_id=obj.pk, by=by)
        for obj in person.mine
    ]


def build(request, by, django_capture_on_commit_callbacks) -> DisclosureBundle:
    with django_capture_on_commit_callbacks(execute=True):
        bundle = disclosure.bundle_request(request=request, by=by)
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DRAFT, bundle.error
    return bundle


def release(bundle, by, django_capture_on_commit_callbacks) -> DisclosureBundle:
    with django_capture_on_commit_callbacks(execute=True):
        disclosure.bundle_release(bundle=bundle, by=by)
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.RELEASED, bundle.error
    return bundle


# --- only SAR cases, only office staff ----------------------------------------------------------


def test_matches_and_bundles_only_on_a_subject_access_request(client, sar_officer, sar_person):
    general = walk_case("received", by=sar_officer)
    record = sar_person.mine[1]
    with pytest.raises(ValidationError, match="Only a subject access request"):
        disclosure.match_confirm(
            request=general, source_key=key_of(record)[0], object_id=record.pk, by=sar_officer
        )
    with pytest.raises(ValidationError, match="Only a subject access request"):
        disclosure.bundle_request(request=general, by=sar_officer)
    assert not DisclosureMatch.objects.exists()
    client.force_login(sar_officer)
    response = client.get(reverse("engagement:sar_find", args=[general.pk]))
    assert response.status_code == 302 and response.url == general.get_absolute_url()
    sar_page = client.get(sar_person.sar.get_absolute_url()).content.decode()
    assert reverse("engagement:sar_find", args=[sar_person.sar.pk]) in sar_page
    assert (
        reverse("engagement:sar_find", args=[general.pk])
        not in client.get(general.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("role", [*OTHER_ROLES, None])
def test_no_one_but_office_staff_may_search_confirm_or_build(
    client, make_user, sar_officer, sar_person, role
):
    user = make_user(*([role] if role else []))
    [match] = confirm_all(type(sar_person)(sar=sar_person.sar, mine=sar_person.mine[:1]), sar_officer)
    bundle = disclosure.bundle_request(request=sar_person.sar, by=sar_officer)
    calls = [
        lambda: disclosure.subject_access_search(request=sar_person.sar, by=user, criteria={"name": NAME}),
        lambda: disclosure.match_confirm(request=sar_person.sar, source_key="grants.organisation",
                                         object_id=sar_person.mine[3].pk, by=user),
        lambda: disclosure.match_remove(match=match, by=user),
        lambda: disclosure.bundle_request(request=sar_person.sar, by=user),
        lambda: disclosure.bundle_set_redactions(bundle=bundle, redactions=[], by=user),
        lambda: disclosure.bundle_release(bundle=bundle, by=user),
        lambda: disclosure.bundle_file(bundle=bundle, file_format="pdf", by=user),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    client.force_login(user)
    pk = sar_person.sar.pk
    for url in [
        reverse("engagement:sar_find", args=[pk]),
        reverse("engagement:sar_bundle", args=[pk, bundle.pk]),
    ]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("engagement:sar_build", args=[pk])).status_code == 403
    assert DisclosureMatch.objects.count() == 1 and DisclosureBundle.objects.count() == 1


def test_office_staff_may_all_of_it(client, sar_officer, sar_person, django_capture_on_commit_callbacks):
    client.force_login(sar_officer)
    pk = sar_person.sar.pk
    page = client.get(reverse("engagement:sar_find", args=[pk]))
    assert page.status_code == 200
    assert f'value="{NAME}"' in page.content.decode() and 'value="B15 2TT"' in page.content.decode()
    results = client.get(
        reverse("engagement:sar_find", args=[pk]), {"name": NAME, "email": EMAIL, "search": "1"}
    )
    html = results.content.decode()
    for obj in sar_person.mine:
        assert f'data-sar-confirm="{".".join(map(str, key_of(obj)))}"' in html, obj
    record = sar_person.mine[3]
    confirmed = client.post(
        reverse("engagement:sar_confirm", args=[pk]),
        {"source": "grants.organisation", "object_id": record.pk, "query": f"name={NAME}&search=1&evil=1"},
    )
    assert confirmed.status_code == 302 and confirmed.url.endswith("?name=Morgan+Quill&search=1")
    match = DisclosureMatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        built = client.post(reverse("engagement:sar_build", args=[pk]))
    bundle = DisclosureBundle.objects.get()
    assert built.url == reverse("engagement:sar_bundle", args=[pk, bundle.pk])
    page = client.get(built.url).content.decode()
    assert "Draft: check redactions" in page and 'data-bundle-file="json"' in page
    assert client.get(reverse("engagement:sar_redactions", args=[pk, bundle.pk])).status_code == 200
    for fmt, mime in (("pdf", "application/pdf"), ("json", "application/json")):
        download = client.get(reverse("engagement:sar_download", args=[pk, bundle.pk, fmt]))
        assert download.status_code == 200 and download["Content-Type"] == mime
        assert download["Content-Disposition"].endswith(f'-disclosure-draft.{fmt}"')
    assert client.get(reverse("engagement:sar_download", args=[pk, bundle.pk, "exe"])).status_code == 404
    # A match cannot be removed through another case's address.
    other = walk_case("received", by=sar_officer, category="Subject access")
    client.post(reverse("engagement:sar_remove", args=[other.pk, match.pk]))
    assert DisclosureMatch.objects.filter(pk=match.pk).exists()
    client.post(reverse("engagement:sar_remove", args=[pk, match.pk]))
    assert not DisclosureMatch.objects.exists()


# --- confirming ---------------------------------------------------------------------------------


def test_the_same_record_confirmed_twice_is_refused_not_doubled(client, sar_officer, sar_person):
    record = sar_person.mine[2]
    disclosure.match_confirm(
        request=sar_person.sar, source_key="volunteers.volunteer", object_id=record.pk, by=sar_officer
    )
    with pytest.raises(ValidationError, match="already confirmed"):
        disclosure.match_confirm(
            request=sar_person.sar, source_key="volunteers.volunteer", object_id=record.pk, by=sar_officer
        )
    client.force_login(sar_officer)
    again = client.post(reverse("engagement:sar_confirm", args=[sar_person.sar.pk]),
                        {"source": "volunteers.volunteer", "object_id": record.pk}, follow=True)  # fmt: skip
    assert again.status_code == 200 and "already confirmed" in again.content.decode()
    assert DisclosureMatch.objects.count() == 1


@pytest.mark.parametrize(
    ("source", "object_id", "message"),
    [("nope.nothing", 1, "Choose a record"), ("grants.organisation", "x'; --", "Choose a record"),
     ("grants.organisation", 999999, "no longer exists"), ("", "", "Choose a record")],
)  # fmt: skip
def test_bad_confirmations_get_a_message(client, sar_officer, sar_person, source, object_id, message):
    client.force_login(sar_officer)
    response = client.post(reverse("engagement:sar_confirm", args=[sar_person.sar.pk]),
                           {"source": source, "object_id": object_id}, follow=True)  # fmt: skip
    assert response.status_code == 200 and message in response.content.decode()
    assert not DisclosureMatch.objects.exists()


def test_a_search_with_nothing_to_search_on_says_what_to_enter(client, sar_officer, sar_person):
    client.force_login(sar_officer)
    response = client.get(
        reverse("engagement:sar_find", args=[sar_person.sar.pk]), {"name": "x", "search": "1"}
    )
    assert response.status_code == 200 and "Enter a name" in response.content.decode()


# --- the bundle ---------------------------------------------------------------------------------


def test_the_bundle_lists_every_confirmed_record_and_nothing_else(
    sar_officer, sar_person, django_capture_on_commit_callbacks
):
    confirm_all(sar_person, sar_officer)
    document_add_bytes(owner=sar_person.mine[0], data=b"%PDF-1.4 letter", name="Incoming.pdf",
                       kind="Incoming letter", by=sar_officer)  # fmt: skip
    bundle = build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks)
    assert bundle.record_count == 4 and bundle.build_seconds > 0
    data = read_json(bundle.json)
    assert data["status"] == "draft" and data["record_count"] == 4
    assert {(r["source"], r["object_id"]) for r in data["records"]} == {key_of(o) for o in sar_person.mine}
    review = next(r for r in data["records"] if r["source"] == "complaints.review")
    fields = {f["name"]: f for f in review["fields"]}
    assert fields["complainant_name"]["value"] == NAME
    assert fields["reasonable_adjustments"]["special_category"] is True
    assert (
        fields["representative_name"]["marked"] is True
        and fields["representative_name"]["value"] == REPRESENTATIVE
    )
    assert fields["received_on"]["raw"][:4].isdigit() and "-" in fields["received_on"]["raw"]  # ISO
    assert review["history"] and review["history"][-1]["action"] == "Created"
    case = next(r for r in data["records"] if r["source"] == "engagement.case")
    assert [d["name"] for d in case["documents"]] == ["Incoming.pdf"] and case["documents"][0]["size"] == 15
    pdf = pdf_bytes(bundle.pdf)
    assert_accessible_pdf(pdf, title=f"Subject access disclosure: {sar_person.sar.reference}")
    text = pdf_text(pdf)
    for needle in (
        "Quill Community Trust",
        "Large print letters",
        "(special category)",
        "Incoming.pdf",
        "Draft",
    ):
        assert needle in text, needle
    for stranger in ("Dana Stranger", "Other Trust", "dana@example.net"):
        assert stranger not in text and stranger not in bundle.json.file.open("rb").read().decode()
    assert bundle.pdf.kind == bundle.json.kind == "Disclosure bundle"
    assert bundle.json.download_name.endswith(".json")


def test_release_withholds_the_ticked_details_and_is_final(
    sar_officer, sar_person, django_capture_on_commit_callbacks
):
    confirm_all(sar_person, sar_officer)
    bundle = build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks)
    proposed = list(bundle.redactions)
    assert proposed and all(key.endswith(".representative_name") for key in proposed)
    with pytest.raises(ValidationError):
        disclosure.bundle_set_redactions(
            bundle=bundle, redactions=[*proposed, "1.1.complainant_name"], by=sar_officer
        )
    disclosure.bundle_set_redactions(bundle=bundle, redactions=proposed, by=sar_officer)
    drafts = [bundle.pdf, bundle.json]
    bundle = release(bundle, sar_officer, django_capture_on_commit_callbacks)
    data = read_json(bundle.json)
    review = next(r for r in data["records"] if r["source"] == "complaints.review")
    fields = {f["name"]: f for f in review["fields"]}
    assert (
        fields["representative_name"] | {"value": WITHHELD, "withheld": True, "raw": None}
        == fields["representative_name"]
    )
    assert fields["complainant_name"]["value"] == NAME
    text = pdf_text(pdf_bytes(bundle.pdf))
    assert REPRESENTATIVE not in text and REPRESENTATIVE not in bundle.json.file.open("rb").read().decode()
    assert "Withheld: third party" in text and "Draft" not in text
    for draft in drafts:
        draft.refresh_from_db()
        assert draft.is_deleted and not draft.file
    for change in (
        lambda: disclosure.bundle_set_redactions(bundle=bundle, redactions=[], by=sar_officer),
        lambda: disclosure.bundle_release(bundle=bundle, by=sar_officer),
    ):
        with pytest.raises(ValidationError, match="released and is final"):
            change()


def test_a_bundle_refused_with_nothing_confirmed_or_one_already_building(sar_officer, sar_person):
    with pytest.raises(ValidationError, match="Confirm at least one record"):
        disclosure.bundle_request(request=sar_person.sar, by=sar_officer)
    confirm_all(sar_person, sar_officer)
    disclosure.bundle_request(request=sar_person.sar, by=sar_officer)  # on_commit never runs: still building
    with pytest.raises(ValidationError, match="being built"):
        disclosure.bundle_request(request=sar_person.sar, by=sar_officer)
    with pytest.raises(ValidationError, match="being built"):
        disclosure.match_remove(match=DisclosureMatch.objects.first(), by=sar_officer)
    assert DisclosureBundle.objects.count() == 1


def test_a_draft_whose_records_changed_cannot_be_released(
    sar_officer, sar_person, django_capture_on_commit_callbacks
):
    matches = confirm_all(sar_person, sar_officer)
    bundle = build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks)
    disclosure.match_remove(match=matches[0], by=sar_officer)
    with pytest.raises(ValidationError, match="changed after this draft"):
        disclosure.bundle_release(bundle=bundle, by=sar_officer)
    newer = build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="newer bundle"):
        disclosure.bundle_release(bundle=bundle, by=sar_officer)
    assert release(newer, sar_officer, django_capture_on_commit_callbacks).record_count == 3
    bundle.refresh_from_db()  # the older draft showed the third parties' details too: gone with the release
    assert bundle.pdf.is_deleted and bundle.json.is_deleted


def test_bundle_files_are_served_only_by_the_subject_access_pages(
    sar_officer, sar_person, client_as, django_capture_on_commit_callbacks
):
    """Not listed, downloaded, deleted or uploaded through the case's documents panel, where
    reading the case is all it takes (the Administrator reads cases, not every module's records)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opcc.core.documents.services import document_add, document_delete

    confirm_all(sar_person, sar_officer)
    bundle = build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks)
    for role in (roles.OFFICE_STAFF, roles.ADMINISTRATOR):
        client = client_as(role)
        for document in (bundle.pdf, bundle.json):
            assert client.get(reverse("core:document_download", args=[document.pk])).status_code == 404
        page = client.get(sar_person.sar.get_absolute_url()).content.decode()
        assert bundle.pdf.original_name not in page
    with pytest.raises(ValidationError, match="own page"):
        document_delete(document=bundle.pdf, by=sar_officer, reason="Tidying up")
    upload = SimpleUploadedFile("bundle.pdf", b"%PDF-1.4\n%fake\n", content_type="application/pdf")
    with pytest.raises(ValidationError, match="kind of document"):
        document_add(owner=sar_person.sar, upload=upload, kind="Disclosure bundle", by=sar_officer)
    served = client_as(roles.OFFICE_STAFF).get(
        reverse("engagement:sar_download", args=[sar_person.sar.pk, bundle.pk, "pdf"])
    )
    assert served.status_code == 200


def test_a_build_that_fails_is_marked_failed_and_may_be_asked_again(
    sar_officer, sar_person, monkeypatch, django_capture_on_commit_callbacks
):
    confirm_all(sar_person, sar_officer)

    def broken(content):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(disclosure.content, "render_bundle_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        bundle = disclosure.bundle_request(request=sar_person.sar, by=sar_officer)
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.FAILED and "RuntimeError" in bundle.error and bundle.pdf is None
    monkeypatch.undo()
    assert build(sar_person.sar, sar_officer, django_capture_on_commit_callbacks).status == BundleStatus.DRAFT


# --- the audit trail ----------------------------------------------------------------------------


def test_search_confirm_build_release_and_download_are_audited(
    client, sar_officer, sar_person, django_capture_on_commit_callbacks
):
    client.force_login(sar_officer)
    pk = sar_person.sar.pk
    client.get(reverse("engagement:sar_find", args=[pk]), {"name": NAME, "email": EMAIL, "search": "1"})
    for obj in sar_person.mine:
        src, object_id = key_of(obj)
        client.post(reverse("engagement:sar_confirm", args=[pk]), {"source": src, "object_id": object_id})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("engagement:sar_build", args=[pk]))
    bundle = DisclosureBundle.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("engagement:sar_release", args=[pk, bundle.pk]))
    client.get(reverse("engagement:sar_download", args=[pk, bundle.pk, "pdf"]))
    events = AccessEvent.objects.filter(object_type="engagement.case", object_id=str(pk))
    actions = list(events.order_by("pk").values_list("action", flat=True))
    wanted = [Action.SUBJECT_ACCESS_SEARCHED, *[Action.DISCLOSURE_MATCH_CONFIRMED] * 4, Action.BUNDLE_REQUESTED,
              Action.BUNDLE_BUILT, Action.BUNDLE_RELEASED, Action.BUNDLE_DOWNLOADED]  # fmt: skip
    assert [a for a in actions if a in wanted] == wanted
    searched = events.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert searched.user == sar_officer and searched.detail["searched_on"] == ["name", "email"]
    assert NAME not in str(searched.detail) and EMAIL not in str(searched.detail)
    assert searched.detail["results"]["grants.organisation"] >= 1
    assert events.get(action=Action.BUNDLE_DOWNLOADED).detail["format"] == "pdf"


# --- cost ---------------------------------------------------------------------------------------


def _bundle_of(n: int, by) -> DisclosureBundle:
    sar = walk_case("in_progress", by=by, category="Subject access")
    records = [
        *(OrganisationFactory(contact_name=f"Person {i}") for i in range(n)),
        *(build_volunteer("icv", trained=False) for _ in range(n)),
        *(walk_case("received", by=by) for _ in range(n)),
    ]
    for obj in records:
        if isinstance(obj, Case):
            document_add_bytes(owner=obj, data=b"%PDF-1.4 x", name="a.pdf", kind="Other", by=by)
        disclosure.match_confirm(request=sar, source_key=key_of(obj)[0], object_id=obj.pk, by=by)
    return disclosure.bundle_request(request=sar, by=by)


def test_the_build_costs_the_same_queries_for_2_or_10_records_per_source(sar_officer):
    counts = []
    for n in (2, 10):
        bundle = _bundle_of(n, sar_officer)
        with CaptureQueriesContext(connection) as queries:
            built = disclosure.bundle_build(bundle_id=bundle.pk)
        assert built.status == BundleStatus.DRAFT and built.record_count == 3 * n, built.error
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
