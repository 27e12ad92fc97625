"""find_person and search_records (opcc.privacy.search) on PostgreSQL: who is found, by what, and
at what cost."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opcc.core import roles
from opcc.privacy.registry import sources
from opcc.privacy.search import clean_text, find_person, phone_variants, search_records
from tests.privacy.search_support import EMAIL, found, keys, person_everywhere, someone_else

pytestmark = pytest.mark.django_db

PEOPLE_SOURCES = {
    "grants.organisation", "complaints.review", "complaints.panel_member", "volunteers.volunteer",
    "engagement.case", "engagement.nomination", "engagement.youth_commissioner",
}  # fmt: skip
EMAIL_SOURCES = {
    "grants.organisation", "complaints.review", "complaints.panel_member", "volunteers.volunteer",
    "engagement.case", "engagement.nomination",
}  # fmt: skip
PHONE_SOURCES = {
    "grants.organisation", "complaints.review", "complaints.panel_member", "volunteers.volunteer",
    "engagement.case",
}  # fmt: skip
POSTCODE_SOURCES = {"grants.organisation", "complaints.review", "volunteers.volunteer", "engagement.case"}


@pytest.fixture
def search_jane():
    jane = person_everywhere()
    for n in range(2):
        someone_else(n)
    return jane


def ids(person, wanted: set[str]) -> dict[str, set[int]]:
    return {key: {person.records[key].pk} for key in wanted}


@pytest.mark.parametrize("name", ["Jane Smith", "jane smith", "Smith", "Jane Smyth", "Jayne Smith", "Smyth"])
def test_find_person_by_name_and_misspelt_name(search_jane, name):
    assert found(find_person(name=name)) == ids(search_jane, PEOPLE_SOURCES)


def test_find_person_by_email_any_case(search_jane):
    assert found(find_person(email=EMAIL.upper())) == ids(search_jane, EMAIL_SOURCES)


@pytest.mark.parametrize(
    "phone", ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700-900-123", "447700900123"]
)
def test_find_person_by_phone_any_formatting(search_jane, phone):
    assert found(find_person(phone=phone)) == ids(search_jane, PHONE_SOURCES)


@pytest.mark.parametrize("postcode", ["B36 8AB", "b368ab", "  b36  8ab "])
def test_find_person_by_postcode(search_jane, postcode):
    assert found(find_person(postcode=postcode)) == ids(search_jane, POSTCODE_SOURCES)


def test_find_person_by_reference_each_source(search_jane):
    for key, record in search_jane.records.items():
        src = next(s for s in sources() if s.key == key)
        for field in src.references:
            value = getattr(record, field)
            if not value:
                continue
            groups = find_person(reference=value)
            assert record.pk in found(groups).get(key, set()), (key, field)
            hit = next(h for g in groups if g.source == key for h in g.results if h.object_id == record.pk)
            assert field in hit.matched_on


def test_find_person_hit_says_what_matched_and_shows_identifying_details(search_jane):
    groups = find_person(name="Jane Smith", email=EMAIL)
    review = next(g for g in groups if g.source == "complaints.review")
    hit = review.results[0]
    assert review.module and review.label == "Complaint review"
    assert set(hit.matched_on) == {"complainant_name", "complainant_email"}
    assert set(hit.matched_labels) == {"Complainant name", "Complainant email"}  # as the page shows them
    assert hit.url == search_jane.records["complaints.review"].get_absolute_url()
    assert EMAIL in hit.detail.values()
    assert hit.content_type_id and hit.title


def test_find_person_finds_nobody_else(search_jane):
    assert find_person(name="Zebedee Quartermaine", email="nobody@example.com", phone="0800 000 000") == []


def test_find_person_needs_a_detail():
    with pytest.raises(ValidationError):
        find_person(name=" ", phone="12", postcode="not a postcode", email="no-at-sign")


def test_exact_matches_rank_first_and_more_flag(search_jane):
    for n in range(4):
        person_everywhere(email=f"other{n}@example.org", phone=f"0161 000 00{n:02d}", postcode="M1 1AA")
    groups = find_person(name="Jane Smith", email=EMAIL, limit=2)
    review = next(g for g in groups if g.source == "complaints.review")
    assert review.more is True and len(review.results) == 2
    assert review.results[0].object_id == search_jane.records["complaints.review"].pk


def test_query_count_does_not_grow_with_rows(django_assert_max_num_queries, search_jane):
    find_person(name="Jane Smith")  # content types cached
    with django_assert_max_num_queries(len(sources()) + 4) as few:
        find_person(name="Jane Smith", email=EMAIL, phone="07700900123", postcode="B36 8AB", reference="PSD")
    for n in range(5):
        person_everywhere(email=f"other{n}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        groups = find_person(
            name="Jane Smith", email=EMAIL, phone="07700900123", postcode="B36 8AB", reference="PSD"
        )
    assert sum(len(g.results) for g in groups) > 20


# --- the header search ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_searches_only_the_sources_it_may_open(search_jane, make_user, role):
    user = make_user(role)
    allowed = {s.key for s in sources() if s.may_open(user)}
    if not allowed:
        with pytest.raises(PermissionDenied):
            search_records(user=user, query="Jane Smith")
        return
    found_keys = keys(search_records(user=user, query="Jane Smith"))
    assert found_keys == allowed & PEOPLE_SOURCES
    minors = user.has_perms(["core.access_engagement", "engagement.work_with_youth_commissioners"])
    assert ("engagement.youth_commissioner" in found_keys) == minors


def test_youth_commissioners_only_with_the_permission(search_jane, make_user):
    from django.contrib.auth.models import Permission

    user = make_user(roles.OFFICE_STAFF)
    assert "engagement.youth_commissioner" in keys(search_records(user=user, query="Jane Smith"))
    user.groups.clear()
    access = Permission.objects.filter(codename__in=["access_engagement", "view_case", "view_nomination"])
    user.user_permissions.set(access)
    user = type(user).objects.get(pk=user.pk)
    assert keys(search_records(user=user, query="Jane Smith")) == {"engagement.case", "engagement.nomination"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EMAIL, EMAIL_SOURCES),
        ("+44 7700 900123", PHONE_SOURCES),
        ("b36 8ab", POSTCODE_SOURCES),
        ("Kingstanding Allotments", {"grants.organisation"}),
        ("allotments gardening veteran", {"grants.application"}),
        ("streetlight", {"engagement.case"}),
    ],
)
def test_header_search_by_email_phone_postcode_organisation_subject(search_jane, make_user, query, expected):
    user = make_user(roles.ADMINISTRATOR)
    assert keys(search_records(user=user, query=query)) == expected


def test_header_search_by_reference(search_jane, make_user):
    user = make_user(roles.ADMINISTRATOR)
    review = search_jane.records["complaints.review"]
    groups = search_records(user=user, query=review.reference.lower())
    assert found(groups)["complaints.review"] == {review.pk}


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "%%%%",
        "_ _",
        "' OR 1=1 --",
        'Jane "Smith',
        "Smi\x00th",
        "\u202eSmith",
        "x" * 10_000,
        "a",
        "  ",
        "\\",
    ],
)
def test_hostile_queries_give_a_message_or_results_never_an_error(search_jane, make_user, query):
    user = make_user(roles.ADMINISTRATOR)
    try:
        groups = search_records(user=user, query=query)
    except ValidationError as error:
        assert "at least" in error.messages[0]
        return
    assert sum(len(g.results) for g in groups) <= 20 * len(sources())


def test_clean_text_and_phone_variants():
    assert clean_text("  Jane\x00 \u202eSmith\u200b  ") == "Jane Smith"
    assert len(clean_text("x" * 10_000)) == 100
    assert "447700900123" in phone_variants("07700 900123")
    assert "07700900123" in phone_variants("+44 (0)7700 900123")
    assert phone_variants("123") == []
