"""Every condition of every source's search is served by an index on PostgreSQL: with sequential
scans priced out and joins left out, each condition's plan has an index condition (not a walk of a
whole index with a filter, the planner's other way round a missing index), and no source's whole
query reads the table. Dropping any one of the search indexes fails these tests.
"""

from __future__ import annotations

import pytest
from django.db import connection

from opcc.core import roles
from opcc.privacy.search import person_plan, records_plan

pytestmark = pytest.mark.django_db

PERSON = {
    "name": "Jane Smyth",
    "email": "jane.smith@example.org",
    "phone": "+44 7700 900123",
    "postcode": "B36 8AB",
    "reference": "CR-2026",
}
HEADER_QUERIES = [
    "Jane Smyth",
    "jane.smith@example.org",
    "07700 900123",
    "b36 8ab",
    "CR-2026-00",
    "streetlights",
]


def plans_read_whole_tables(plan) -> list[str]:
    whole = []
    with plan.similarity():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for src, fields, qs in plan.condition_querysets():
            text = qs.order_by().select_related(None).explain()
            if "Seq Scan" in text or "Index Cond" not in text:
                whole.append(f"{src.key} {fields}:\n{text}")
        for src, qs in plan.querysets():
            text = qs.order_by().select_related(None).explain()
            if "Seq Scan" in text:
                whole.append(f"{src.key}:\n{text}")
    return whole


def test_find_person_reads_indexes_only():
    assert plans_read_whole_tables(person_plan(**PERSON)) == []


@pytest.mark.parametrize("field", sorted(PERSON))
def test_each_detail_alone_reads_indexes_only(field):
    assert plans_read_whole_tables(person_plan(**{field: PERSON[field]})) == []


@pytest.mark.parametrize("query", HEADER_QUERIES)
def test_header_search_reads_indexes_only(make_user, query):
    user = make_user(roles.ADMINISTRATOR)
    assert plans_read_whole_tables(records_plan(user=user, query=query)) == []
