"""Reference data every module shares: years, areas by year, authorities, suites, closures, roles,
and race-safe human references."""

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from opcc.core import roles
from opcc.core.models import ClosureDay, CustodySuite, FinancialYear, LocalAuthority, PolicingArea
from opcc.core.services import next_reference

NPUS = {
    "Birmingham East",
    "Birmingham West",
    "Coventry",
    "Dudley",
    "Sandwell",
    "Solihull",
    "Walsall",
    "Wolverhampton",
}
LPAS = {"Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"}
LPA_ERA_LINES = {"LPA Reserve", "Community Response Fund", "Street Watch"}
AUTHORITIES = {
    "Birmingham": "E08000025",
    "Coventry": "E08000026",
    "Dudley": "E08000027",
    "Sandwell": "E08000028",
    "Solihull": "E08000029",
    "Walsall": "E08000030",
    "Wolverhampton": "E08000031",
}


# --- Financial years ---------------------------------------------------------------------------


def test_financial_year_label_and_dates():
    year = FinancialYear(start_year=2024)
    assert year.label == str(year) == "2024/25"
    assert year.start_date == dt.date(2024, 4, 1)
    assert year.end_date == dt.date(2025, 3, 31)
    assert FinancialYear(start_year=2099).label == "2099/00"
    assert FinancialYear(start_year=2009).label == "2009/10"


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (dt.date(2025, 3, 31), 2024),
        (dt.date(2025, 4, 1), 2025),
        (dt.date(2025, 1, 1), 2024),
        (dt.date(2024, 12, 31), 2024),
        (dt.date(2024, 2, 29), 2023),
    ],
)
def test_financial_year_boundaries(day, start_year):
    assert FinancialYear.start_year_for(day) == start_year
    year = FinancialYear(start_year=start_year)
    assert year.contains(day)
    assert not FinancialYear(start_year=start_year + 1).contains(day)


@pytest.mark.parametrize(
    ("text", "start_year"),
    [
        ("2024/25", 2024),
        ("2024-25", 2024),
        ("2024/2025", 2024),
        (" 2024/25 ", 2024),
        ("1999/00", 1999),
        ("2019/20", 2019),
    ],
)
def test_parse_label_accepts_the_ways_people_write_a_year(text, start_year):
    assert FinancialYear.parse_label(text) == start_year


@pytest.mark.parametrize(
    "text",
    [
        "2024/26",
        "24/25",
        "",
        "abcd",
        "2024",
        "2024/",
        "/25",
        "2024/25/26",
        "2024/2026",
        "2024/5",
        "2024/250",
        "2024 25",
        "-2024/25",
        "2024/-25",
        "2024.5/25",
        "\uff12\uff10\uff12\uff14/\uff12\uff16",
    ],
)
def test_parse_label_refuses_anything_else_with_a_clear_message(text):
    with pytest.raises(ValueError, match="is not a financial year"):
        FinancialYear.parse_label(text)


@pytest.mark.django_db
def test_financial_years_are_seeded_and_queryable():
    assert set(FinancialYear.objects.values_list("start_year", flat=True)) >= set(range(2019, 2031))
    assert [y.label for y in FinancialYear.objects.all()[:2]] == ["2030/31", "2029/30"]
    assert FinancialYear.objects.containing(dt.date(2025, 3, 31)).get().label == "2024/25"
    assert FinancialYear.objects.containing(dt.date(2025, 4, 1)).get().label == "2025/26"
    today = timezone.localdate()
    current = FinancialYear.objects.get(start_year=FinancialYear.start_year_for(today))
    assert current.is_current
    assert not FinancialYear(start_year=current.start_year - 1).is_current


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", [1999, 2101])
def test_financial_year_range_is_validated(start_year):
    with pytest.raises(ValidationError) as error:
        FinancialYear(start_year=start_year).full_clean()
    assert "start_year" in error.value.message_dict


@pytest.mark.django_db
def test_financial_year_is_unique():
    with pytest.raises(IntegrityError):
        FinancialYear.objects.create(start_year=2024)


# --- Areas, authorities, suites ----------------------------------------------------------------


def _names(start_year, kind=None):
    areas = PolicingArea.objects.valid_in(start_year)
    if kind:
        areas = areas.filter(kind=kind)
    return set(areas.values_list("name", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", [2019, 2020, 2021, 2022, 2023])
def test_npu_era_areas(start_year):
    assert _names(start_year, PolicingArea.Kind.NPU) == NPUS
    assert _names(start_year, PolicingArea.Kind.LPA) == set()
    assert _names(start_year, PolicingArea.Kind.ALLOCATION_LINE) == {"Pan Birmingham (East & West)"}


@pytest.mark.django_db
@pytest.mark.parametrize("start_year", [2024, 2025, 2030])
def test_lpa_era_areas(start_year):
    assert _names(start_year, PolicingArea.Kind.LPA) == LPAS
    assert _names(start_year, PolicingArea.Kind.NPU) == set()
    assert _names(start_year, PolicingArea.Kind.ALLOCATION_LINE) == LPA_ERA_LINES
    assert _names(start_year) == LPAS | LPA_ERA_LINES


@pytest.mark.django_db
def test_no_areas_before_the_records_begin():
    assert _names(2018) == set()


@pytest.mark.django_db
def test_area_validity_agrees_with_the_queryset():
    areas = list(PolicingArea.objects.all())
    for start_year in range(2017, 2032):
        in_year = set(PolicingArea.objects.valid_in(start_year).values_list("pk", flat=True))
        assert in_year == {a.pk for a in areas if a.is_valid_in(start_year)}, start_year
    east = PolicingArea.objects.get(name="Birmingham East")
    assert east.validity == "2019/20 to 2023/24"
    assert east.local_authority.name == "Birmingham"
    assert PolicingArea.objects.get(name="Street Watch").validity == "2024/25 to now"
    assert PolicingArea.objects.get(name="Street Watch").local_authority is None


@pytest.mark.django_db
def test_area_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        PolicingArea.objects.create(name="Backwards", kind="npu", valid_from_year=2024, valid_to_year=2023)


@pytest.mark.django_db
def test_the_seven_local_authorities():
    authorities = {la.name: la for la in LocalAuthority.objects.all()}
    assert {name: la.ons_code for name, la in authorities.items()} == AUTHORITIES
    assert all(la.community_safety_partnership for la in authorities.values())
    assert authorities["Dudley"].community_safety_partnership.startswith("Safe and Sound")
    assert [str(la) for la in LocalAuthority.objects.all()] == sorted(AUTHORITIES)


@pytest.mark.django_db
def test_custody_suites():
    suites = {s.name: s for s in CustodySuite.objects.select_related("policing_area")}
    # Three from the core reference data; Coventry from the volunteers' (the fourth 2019/20 site).
    assert set(suites) == {"Perry Barr", "Oldbury", "Wolverhampton", "Coventry"}
    assert {name: s.policing_area.name for name, s in suites.items()} == {
        "Perry Barr": "Birmingham",
        "Oldbury": "Sandwell",
        "Wolverhampton": "Wolverhampton",
        "Coventry": "Coventry",
    }
    assert all(
        s.weekly_visit_target == 1 and s.opened_on is None and s.closed_on is None for s in suites.values()
    )
    assert all(s.active and s.policing_area.kind == PolicingArea.Kind.LPA for s in suites.values())


# --- Closure days ------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2025, 5, 3), dt.date(2025, 5, 4)])
def test_closure_day_refuses_weekends(day):
    with pytest.raises(ValidationError) as error:
        ClosureDay(date=day, description="Weekend").clean()
    assert error.value.message_dict == {"date": ["This date is a weekend, which is never a working day."]}


def test_closure_day_accepts_a_weekday():
    closure = ClosureDay(date=dt.date(2022, 9, 19), description="State funeral")
    closure.clean()
    assert str(closure) == "19/09/2022 State funeral"


@pytest.mark.django_db
def test_administrator_adds_a_closure_day_in_the_admin(client_as):
    client = client_as(roles.ADMINISTRATOR)
    url = reverse("admin:core_closureday_add")
    assert client.get(url).status_code == 200

    response = client.post(url, {"date": "19/09/2022", "description": "State funeral"})

    assert response.status_code == 302, response.content.decode()[:2000]
    closure = ClosureDay.objects.get()
    assert closure.date == dt.date(2022, 9, 19)
    assert closure.created_by == client.user
    assert closure.history.get().history_user == client.user


@pytest.mark.django_db
def test_admin_refuses_a_weekend_closure_day(client_as):
    client = client_as(roles.ADMINISTRATOR)
    response = client.post(
        reverse("admin:core_closureday_add"), {"date": "20/09/2025", "description": "Saturday"}
    )
    assert response.status_code == 200
    assert "This date is a weekend" in response.content.decode()
    assert not ClosureDay.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_only_administrators_add_closure_days(client_as, role):
    client = client_as(role)
    url = reverse("admin:core_closureday_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "19/09/2022", "description": "State funeral"}).status_code == 403
    assert not ClosureDay.objects.exists()


# --- Roles ---------------------------------------------------------------------------------------

ADMIN_ONLY = [
    "auth.add_user",
    "auth.change_group",
    "core.add_closureday",
    "core.change_policingarea",
    "axes.delete_accessattempt",
    "django_celery_results.view_taskresult",
]


@pytest.mark.django_db
def test_the_six_roles_exist_with_their_module_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    for role in roles.ROLES:
        perms = {
            f"{app}.{code}"
            for app, code in Group.objects.get(name=role).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        modules = {p.removeprefix("core.access_") for p in perms if p.startswith("core.access_")}
        assert modules == set(roles.MODULE_ACCESS[role]), role


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_backoffice_permissions_belong_to_administrators_only(make_user, role):
    user = make_user(role)
    for perm in ADMIN_ONLY:
        assert user.has_perm(perm) is (role == roles.ADMINISTRATOR), (role, perm)
    assert user.has_perm("core.access_admin") is (role == roles.ADMINISTRATOR)


@pytest.mark.django_db
def test_roles_add_up_for_a_person_with_several():
    from tests.factories import UserFactory

    user = UserFactory()
    user.groups.set(Group.objects.filter(name__in=[roles.GRANTS_MANAGER, roles.REPORTS]))
    assert user.has_perms(["core.access_grants", "core.access_reports"])
    assert not user.has_perm("core.access_complaints")


# --- Human references ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_next_reference_is_sequential_per_prefix_and_year():
    assert [next_reference(prefix="HCF", year=2024) for _ in range(3)] == [
        "HCF-2024-0001",
        "HCF-2024-0002",
        "HCF-2024-0003",
    ]
    assert next_reference(prefix="HCF", year=2025) == "HCF-2025-0001"
    assert next_reference(prefix="CR", year=2024) == "CR-2024-0001"
    assert next_reference(prefix="HCF", year=2024, width=6) == "HCF-2024-000004"


@pytest.mark.django_db(transaction=True)
def test_next_reference_is_race_safe():
    assert connection.vendor == "postgresql", "the race needs real concurrent transactions"
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def take_one():
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                reference = next_reference(prefix="RACE", year=2025)
                # Keep the transaction open so the others queue on the counter row.
                connection.cursor().execute("SELECT pg_sleep(0.05)")
            with lock:
                results.append(reference)
        except BaseException as exc:  # reported by the main thread
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_one) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(results) == [f"RACE-2025-{n:04d}" for n in range(1, threads_count + 1)]
