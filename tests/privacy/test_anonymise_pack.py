"""Anonymisation keeps every report figure identical (ADR 0018), on the whole demo data set.

The demo is seeded once for the module inside a transaction rolled back at the end. The annual
report pack is built for the golden years and the latest (every registered section, each with its
previous year attached), then a disposal batch is proposed as of 1 January 2200 (so every
finished record of every record type is due), approved and carried out, and the packs rebuilt:
they must be equal, table by table and cell by cell. The same run walks the registry: every
source's anonymise map blanked what it names, and no other column of any row moved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

from opcc.core import roles
from opcc.privacy import registry, retention
from opcc.privacy.models import BatchStatus, DisposalEntry
from opcc.reports.pack import build_pack, registered_sections
from opcc.reports.years import record_years
from tests.factories import UserFactory

FAR_FUTURE = dt.date(2200, 1, 1)
# The years whose published figures the demo reproduces (the golden tests), and the latest year with
# records: each pack also carries its previous year, so six years are compared.
GOLDEN_YEARS = (2019, 2022)


def pack_tables(start_year: int) -> list[dict]:
    return [dataclasses.asdict(table) for table in build_pack(start_year).tables]


def rows_by_source() -> dict[str, dict[int, dict]]:
    return {
        s.key: {row["id"]: row for row in s.model_class._default_manager.values()} for s in registry.sources()
    }


@pytest.fixture(scope="module")
def anonymised_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())
        seeded = time.monotonic() - started
        years = sorted({*GOLDEN_YEARS, max(record_years())})
        before = {year: pack_tables(year) for year in years}
        rows_before = rows_by_source()
        admin = UserFactory()
        admin.groups.set(Group.objects.filter(name=roles.ADMINISTRATOR))
        batch = retention.batch_propose(by=admin, as_of=FAR_FUTURE)
        assert batch is not None
        retention.batch_approve(batch=batch, by=admin)  # its task waits for a commit that never comes
        started = time.monotonic()
        anonymised = retention.batch_carry_out(batch_id=batch.pk)
        carried = time.monotonic() - started
        batch.refresh_from_db()
        after = {year: pack_tables(year) for year in years}
        print(
            f"\nseed {seeded:.0f} s; {anonymised} records anonymised in {carried:.0f} s; "
            f"years {years}; {len(registered_sections())} sections"
        )
        yield SimpleNamespace(
            years=years, before=before, after=after, batch=batch, anonymised=anonymised,
            rows_before=rows_before, rows_after=rows_by_source(),
        )  # fmt: skip
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_record_type_had_records_anonymised(anonymised_demo):
    assert anonymised_demo.batch.status == BatchStatus.DONE
    counts = {
        r.key: DisposalEntry.objects.filter(record_type=r.key, outcome="anonymised").count()
        for r in registry.record_types()
    }
    print(counts)
    assert anonymised_demo.anonymised == sum(counts.values()) > 1000
    empty = [key for key, count in counts.items() if count == 0]
    assert len(empty) <= 2, f"the demo has nothing due for {empty}: the comparison would not cover them"


@pytest.mark.django_db
def test_the_report_pack_is_identical_after_anonymisation(anonymised_demo):
    assert len(anonymised_demo.years) >= 3
    for year in anonymised_demo.years:
        before, after = anonymised_demo.before[year], anonymised_demo.after[year]
        assert len(before) == len(registered_sections())
        assert sum(len(t["rows"]) for t in before) > 0, year
        for old, new in zip(before, after, strict=True):
            assert new == old, f"{year} {old['key']} changed"


@pytest.mark.django_db
@pytest.mark.parametrize("source", registry.sources(), ids=lambda s: s.key)
def test_each_source_blanks_what_it_names_and_keeps_everything_else(anonymised_demo, source):
    content_type = ContentType.objects.get_for_model(source.model_class)
    done = set(
        DisposalEntry.objects.filter(content_type=content_type, outcome="anonymised").values_list(
            "object_id", flat=True
        )
    )
    before, after = anonymised_demo.rows_before[source.key], anonymised_demo.rows_after[source.key]
    assert set(before) == set(after)
    named = {source.model_class._meta.get_field(f).attname for f in source.anonymise}
    objects = source.model_class._default_manager.in_bulk(done)
    for pk, row in after.items():
        kept = {k: v for k, v in before[pk].items() if k not in named}
        assert {k: v for k, v in row.items() if k not in named} == kept, f"{source.key} {pk}"
        if pk not in done:
            assert row == before[pk]
            continue
        for field, replacement in source.anonymise.items():
            expected = replacement(objects[pk]) if callable(replacement) else replacement
            assert row[field] == expected, f"{source.key} {pk} {field}"
            if expected not in ("", registry.ANONYMISED) and before[pk][field] != expected:
                # A function may keep a value (a published winner's name) or give a neutral one.
                assert "Former" in expected or "volunteer" in expected, expected
