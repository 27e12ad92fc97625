"""The shared list pattern (opcc.core.lists, opcc.core.indexes): capped counts, page links, pages
read by ids, indexed OR across tables, and indexes created on PostgreSQL only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Organisation
from opcc.core.indexes import PostgresOnly
from opcc.core.lists import (
    ELLIPSIS,
    CappedPaginator,
    RelatedTextFilter,
    any_of,
    looks_like,
    pk_in,
    search_words,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    Group.objects.bulk_create(Group(name=f"Group {n:03d}") for n in range(30))
    return Group.objects.filter(name__startswith="Group ").order_by("name", "pk")


class Capped10(CappedPaginator):
    cap = 10


def test_count_stops_at_the_cap_and_says_so(groups):
    paginator = Capped10(groups, 5)
    page = paginator.page(1)
    assert paginator.capped
    assert paginator.shown_count == 10
    assert paginator.count_label == "more than 10"
    assert [g.name for g in page.object_list] == [f"Group {n:03d}" for n in range(5)]
    assert page.links == [1, 2, ELLIPSIS]  # no last page: it is not known
    last_counted = paginator.page(3)
    assert last_counted.has_next() and last_counted.next_page_number() == 4
    assert paginator.page(2).links == [1, 2, 3, ELLIPSIS]


def test_a_page_deeper_than_the_cap_is_reachable(groups):
    paginator = Capped10(groups, 5)
    page = paginator.page(5)
    assert [g.name for g in page.object_list] == [f"Group {n:03d}" for n in range(20, 25)]
    assert paginator.count_label == "more than 25"
    assert page.links == [1, ELLIPSIS, 4, 5, 6, ELLIPSIS]  # 6: one row past page 5 was counted


def test_an_exact_count_below_the_cap(groups):
    paginator = Capped10(groups.filter(name__lt="Group 007"), 2)
    assert paginator.count == 7
    assert not paginator.capped
    assert paginator.count_label == "7"
    assert paginator.page(1).links == [1, 2, ELLIPSIS, 4]
    assert paginator.page(4).links == [1, ELLIPSIS, 3, 4]


def test_a_page_reads_ids_then_only_its_rows(groups):
    paginator = Capped10(groups.select_related(), 5)
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(3).object_list)
    assert [g.name for g in rows] == [f"Group {n:03d}" for n in range(10, 15)]
    assert len(queries) == 3  # the capped count, the page's ids, those rows
    assert "LIMIT 16" in queries[0]["sql"]  # page 3 of 5 a page: counted to 15, however small the cap


def test_few_matches_are_found_by_the_filter_before_they_are_sorted(groups):
    """A reference search at 2 million rows: without this, PostgreSQL walks the sort's index."""
    few = groups.filter(name__lt="Group 007").order_by("-name", "-pk")
    paginator = CappedPaginator(few, 5)
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2).object_list)
    assert [g.name for g in rows] == ["Group 001", "Group 000"]
    assert len(queries) == 4  # the count, the matching ids (no ORDER BY), the page's ids, its rows
    assert "ORDER BY" not in queries[1]["sql"] and "ORDER BY" in queries[2]["sql"]


def test_lists_that_are_not_querysets_are_paginated_as_usual():
    paginator = Capped10(list(range(23)), 10)
    assert paginator.count == 23
    assert not paginator.capped
    assert list(paginator.page(3).object_list) == [20, 21, 22]


def test_search_helpers():
    assert search_words("  an abc bcd cde def efg fgh ") == ["abc", "bcd", "cde", "def", "efg"]
    assert search_words("B7 3AA") == ["3AA"]
    assert looks_like(r"[A-Z]+-\d+", " hcf-12 ")
    assert not looks_like(r"[A-Z]+-\d+", "hcf 12")


def test_any_of_matches_ids_of_a_related_search():
    auth = ContentType.objects.filter(app_label="auth")
    found = Permission.objects.filter(any_of("content_type_id", auth))
    assert set(found) == set(Permission.objects.filter(content_type__app_label="auth"))
    assert found.exists()
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in str(found.query)


def test_related_text_filter_ignores_blank_text():
    flt = RelatedTextFilter(target="organisation_id", related=lambda text: Organisation.objects.none())
    queryset = Organisation.objects.all()
    assert flt.filter(queryset, "  ") is queryset


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")
def test_search_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["app_reference_upper", "app_title_trgm", "org_name_trgm"]],
        )
        found = dict(cursor.fetchall())
    assert "text_pattern_ops" in found["app_reference_upper"]
    assert "gin_trgm_ops" in found["app_title_trgm"] and "upper" in found["app_title_trgm"]
    assert "gin_trgm_ops" in found["org_name_trgm"]


def test_postgres_only_does_nothing_elsewhere():
    calls = []
    inner = SimpleNamespace(
        database_forwards=lambda *args: calls.append("forwards"),
        database_backwards=lambda *args: calls.append("backwards"),
        describe=lambda: "Create index x",
    )
    operation = PostgresOnly(inner)  # type: ignore[arg-type]
    for vendor in ("sqlite", "postgresql"):
        editor = SimpleNamespace(connection=SimpleNamespace(vendor=vendor))
        operation.database_forwards("grants", editor, None, None)
        operation.database_backwards("grants", editor, None, None)
    assert calls == ["forwards", "backwards"]
    assert operation.describe() == "Create index x (PostgreSQL only)"


def test_pk_in_binds_the_ids_as_one_array_and_finds_them():
    """10,000 ids as 10,000 placeholders cost 200 ms of Python; as one array, nothing."""
    groups = [Group.objects.create(name=f"pk-in {n}") for n in range(3)]
    ids = [groups[0].pk, groups[2].pk, *range(10**6, 10**6 + 10_000)]
    queryset = Group.objects.filter(pk_in(ids))
    _, params = queryset.query.sql_with_params()
    assert len(params) == 1
    assert set(queryset.values_list("pk", flat=True)) == {groups[0].pk, groups[2].pk}
