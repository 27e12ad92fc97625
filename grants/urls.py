from django.urls import include, path

from .views import actions, applications, exports, funds, home, organisations

app_name = "grants"

application = "applications/<int:pk>/"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    # Applications
    path("applications/", applications.ApplicationListView.as_view(), name="applications"),
    path(
        "applications/export.csv",
        exports.ApplicationExportView.as_view(file_format="csv"),
        name="applications_csv",
    ),
    path(
        "applications/export.xlsx",
        exports.ApplicationExportView.as_view(file_format="xlsx"),
        name="applications_xlsx",
    ),
    path("applications/add/", applications.ApplicationCreateView.as_view(), name="application_add"),
    path(application, applications.ApplicationDetailView.as_view(), name="application"),
    path(f"{application}edit/", applications.ApplicationUpdateView.as_view(), name="application_edit"),
    path(f"{application}submit/", actions.SubmitView.as_view(), name="application_submit"),
    path(f"{application}start-check/", actions.StartCheckView.as_view(), name="application_start_check"),
    path(f"{application}assess/", actions.AssessView.as_view(), name="application_assess"),
    path(f"{application}conflict/", actions.ConflictView.as_view(), name="application_conflict"),
    path(f"{application}approve/", actions.ApproveView.as_view(), name="application_approve"),
    path(f"{application}reject/", actions.RejectView.as_view(), name="application_reject"),
    path(f"{application}return/", actions.ReturnView.as_view(), name="application_return"),
    path(f"{application}agreement/", actions.AgreementView.as_view(), name="application_agreement"),
    path(f"{application}payment/", actions.PaymentView.as_view(), name="application_payment"),
    path(
        f"{application}monitoring/schedule/",
        actions.MonitoringScheduleView.as_view(),
        name="application_monitoring_schedule",
    ),
    path(
        f"{application}monitoring/<int:return_pk>/",
        actions.MonitoringReceiveView.as_view(),
        name="application_monitoring_receive",
    ),
    path(f"{application}vary/", actions.VaryView.as_view(), name="application_vary"),
    path(f"{application}withdraw/", actions.WithdrawView.as_view(), name="application_withdraw"),
    path(f"{application}close/", actions.CloseView.as_view(), name="application_close"),
    # Funds and allocations
    path("funds/", funds.FundYearListView.as_view(), name="fund_years"),
    path("funds/add/", funds.FundYearCreateView.as_view(), name="fund_year_add"),
    path("funds/<int:pk>/", funds.FundYearDetailView.as_view(), name="fund_year"),
    path("funds/<int:pk>/edit/", funds.FundYearUpdateView.as_view(), name="fund_year_edit"),
    path("funds/<int:pk>/top-ups/add/", funds.TopUpCreateView.as_view(), name="top_up_add"),
    path("funds/<int:pk>/lines/add/", funds.LineCreateView.as_view(), name="line_add"),
    path("funds/<int:pk>/lines/<int:line_pk>/", funds.LineUpdateView.as_view(), name="line_edit"),
    # Organisations
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisations"),
    path("organisations/add/", organisations.OrganisationCreateView.as_view(), name="organisation_add"),
    path("organisations/<int:pk>/", organisations.OrganisationDetailView.as_view(), name="organisation"),
    path(
        "organisations/<int:pk>/edit/",
        organisations.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    # Publication outputs (360Giving, grants register)
    path("publications/", include("grants.publication_urls")),
]
