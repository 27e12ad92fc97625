"""A review's case page, recording and correcting an application, and one page per step."""

from django.urls import path

from .views import actions, outcome_steps
from .views.case import ReviewCreateView, ReviewDetailView, ReviewUpdateView

CASE = "reviews/<int:pk>/"
REQUEST = CASE + "information/<int:request_pk>/"
RECOMMENDATION = CASE + "recommendations/<int:recommendation_pk>/"

urlpatterns = [
    path("reviews/add/", ReviewCreateView.as_view(), name="review_add"),
    path(CASE, ReviewDetailView.as_view(), name="review"),
    path(CASE + "edit/", ReviewUpdateView.as_view(), name="review_edit"),
    # Intake
    path(CASE + "acknowledge/", actions.AcknowledgeView.as_view(), name="review_acknowledge"),
    path(CASE + "body-check/", actions.BodyCheckView.as_view(), name="review_check_body"),
    path(CASE + "forwarding/", actions.ForwardingView.as_view(), name="review_record_forwarding"),
    path(CASE + "forward-to-iopc/", actions.ForwardToIopcView.as_view(), name="review_forward_to_iopc"),
    path(CASE + "invalid/", actions.InvalidView.as_view(), name="review_mark_invalid"),
    path(CASE + "out-of-time/", actions.OutOfTimeView.as_view(), name="review_mark_out_of_time"),
    path(CASE + "extend/", actions.ExtendView.as_view(), name="review_extend"),
    path(CASE + "withdraw/", actions.WithdrawView.as_view(), name="review_withdraw"),
    # The review
    path(CASE + "start/", actions.StartView.as_view(), name="review_start"),
    path(CASE + "reviewer/", actions.ReassignView.as_view(), name="review_reassign"),
    path(CASE + "conflict/", actions.ConflictView.as_view(), name="review_declare_conflict"),
    path(
        CASE + "information/add/", actions.RequestInformationView.as_view(), name="review_request_information"
    ),
    path(REQUEST + "chase/", actions.ChaseView.as_view(), name="information_chase"),
    path(REQUEST + "receive/", actions.ReceiveView.as_view(), name="information_receive"),
    path(CASE + "findings/add/", outcome_steps.FindingView.as_view(), name="review_record_finding"),
    path(CASE + "decide/", outcome_steps.DecideView.as_view(), name="review_decide"),
    path(
        CASE + "recommendations/add/",
        outcome_steps.RecommendationAddView.as_view(),
        name="review_add_recommendation",
    ),
    path(
        CASE + "recommendations/send/",
        outcome_steps.SendRecommendationsView.as_view(),
        name="review_send_recommendations",
    ),
    path(RECOMMENDATION + "response/", outcome_steps.ResponseView.as_view(), name="recommendation_response"),
    path(CASE + "learning/add/", outcome_steps.LearningView.as_view(), name="review_add_learning"),
    path(CASE + "close/", outcome_steps.CloseView.as_view(), name="review_close"),
]
