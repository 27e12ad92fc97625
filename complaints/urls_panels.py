"""Panel members, misconduct hearings and notices of appeal (complaints/views/panels.py)."""

from django.urls import path

from .views import panels as views
from .views import seats

MEMBER = "panel-members/<int:pk>/"
HEARING = "hearings/<int:pk>/"
APPEAL = "appeals/<int:pk>/"

urlpatterns = [
    path("panel-members/", views.PanelMemberListView.as_view(), name="panel_members"),
    path("panel-members/add/", views.PanelMemberCreateView.as_view(), name="panel_member_add"),
    path(MEMBER, views.PanelMemberDetailView.as_view(), name="panel_member"),
    path(MEMBER + "edit/", views.PanelMemberUpdateView.as_view(), name="panel_member_edit"),
    path("hearings/", views.HearingListView.as_view(), name="hearings"),
    path("hearings/add/", views.HearingCreateView.as_view(), name="hearing_add"),
    path(HEARING, views.HearingDetailView.as_view(), name="hearing"),
    path(HEARING + "edit/", views.HearingUpdateView.as_view(), name="hearing_edit"),
    path(HEARING + "rota/<str:role>/", seats.HearingRotaView.as_view(), name="hearing_rota"),
    path(HEARING + "appoint/<str:role>/", seats.HearingManualView.as_view(), name="hearing_appoint"),
    path(HEARING + "held/", views.HearingHoldView.as_view(), name="hearing_hold"),
    path(HEARING + "outcome-notified/", views.HearingNotifyView.as_view(), name="hearing_notify"),
    path(HEARING + "adjourn/", views.HearingAdjournView.as_view(), name="hearing_adjourn"),
    path(HEARING + "cancel/", views.HearingCancelView.as_view(), name="hearing_cancel"),
    path("appeals/", views.AppealListView.as_view(), name="appeals"),
    path("appeals/add/", views.AppealCreateView.as_view(), name="appeal_add"),
    path(APPEAL, views.AppealDetailView.as_view(), name="appeal"),
    path(APPEAL + "edit/", views.AppealUpdateView.as_view(), name="appeal_edit"),
    path(APPEAL + "arrange/", views.AppealArrangeView.as_view(), name="appeal_arrange"),
    path(APPEAL + "rota/<str:role>/", seats.AppealRotaView.as_view(), name="appeal_rota"),
    path(APPEAL + "appoint/<str:role>/", seats.AppealManualView.as_view(), name="appeal_appoint"),
    path(APPEAL + "heard/", views.AppealHearView.as_view(), name="appeal_hear"),
    path(APPEAL + "determine/", views.AppealDetermineView.as_view(), name="appeal_determine"),
    path(APPEAL + "withdraw/", views.AppealWithdrawView.as_view(), name="appeal_withdraw"),
]
