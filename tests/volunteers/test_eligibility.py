"""Who may act in a scheme on a day, and the message naming each thing that stops them.

`barriers` is the one rule the visits, the rota and the call-outs share; every barrier is tested
alone (one thing broken on an otherwise eligible volunteer, `make_volunteer`), with its words.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opcc.core.dates import long_date
from volunteers.models import Course, Scheme, TrainingRecord, VolunteerStatus
from volunteers.services import barriers, eligible, require_eligible

pytestmark = pytest.mark.django_db

ICV_COURSES = ["Custody visitor initial training", "Safeguarding", "Data protection and confidentiality"]
AA_COURSES = ["Appropriate adult training (NAAN pack)", "Safeguarding", "Data protection and confidentiality"]


def today() -> dt.date:
    return timezone.localdate()


def yesterday() -> dt.date:
    return today() - dt.timedelta(days=1)


def test_the_reference_courses_are_what_each_scheme_requires():
    required = {
        scheme: sorted(
            c.name for c in Course.objects.filter(active=True) if c.required_for(frozenset({scheme}))
        )
        for scheme in (Scheme.ICV, Scheme.AA)
    }
    assert required == {Scheme.ICV: sorted(ICV_COURSES), Scheme.AA: sorted(AA_COURSES)}


@pytest.mark.parametrize("scheme", [Scheme.ICV, Scheme.AA])
def test_an_eligible_volunteer_has_no_barriers(make_volunteer, scheme):
    volunteer = make_volunteer(scheme)
    assert barriers(volunteer, scheme=scheme, day=today()) == []
    assert eligible(scheme=scheme, day=today()) == [volunteer]


@pytest.mark.parametrize("status", [s for s in VolunteerStatus if s != VolunteerStatus.ACTIVE])
def test_every_status_but_active_is_a_barrier(make_volunteer, status):
    volunteer = make_volunteer("icv", status=status, status_reason="Moved away")
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == [
        f"is not active (status: {VolunteerStatus(status).label.lower()})"
    ]
    assert eligible(scheme=Scheme.ICV, day=today()) == []


def test_the_wrong_scheme(make_volunteer):
    visitor = make_volunteer("icv")
    problems = barriers(visitor, scheme=Scheme.AA, day=today())
    assert problems[0] == "is not in the appropriate adult scheme"
    assert "has not completed “Appropriate adult training (NAAN pack)”" in problems
    adult = make_volunteer("aa")
    assert barriers(adult, scheme=Scheme.ICV, day=today())[0] == "is not in the custody visitor scheme"
    assert eligible(scheme=Scheme.AA, day=today()) == [adult]
    assert eligible(scheme=Scheme.ICV, day=today()) == [visitor]


def test_no_independence_declaration(make_volunteer):
    volunteer = make_volunteer("icv", independence_declared_on=None)
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == [
        "has not declared their independence from the police"
    ]
    assert eligible(scheme=Scheme.ICV, day=today()) == []


def test_vetting_missing(make_volunteer):
    volunteer = make_volunteer("icv", vetting_expires_on=None)
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == ["has no police vetting recorded"]


def test_vetting_expired_names_the_date(make_volunteer):
    volunteer = make_volunteer("aa", vetting_expires_on=yesterday())
    assert barriers(volunteer, scheme=Scheme.AA, day=today()) == [
        f"police vetting expired on {long_date(yesterday())}"
    ]
    # the last day of vetting still counts
    assert barriers(volunteer, scheme=Scheme.AA, day=yesterday()) == []


def test_accreditation_expired_names_the_date(make_volunteer):
    volunteer = make_volunteer("icv", reaccreditation_due_on=yesterday())
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == [
        f"accreditation expired on {long_date(yesterday())}"
    ]


def test_never_appointed(make_volunteer):
    volunteer = make_volunteer("icv", reaccreditation_due_on=None)
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == ["has no appointment recorded"]


@pytest.mark.parametrize(
    ("scheme", "course"), [*((Scheme.ICV, c) for c in ICV_COURSES), *((Scheme.AA, c) for c in AA_COURSES)]
)
def test_each_required_course_missing(make_volunteer, scheme, course):
    volunteer = make_volunteer(scheme)
    TrainingRecord.objects.filter(volunteer=volunteer, course__name=course).delete()
    assert barriers(volunteer, scheme=scheme, day=today()) == [f"has not completed “{course}”"]


@pytest.mark.parametrize(
    ("scheme", "course"),
    [(s, c) for s, names in ((Scheme.ICV, ICV_COURSES), (Scheme.AA, AA_COURSES)) for c in names],
)
def test_each_required_course_expired(make_volunteer, scheme, course):
    volunteer = make_volunteer(scheme)
    TrainingRecord.objects.filter(volunteer=volunteer, course__name=course).update(expires_on=yesterday())
    assert barriers(volunteer, scheme=scheme, day=today()) == [
        f"“{course}” training expired on {long_date(yesterday())}"
    ]


def test_a_newer_completion_renews_an_expired_one(make_volunteer):
    volunteer = make_volunteer("icv")
    old = TrainingRecord.objects.get(volunteer=volunteer, course__name="Safeguarding")
    TrainingRecord.objects.filter(pk=old.pk).update(expires_on=yesterday())
    TrainingRecord.objects.create(
        volunteer=volunteer,
        course=old.course,
        completed_on=today() - dt.timedelta(days=5),
        expires_on=today() + dt.timedelta(days=900),
    )
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == []


def test_a_course_no_scheme_requires_or_one_withdrawn_is_no_barrier(make_volunteer):
    volunteer = make_volunteer("both")
    optional = Course.objects.get(name="Mental health awareness")
    TrainingRecord.objects.create(
        volunteer=volunteer,
        course=optional,
        completed_on=today() - dt.timedelta(days=800),
        expires_on=yesterday(),
    )
    Course.objects.filter(name="Safeguarding").update(active=False)
    TrainingRecord.objects.filter(volunteer=volunteer, course__name="Safeguarding").delete()
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == []


def test_a_volunteer_of_both_schemes(make_volunteer):
    volunteer = make_volunteer("both")
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == []
    assert barriers(volunteer, scheme=Scheme.AA, day=today()) == []
    assert eligible(scheme=Scheme.ICV, day=today()) == [volunteer]
    assert eligible(scheme=Scheme.AA, day=today()) == [volunteer]
    TrainingRecord.objects.filter(volunteer=volunteer, course__name__startswith="Appropriate adult").delete()
    assert barriers(volunteer, scheme=Scheme.ICV, day=today()) == []
    assert barriers(volunteer, scheme=Scheme.AA, day=today()) == [
        "has not completed “Appropriate adult training (NAAN pack)”"
    ]
    assert eligible(scheme=Scheme.AA, day=today()) == []


def test_everything_at_once_is_named(make_volunteer):
    volunteer = make_volunteer(
        "icv",
        status=VolunteerStatus.SUSPENDED,
        status_reason="Under review",
        independence_declared_on=None,
        vetting_expires_on=yesterday(),
        reaccreditation_due_on=yesterday(),
        trained=False,
    )
    problems = barriers(volunteer, scheme=Scheme.ICV, day=today())
    assert problems == [
        "is not active (status: suspended)",
        "has not declared their independence from the police",
        f"police vetting expired on {long_date(yesterday())}",
        f"accreditation expired on {long_date(yesterday())}",
        *(f"has not completed “{c}”" for c in sorted(ICV_COURSES)),
    ]


def test_require_eligible_names_each_person_and_what_expired(make_volunteer):
    fine = make_volunteer("icv")
    lapsed = make_volunteer("icv", vetting_expires_on=yesterday())
    untrained = make_volunteer("icv")
    TrainingRecord.objects.filter(volunteer=untrained, course__name="Safeguarding").update(
        expires_on=yesterday()
    )
    require_eligible([fine], scheme=Scheme.ICV, day=today(), field="visitors", what="a visit")
    with pytest.raises(ValidationError) as caught:
        require_eligible(
            [fine, lapsed, untrained], scheme=Scheme.ICV, day=today(), field="visitors", what="a visit"
        )
    messages = caught.value.message_dict["visitors"]
    assert messages == [
        f"{lapsed.name} cannot be put on a visit: police vetting expired on {long_date(yesterday())}.",
        f"{untrained.name} cannot be put on a visit: “Safeguarding” training expired on {long_date(yesterday())}.",
    ]


def test_eligible_reads_a_fixed_number_of_queries(make_volunteer, django_assert_max_num_queries):
    for _ in range(12):
        make_volunteer("icv")
    with django_assert_max_num_queries(3):
        assert len(eligible(scheme=Scheme.ICV, day=today())) == 12
