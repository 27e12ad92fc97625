"""Awards as 360Giving data (Data Standard 1.4.3): a JSON data package, and a spreadsheet (XLSX, CSV).

One grant per award whose offer date (the decision) falls in the range; withdrawn awards are left
out. Identifiers follow the standard's rules: grants `360G-<prefix>-<reference>`, recipients by
their charity (`GB-CHC-`, `GB-SC-`, `GB-NIC-`) or company number (`GB-COH-`, 8 characters with
leading zeros), else `360G-<prefix>-ORG-<id>`. Only what may be published goes out: no contact
names, emails, phone numbers or street addresses, only the postcode.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from grants.models import Award, Organisation
from opcc.core.exports import csv_lines, xlsx_bytes, xlsx_write

from . import awards_made, csv_bytes

# The package schema's `version` is major.minor: 1.4 covers schema 1.4.3.
STANDARD_VERSION = "1.4"
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
TITLE_LIMIT = 140  # the standard: "under 140 characters"
FROM_OPEN_CALL = "Yes"  # community groups bid into the fund in open rounds
CHUNK = 2_000


def prefix() -> str:
    return clean_identifier(settings.THREESIXTYGIVING_PREFIX)


def clean_identifier(text: str) -> str:
    """Hyphens as separators, never slashes; spaces and other characters become underscores."""
    return re.sub(r"[^A-Za-z0-9-]", "_", text.strip())


def grant_identifier(reference: str) -> str:
    return f"360G-{prefix()}-{clean_identifier(reference)}"


def organisation_identifier(organisation: Organisation) -> str:
    """org-id.guide identifier from the registered numbers, else one under our own prefix."""
    charity = organisation.charity_number.strip().upper().replace(" ", "")
    if charity:
        if charity.startswith("SC"):
            return f"GB-SC-{charity}"
        if "NI" in charity:
            return f"GB-NIC-{re.sub(r'[^0-9]', '', charity)}"
        return f"GB-CHC-{charity.split('-')[0]}"
    company = organisation.company_number.strip().upper().replace(" ", "")
    if company:
        return f"GB-COH-{company.zfill(8) if company.isdigit() else company}"
    return f"360G-{prefix()}-ORG-{organisation.pk}"


def number(value: Decimal) -> int | float:
    """A plain JSON number (no £, no commas)."""
    return int(value) if value == value.to_integral_value() else float(value)


def title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) < TITLE_LIMIT else text[: TITLE_LIMIT - 2].rstrip() + "…"


def recipient(organisation: Organisation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": organisation_identifier(organisation), "name": organisation.name}
    if organisation.charity_number:
        out["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        out["companyNumber"] = organisation.company_number
    if organisation.postcode:
        out["postalCode"] = organisation.postcode
    return out


def grant(award: Award) -> dict[str, Any]:
    application = award.application
    fund_year = application.fund_year
    area = application.allocation_line.area
    location: dict[str, Any] = {"name": area.name, "countryCode": "GB"}
    if area.local_authority is not None:
        location.update(geoCode=area.local_authority.ons_code, geoCodeType="LAD")
    modified = max(award.updated_at, application.updated_at)
    return {
        "id": grant_identifier(application.reference),
        "title": title(application.project_title),
        "description": award.purpose or application.summary,
        "currency": "GBP",
        "amountAppliedFor": number(application.amount_requested),
        "amountAwarded": number(award.amount),
        "awardDate": award.offered_on.isoformat(),
        "plannedDates": [
            {
                "startDate": application.planned_start.isoformat(),
                "endDate": application.planned_end.isoformat(),
            }
        ],
        "recipientOrganization": [recipient(application.organisation)],
        "fundingOrganization": [{"id": settings.FUNDER_IDENTIFIER, "name": settings.FUNDER_NAME}],
        "grantProgramme": [
            {
                "code": clean_identifier(f"{fund_year.fund.code}-{fund_year.financial_year.start_year}"),
                "title": f"{fund_year.fund.name} {fund_year.financial_year}",
            }
        ],
        "beneficiaryLocation": [location],
        "fromOpenCall": FROM_OPEN_CALL,
        "dateModified": timezone.localtime(modified).isoformat(timespec="seconds"),
    }


def publishable_awards(start: date, end: date):
    return awards_made(start, end).filter(withdrawn_on__isnull=True)


def grants(start: date, end: date) -> Iterator[dict[str, Any]]:
    """The range's grants one by one, from a server-side cursor: memory flat in their number."""
    for award in publishable_awards(start, end).iterator(chunk_size=CHUNK):
        yield grant(award)


def package_head(start: date, end: date, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the data package but its grants."""
    now = timezone.localtime(now or timezone.now())
    return {
        "version": STANDARD_VERSION,
        "title": f"{settings.FUNDER_NAME}: grants awarded {start:%d/%m/%Y} to {end:%d/%m/%Y}",
        "description": (
            f"Grants awarded by the {settings.FUNDER_NAME} from {start:%d %B %Y} to {end:%d %B %Y}, "
            "in the 360Giving Data Standard. Withdrawn awards are not included."
        ),
        "identifier": f"360G-{prefix()}-{start:%Y%m%d}-{end:%Y%m%d}",
        "issued": now.date().isoformat(),
        "modified": now.isoformat(timespec="seconds"),
        "publisher": {"name": settings.FUNDER_NAME, "identifier": settings.FUNDER_IDENTIFIER},
        "license": getattr(settings, "THREESIXTYGIVING_LICENSE", DEFAULT_LICENSE),
    }


def data_package(start: date, end: date, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole 360Giving data package in memory (small ranges and tests; files use `write`)."""
    return {**package_head(start, end, now=now), "grants": list(grants(start, end))}


def _first(key: str, field: str) -> Callable[[dict], Any]:
    return lambda g: (g.get(key) or [{}])[0].get(field)


# The standard's spreadsheet column titles, in the order of 360Giving's own template.
COLUMNS: list[tuple[str, Callable[[dict], Any]]] = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Applied For", lambda g: g.get("amountAppliedFor")),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", _first("plannedDates", "startDate")),
    ("Planned Dates:End Date", _first("plannedDates", "endDate")),
    ("Recipient Org:Identifier", _first("recipientOrganization", "id")),
    ("Recipient Org:Name", _first("recipientOrganization", "name")),
    ("Recipient Org:Charity Number", _first("recipientOrganization", "charityNumber")),
    ("Recipient Org:Company Number", _first("recipientOrganization", "companyNumber")),
    ("Recipient Org:Postal Code", _first("recipientOrganization", "postalCode")),
    ("Beneficiary Location:Name", _first("beneficiaryLocation", "name")),
    ("Beneficiary Location:Country Code", _first("beneficiaryLocation", "countryCode")),
    ("Beneficiary Location:Geographic Code", _first("beneficiaryLocation", "geoCode")),
    ("Beneficiary Location:Geographic Code Type", _first("beneficiaryLocation", "geoCodeType")),
    ("Funding Org:Identifier", _first("fundingOrganization", "id")),
    ("Funding Org:Name", _first("fundingOrganization", "name")),
    ("Grant Programme:Code", _first("grantProgramme", "code")),
    ("Grant Programme:Title", _first("grantProgramme", "title")),
    ("From An Open Call?", lambda g: g.get("fromOpenCall")),
    ("Last Modified", lambda g: g.get("dateModified")),
]
HEADER = [name for name, _ in COLUMNS]


def grant_row(g: dict[str, Any]) -> list[Any]:
    return [value(g) for _, value in COLUMNS]


def rows(package: dict[str, Any]) -> list[list[Any]]:
    """One row per grant, the same values the JSON holds."""
    return [grant_row(g) for g in package["grants"]]


def json_chunks(head: dict[str, Any], items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The package as JSON text, a grant at a time, each grant on a line of its own.

    The head is indented as before; each grant is encoded compactly by the C encoder (the indenting
    encoder is pure Python and leaves garbage cycles per call, so its memory creeps up with the count).
    """
    opening = json.dumps({**head, "grants": []}, ensure_ascii=False, indent=2)
    if not opening.endswith("[]\n}"):
        raise ValueError("The package head must not have grants of its own.")
    yield opening[: -len("[]\n}")] + "["
    separator = "\n    "
    for item in items:
        yield separator + json.dumps(item, ensure_ascii=False, separators=(", ", ": "))
        separator = ",\n    "
    yield "]\n}" if separator == "\n    " else "\n  ]\n}"


def to_json(package: dict[str, Any]) -> bytes:
    head = {key: value for key, value in package.items() if key != "grants"}
    return "".join(json_chunks(head, package["grants"])).encode("utf-8")


def to_csv(package: dict[str, Any]) -> bytes:
    return csv_bytes(HEADER, rows(package))


def to_xlsx(package: dict[str, Any]) -> bytes:
    """One sheet, "grants", headed by the standard's column titles; text never becomes a formula."""
    return xlsx_bytes(header=HEADER, rows=rows(package), **XLSX_OPTIONS)


XLSX_OPTIONS: dict[str, Any] = {
    "sheet_title": "grants",
    "column_widths": {index: max(14, len(name) + 2) for index, name in enumerate(HEADER)},
}


def write(
    handle: IO[bytes], file_format: str, items: Iterable[dict[str, Any]], *, head: dict[str, Any]
) -> int:
    """Write the grants to a binary file as JSON, CSV or XLSX, one by one; returns how many."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    if file_format == "json":
        for chunk in json_chunks(head, counted()):
            handle.write(chunk.encode("utf-8"))
    elif file_format == "csv":
        for line in csv_lines(HEADER, (grant_row(g) for g in counted())):
            handle.write(line.encode("utf-8"))
    else:
        xlsx_write(handle, header=HEADER, rows=(grant_row(g) for g in counted()), **XLSX_OPTIONS)
    return count
