"""The applications list (filters, sorting, pagination), the application page and its steps,
and entering / changing an application through the form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import AllocationLine, Application, Status, Theme
from opcc.core import roles
from opcc.core.models import FinancialYear
from tests.grants.conftest import today
from tests.grants.test_views_support import d, problem, text

pytestmark = pytest.mark.django_db

LIST = reverse("grants:applications")
ADD = reverse("grants:application_add")


def listed(response) -> list[str]:
    return [row.record.reference for row in response.context["table"].paginated_rows]


@pytest.fixture
def staff_client(client, grants_users):
    client.force_login(grants_users.staff)
    return client


@pytest.fixture
def form_data(fund_year, line, organisation):
    themes = list(Theme.objects.filter(name__in=["Youth", "Sports diversion"]))
    return {
        "fund_year": fund_year.pk,
        "organisation": organisation.name,
        "project_title": "Saturday football",
        "summary": "Football coaching on Saturday evenings.",
        "allocation_line": line.pk,
        "themes": [t.pk for t in themes],
        "amount_requested": "£2,500.50",
        "beneficiaries": "Young people in Small Heath",
        "beneficiaries_count": "25",
        "planned_start": d(today() + timedelta(days=10)),
        "planned_end": d(today() + timedelta(days=100)),
        "received_on": d(today() - timedelta(days=1)),
        "crime_reduction_rationale": "Fewer calls about anti-social behaviour on Saturday nights.",
    }


# --- the list -------------------------------------------------------------------------------


class TestList:
    def test_filters_each_narrow_the_list(self, staff_client, make_application, make_organisation, fund_year):
        other_org = make_organisation(name="Wolverhampton Wanderers Foundation")
        coventry = AllocationLine.objects.get(fund_year=fund_year, area__name="Coventry")
        boxing = make_application(project_title="Boxing", amount_requested=Decimal("1000"))
        football = make_application(
            project_title="Football",
            organisation=other_org,
            allocation_line=coventry,
            amount_requested=Decimal("3000"),
            received_on=today() - timedelta(days=40),
        )
        services.application_submit(application=football, by=football.entered_by)

        def refs(**params):
            response = staff_client.get(LIST, params)
            assert response.status_code == 200
            return set(listed(response))

        both = {boxing.reference, football.reference}
        assert refs() == both
        assert refs(q="boxing") == {boxing.reference}
        assert refs(q="wanderers") == {football.reference}
        assert refs(q=football.reference) == {football.reference}
        assert refs(fund_year=fund_year.pk) == both
        assert refs(area=coventry.area_id) == {football.reference}
        assert refs(status=Status.SUBMITTED) == {football.reference}
        assert refs(organisation="wanderers foundation") == {football.reference}
        assert refs(organisation="no such club") == set()
        assert refs(amount_min="2,000") == {football.reference}
        assert refs(amount_max="£1000") == {boxing.reference}
        assert refs(received_from=d(today() - timedelta(days=10))) == {boxing.reference}
        assert refs(received_to=d(today() - timedelta(days=10))) == {football.reference}
        assert refs(q="boxing", status=Status.SUBMITTED) == set()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"amount_min": "1e5"}, "Enter an amount in pounds, like 2500 or 2500.50"),
            ({"amount_max": "12.345"}, "no more than 2 decimal places"),
            ({"received_from": "31/02/2025"}, "must be a real date"),
        ],
    )
    def test_bad_filter_input_is_explained(self, staff_client, make_application, params, message):
        make_application()
        response = staff_client.get(LIST, params)
        problem(response, message)
        assert listed(response) == []

    def test_sorting(self, staff_client, make_application, make_organisation):
        small = make_application(amount_requested=Decimal("100"), organisation=make_organisation(name="Zeta"))
        large = make_application(
            amount_requested=Decimal("900"), organisation=make_organisation(name="Alpha")
        )
        assert listed(staff_client.get(LIST, {"sort": "amount_requested"})) == [
            small.reference,
            large.reference,
        ]
        assert listed(staff_client.get(LIST, {"sort": "-amount_requested"})) == [
            large.reference,
            small.reference,
        ]
        assert listed(staff_client.get(LIST, {"sort": "organisation"})) == [large.reference, small.reference]
        page = text(staff_client.get(LIST, {"sort": "organisation"}))
        assert 'aria-sort="ascending"' in page

    def test_25_per_page(self, staff_client, make_application):
        for _ in range(27):
            make_application()
        first = staff_client.get(LIST)
        assert len(listed(first)) == 25
        assert 'aria-label="Pagination"' in text(first)
        assert len(listed(staff_client.get(LIST, {"page": 2}))) == 2

    def test_status_tag_and_reference_link(self, staff_client, application_in):
        application = application_in(Status.APPROVED)
        page = text(staff_client.get(LIST))
        assert '<strong class="govuk-tag govuk-tag--green">Approved</strong>' in page
        assert (
            f'<a class="govuk-link" href="{application.get_absolute_url()}">{application.reference}</a>'
            in page
        )

    def test_awaiting_my_decision(self, client, grants_users, application_in):
        mine = application_in(Status.ASSESSED)
        theirs = application_in(Status.ASSESSED, decided_by=grants_users.other_manager)
        services.conflict_declare(application=theirs, by=grants_users.manager, details="My cousin runs it.")
        client.force_login(grants_users.manager)
        assert listed(client.get(LIST, {"awaiting": "me"})) == [mine.reference]

    def test_monitoring_overdue(self, staff_client, application_in):
        overdue = application_in(Status.MONITORING_DUE)
        overdue.award.monitoring_returns.update(due_on=today() - timedelta(days=1))
        application_in(Status.MONITORING_DUE)
        assert listed(staff_client.get(LIST, {"monitoring": "overdue"})) == [overdue.reference]


# --- entering an application --------------------------------------------------------------


class TestEnter:
    def test_good_input_saves_a_draft(self, staff_client, grants_users, form_data):
        response = staff_client.post(ADD, form_data, follow=True)
        application = Application.objects.get()
        assert response.redirect_chain[-1][0] == application.get_absolute_url()
        assert f"Application {application.reference} saved as a draft" in text(response)
        assert application.status == Status.DRAFT
        assert application.amount_requested == Decimal("2500.50")
        assert application.entered_by == grants_users.staff
        assert {t.name for t in application.themes.all()} == {"Youth", "Sports diversion"}
        assert application.history.count() == 1

    def test_only_open_fund_years_are_offered(self, staff_client, fund_year, hcf, grants_users):
        closed = services.fund_year_create(
            fund=hcf,
            financial_year=FinancialYear.objects.get(start_year=2023),
            envelope="1000",
            max_award="500",
            by=grants_users.manager,
        )
        services.fund_year_update(fund_year=closed, by=grants_users.manager, is_open=False)
        choices = list(staff_client.get(ADD).context["form"].fields["fund_year"].queryset)
        assert choices == [fund_year]

    @pytest.mark.parametrize(
        ("changes", "messages"),
        [
            (
                dict.fromkeys(("fund_year", "organisation", "project_title", "amount_requested"), ""),
                [
                    "Choose the fund year",
                    "Enter the organisation applying",
                    "Enter the project title",
                    "Enter the amount requested",
                ],
            ),
            ({"amount_requested": "1e5"}, ["Enter an amount in pounds, like 2500 or 2500.50"]),
            ({"amount_requested": "12.345"}, ["Enter an amount with no more than 2 decimal places (pence)"]),
            ({"amount_requested": "-5"}, ["Enter an amount greater than £0"]),
            ({"amount_requested": "=1+1"}, ["Enter an amount in pounds"]),
            ({"beneficiaries_count": "lots"}, ["Enter a whole number, like 25"]),
            ({"planned_end": d(today())}, ["The planned end date must be after the planned start date"]),
            ({"received_on": d(today() + timedelta(days=1))}, ["The date received cannot be in the future"]),
            ({"received_on": "32/01/2025"}, ["The date received must be a real date, like 27/03/2025"]),
        ],
        ids=[
            "blank",
            "exponent",
            "pence",
            "negative",
            "formula",
            "count",
            "end-before-start",
            "future",
            "not-a-date",
        ],
    )
    def test_bad_input_is_refused_and_nothing_saved(self, staff_client, form_data, changes, messages):
        response = staff_client.post(ADD, {**form_data, **changes})
        problem(response, *messages)
        assert not Application.objects.exists()

    def test_area_of_another_fund_year_is_refused_by_the_service(
        self, staff_client, form_data, hcf, grants_users
    ):
        other = services.fund_year_create(
            fund=hcf,
            financial_year=FinancialYear.objects.get(start_year=2025),
            envelope="1000",
            max_award="500",
            by=grants_users.manager,
        )
        wrong_line = AllocationLine.objects.filter(fund_year=other).first()
        response = staff_client.post(ADD, {**form_data, "allocation_line": wrong_line.pk})
        problem(response, "Choose an area or pot of this fund year.")
        form = response.context["form"]
        assert form.errors["allocation_line"] == ["Choose an area or pot of this fund year."]
        assert not Application.objects.exists()

    def test_a_fund_year_closed_meanwhile_is_a_form_error(
        self, staff_client, form_data, fund_year, grants_users
    ):
        services.fund_year_update(fund_year=fund_year, by=grants_users.manager, is_open=False)
        problem(staff_client.post(ADD, form_data), "Select a valid choice")
        assert not Application.objects.exists()


class TestEdit:
    def test_good_input_changes_it(self, staff_client, make_application, form_data):
        application = make_application()
        url = reverse("grants:application_edit", args=[application.pk])
        assert staff_client.get(url).context["form"].initial["project_title"] == "Friday night boxing"
        data = {**form_data, "project_title": "Boxing and mentoring", "amount_requested": "1750"}
        data.pop("fund_year")
        response = staff_client.post(url, data, follow=True)
        assert f"Application {application.reference} changed." in text(response)
        application.refresh_from_db()
        assert application.project_title == "Boxing and mentoring"
        assert application.amount_requested == Decimal("1750.00")

    def test_bad_input_changes_nothing(self, staff_client, make_application, form_data):
        application = make_application()
        url = reverse("grants:application_edit", args=[application.pk])
        data = {**form_data, "amount_requested": "-5", "project_title": "Changed"}
        problem(staff_client.post(url, data), "Enter an amount greater than £0")
        application.refresh_from_db()
        assert application.project_title == "Friday night boxing"

    def test_cannot_change_once_decided(self, staff_client, application_in, form_data):
        application = application_in(Status.APPROVED)
        url = reverse("grants:application_edit", args=[application.pk])
        response = staff_client.post(url, {**form_data, "project_title": "Changed"}, follow=True)
        assert response.redirect_chain[-1][0] == application.get_absolute_url()
        assert "You cannot edit it: its status is Approved." in text(response)
        application.refresh_from_db()
        assert application.project_title == "Friday night boxing"


# --- the application page -----------------------------------------------------------------


def buttons(response) -> list[str]:
    return [step.label for step in response.context["steps"].steps]


class TestApplicationPage:
    @pytest.fixture
    def both(self, make_user):
        """Someone who is Office staff and a Grants manager, and has not touched the application."""
        return make_user(roles.OFFICE_STAFF, roles.GRANTS_MANAGER, username="both-roles")

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            (Status.DRAFT, ["Submit the application", "Change the details", "Withdraw"]),
            (Status.SUBMITTED, ["Start the eligibility check", "Change the details", "Withdraw"]),
            (Status.ELIGIBILITY_CHECK, ["Assess and recommend", "Change the details", "Withdraw"]),
            (Status.INELIGIBLE, []),
            (Status.ASSESSED, ["Approve", "Reject", "Return for more information", "Withdraw"]),
            (Status.REJECTED, []),
            (Status.RETURNED, ["Submit the application", "Change the details", "Withdraw"]),
            (Status.APPROVED, ["Record the signed agreement", "Vary the award", "Withdraw"]),
            (
                Status.AGREEMENT_SIGNED,
                ["Record a payment", "Schedule a monitoring return", "Vary the award", "Withdraw"],
            ),
            (Status.PAID, ["Schedule a monitoring return", "Vary the award", "Withdraw"]),
            (
                Status.MONITORING_DUE,
                ["Schedule a monitoring return", "Vary the award", "Close the grant", "Withdraw"],
            ),
            (Status.CLOSED, []),
            (Status.WITHDRAWN, []),
        ],
    )
    def test_only_allowed_steps_appear(self, client, both, application_in, status, expected):
        application = application_in(status)
        client.force_login(both)
        response = client.get(application.get_absolute_url())
        assert response.status_code == 200
        assert buttons(response) == expected
        page = text(response)
        for label in expected:
            assert label in page

    def test_staff_never_see_decisions_and_managers_never_see_data_entry(
        self, client, grants_users, application_in
    ):
        assessed = application_in(Status.ASSESSED)
        client.force_login(grants_users.staff)
        assert buttons(client.get(assessed.get_absolute_url())) == ["Withdraw"]
        draft = application_in(Status.DRAFT)
        client.force_login(grants_users.manager)
        response = client.get(draft.get_absolute_url())
        assert buttons(response) == []
        assert "Nothing for you to do at this stage." in text(response)

    @pytest.mark.parametrize("role", ["entered_by", "assessed_by"])
    def test_a_manager_who_entered_or_assessed_sees_why_not_instead_of_buttons(
        self, client, both, application_in, role
    ):
        application = application_in(Status.ASSESSED, **{role: both})
        client.force_login(both)
        response = client.get(application.get_absolute_url())
        assert not {"Approve", "Reject", "Return for more information"} & set(buttons(response))
        verb = "entered" if role == "entered_by" else "assessed"
        assert f"You {verb} this application, so another manager must decide it." in text(response)

    def test_shows_award_payments_monitoring_decisions_and_history(
        self, client, grants_users, application_in
    ):
        application = application_in(Status.MONITORING_DUE)
        client.force_login(grants_users.staff)
        page = text(client.get(application.get_absolute_url()))
        for fragment in (
            "Amount awarded",
            "£1,500",
            f"FIN-{application.reference}",
            "Monitoring returns",
            "Not yet",
            "Record<span",
            "Decisions",
            "Approved",
            "Assessment",
            "Strong local partnership",
            'id="history"',
            "Eligibility check started",
            "Paid in full",
            application.received_on.strftime("%-d %B %Y"),
        ):
            assert fragment in page, fragment

    def test_themes_and_checks_are_listed(self, client, grants_users, make_application):
        application = make_application(themes=Theme.objects.filter(name="Youth"))
        client.force_login(grants_users.manager)
        assert "Youth" in text(client.get(application.get_absolute_url()))

    def test_unknown_application_is_404(self, staff_client):
        assert staff_client.get(reverse("grants:application", args=[999999])).status_code == 404
