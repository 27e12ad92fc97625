"""One person held in four modules, and a SAR case asking for it (tests/privacy/test_disclosure*.py,
tests/e2e/test_subject_access_journey.py). Records of someone else sit beside each one."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from django.db import models
from pypdf import PdfReader

from engagement.models import Case
from opcc.core.documents.models import Document
from opcc.privacy.registry import source_for_model
from tests.complaints.factories import make_review
from tests.engagement.case_support import walk_case
from tests.grants.factories import OrganisationFactory
from tests.volunteers.conftest import build_volunteer

NAME = "Morgan Quill"
EMAIL = "morgan.quill@example.org"
PHONE = "07700 900461"
POSTCODE = "B15 2TT"
REPRESENTATIVE = "Rita Representative"


@dataclass
class Person:
    sar: Case
    mine: list[models.Model] = field(default_factory=list)  # records about the requester
    others: list[models.Model] = field(default_factory=list)  # someone else's


def seed_person(*, by) -> Person:
    """The requester in engagement, complaints, volunteers and grants, and one stranger in each."""
    sar = walk_case(
        "in_progress",
        by=by,
        category="Subject access",
        subject="Subject access request",
        correspondent_name=NAME,
        correspondent_email=EMAIL,
        correspondent_phone=PHONE,
        correspondent_address=f"1 Quill Lane\nBirmingham\n{POSTCODE}",
    )
    person = Person(sar=sar)
    person.mine = [
        walk_case(
            "received", by=by, subject="Noise complaint", correspondent_name=NAME, correspondent_email=EMAIL
        ),
        make_review(
            complainant_name=NAME,
            complainant_email=EMAIL,
            representative_name=REPRESENTATIVE,
            reasonable_adjustments="Large print letters",
        ),
        build_volunteer(
            "icv", first_name="Morgan", last_name="Quill", email=EMAIL, phone=PHONE, postcode=POSTCODE
        ),
        OrganisationFactory(contact_name=NAME, contact_email=EMAIL, name="Quill Community Trust"),
    ]
    person.others = [
        walk_case("received", by=by, subject="Parking", correspondent_name="Dana Stranger", correspondent_email="dana@example.net"),
        make_review(complainant_name="Dana Stranger", complainant_email="dana@example.net"),
        build_volunteer("icv", first_name="Dana", last_name="Stranger", email="dana@example.net"),
        OrganisationFactory(contact_name="Dana Stranger", contact_email="dana@example.net", name="Other Trust"),
    ]  # fmt: skip
    return person


def key_of(obj: models.Model) -> tuple[str, int]:
    src = source_for_model(obj)
    assert src is not None, obj
    return src.key, obj.pk


def read_json(document: Document) -> dict:
    with document.file.open("rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def pdf_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@dataclass
class SarRows:
    case: Case
    match: object | None = None
    bundle: object | None = None


def sar_rows(objects, key: str) -> SarRows:
    """For the route matrix and the page sweep, one set per key (made once per RouteObjects):
    "empty" a SAR case with nothing confirmed; "remove" one confirmed record; "draft" and "release"
    a built draft bundle (each on its own case, so releasing one leaves the other a draft)."""
    from opcc.privacy import disclosure
    from tests.engagement.case_support import office_user

    made = objects.__dict__.setdefault("_sar_rows", {})
    if key not in made:
        by = office_user()
        rows = SarRows(
            case=walk_case("in_progress", by=by, category="Subject access", correspondent_name=NAME)
        )
        if key != "empty":
            record = OrganisationFactory(contact_name=NAME, contact_email=EMAIL)
            rows.match = disclosure.match_confirm(
                request=rows.case, source_key="grants.organisation", object_id=record.pk, by=by
            )
        if key in ("draft", "release"):
            requested = disclosure.bundle_request(request=rows.case, by=by)
            rows.bundle = disclosure.bundle_build(bundle_id=requested.pk)
        made[key] = rows
    return made[key]


def sar_find_url(key: str):
    from django.urls import reverse

    return lambda objects: reverse("engagement:sar_find", args=[sar_rows(objects, key).case.pk])


def sar_bundle_url(key: str):
    from django.urls import reverse

    def url(objects) -> str:
        rows = sar_rows(objects, key)
        return reverse("engagement:sar_bundle", args=[rows.case.pk, rows.bundle.pk])  # type: ignore[union-attr]

    return url
