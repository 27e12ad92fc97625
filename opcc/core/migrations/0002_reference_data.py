"""Reference data from the published reports (domain.md §1c.1): years, authorities, areas, suites."""

from django.db import migrations

LOCAL_AUTHORITIES = [
    ("Birmingham", "E08000025", "Birmingham Community Safety Partnership"),
    ("Coventry", "E08000026", "Coventry Community Safety Partnership"),
    ("Dudley", "E08000027", "Safe and Sound (Dudley Community Safety Partnership)"),
    ("Sandwell", "E08000028", "Safer Sandwell Partnership"),
    ("Solihull", "E08000029", "Safer Solihull Partnership"),
    ("Walsall", "E08000030", "Safer Walsall Partnership"),
    ("Wolverhampton", "E08000031", "Safer Wolverhampton Partnership"),
]

# (name, kind, local authority, valid from start year, valid to start year, order)
AREAS = [
    ("Birmingham East", "npu", "Birmingham", 2019, 2023, 10),
    ("Birmingham West", "npu", "Birmingham", 2019, 2023, 20),
    ("Pan Birmingham (East & West)", "allocation_line", "Birmingham", 2019, 2023, 25),
    ("Coventry", "npu", "Coventry", 2019, 2023, 30),
    ("Dudley", "npu", "Dudley", 2019, 2023, 40),
    ("Sandwell", "npu", "Sandwell", 2019, 2023, 50),
    ("Solihull", "npu", "Solihull", 2019, 2023, 60),
    ("Walsall", "npu", "Walsall", 2019, 2023, 70),
    ("Wolverhampton", "npu", "Wolverhampton", 2019, 2023, 80),
    ("Birmingham", "lpa", "Birmingham", 2024, None, 10),
    ("Coventry", "lpa", "Coventry", 2024, None, 30),
    ("Dudley", "lpa", "Dudley", 2024, None, 40),
    ("Sandwell", "lpa", "Sandwell", 2024, None, 50),
    ("Solihull", "lpa", "Solihull", 2024, None, 60),
    ("Walsall", "lpa", "Walsall", 2024, None, 70),
    ("Wolverhampton", "lpa", "Wolverhampton", 2024, None, 80),
    ("LPA Reserve", "allocation_line", None, 2024, None, 110),
    ("Community Response Fund", "allocation_line", None, 2024, None, 120),
    ("Street Watch", "allocation_line", None, 2024, None, 130),
]

SUITES = [
    ("Perry Barr", "Birmingham", "Perry Barr Custody."),
    ("Oldbury", "Sandwell", ""),
    ("Wolverhampton", "Wolverhampton", "A designated Covid-19 site in 2019/20."),
]


def load(apps, schema_editor):
    FinancialYear = apps.get_model("core", "FinancialYear")
    LocalAuthority = apps.get_model("core", "LocalAuthority")
    PolicingArea = apps.get_model("core", "PolicingArea")
    CustodySuite = apps.get_model("core", "CustodySuite")

    for year in range(2019, 2031):
        FinancialYear.objects.get_or_create(start_year=year)
    authorities = {}
    for name, code, csp in LOCAL_AUTHORITIES:
        authorities[name], _ = LocalAuthority.objects.get_or_create(
            name=name, defaults={"ons_code": code, "community_safety_partnership": csp}
        )
    for name, kind, la, start, end, order in AREAS:
        PolicingArea.objects.get_or_create(
            name=name,
            kind=kind,
            valid_from_year=start,
            defaults={
                "local_authority": authorities.get(la),
                "valid_to_year": end,
                "sort_order": order,
            },
        )
    for name, la, notes in SUITES:
        area = PolicingArea.objects.filter(name=la, kind="lpa").first()
        CustodySuite.objects.get_or_create(name=name, defaults={"policing_area": area, "notes": notes})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
