"""The review's outcome steps: findings, the decision, recommendations and the force's response,
learning points, closure (the steps before them are in `actions.py`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from complaints import services
from complaints.forms import actions as forms
from complaints.models import Recommendation
from complaints.workflow import Action
from opcc.core.dates import long_date

from .actions import ReviewStepView, _name


class FindingView(ReviewStepView):
    action = Action.RECORD_FINDING
    service = "finding_record"
    form_class = forms.FindingForm
    page_title = "Record a finding"
    submit_label = "Save the finding"
    intro = "One finding per allegation: was the force's handling reasonable and proportionate?"

    def get_success_message(self):
        return f"Finding recorded: {self.result.get_outcome_display()}."


class DecideView(ReviewStepView):
    action = Action.DECIDE
    service = "review_decide"
    form_class = forms.DecideForm
    template_name = "complaints/case/decide.html"
    page_title = "Decide the review"
    submit_label = "Save the decision"

    def get_context_data(self, **kwargs):
        reviewer = self.review.reviewer
        return super().get_context_data(
            findings=list(self.review.findings.all()),
            not_reviewer=reviewer is not None and reviewer.pk != self.request.user.pk,
            reviewer_name=_name(reviewer) if reviewer else "",
            **kwargs,
        )

    def get_success_message(self):
        return f"Decided: {self.result.get_result_display().lower()}."


class RecommendationAddView(ReviewStepView):
    action = Action.ADD_RECOMMENDATION
    service = "recommendation_add"
    form_class = forms.RecommendationForm
    page_title = "Add a recommendation to the force"
    submit_label = "Add the recommendation"

    def get_success_message(self):
        return "Recommendation added. Send the recommendations to the force when they are all in."


class SendRecommendationsView(ReviewStepView):
    action = Action.SEND_RECOMMENDATIONS
    service = "recommendations_send"
    form_class = forms.SendRecommendationsForm
    page_title = "Send the recommendations to the force"
    submit_label = "Record as sent"

    def get_intro(self):
        unsent = self.review.recommendations.filter(sent_on__isnull=True).count()
        return f"{unsent} recommendation{'s' if unsent != 1 else ''} not sent yet."

    def get_success_message(self):
        return "Recommendations sent. The force's responses are now awaited."


class ResponseView(ReviewStepView):
    action = Action.RECORD_RESPONSE
    form_class = forms.ResponseForm
    page_title = "Record the force's response"
    submit_label = "Save the response"

    def load_row(self, kwargs):
        self.recommendation = get_object_or_404(
            Recommendation, pk=kwargs["recommendation_pk"], review=self.review
        )

    def row_done(self):
        if self.recommendation.response_received_on:
            return (
                f"The force's response was recorded on {long_date(self.recommendation.response_received_on)}."
            )
        return ""

    def get_intro(self):
        return f"Recommendation: {self.recommendation.text}"

    def perform(self, form):
        return services.recommendation_response_record(
            recommendation=self.recommendation, by=self.request.user, **self.data(form)
        )

    def get_success_message(self):
        return f"The force's response recorded: {self.result.get_response_display().lower()}."


class LearningView(ReviewStepView):
    action = Action.ADD_LEARNING
    service = "learning_add"
    form_class = forms.LearningForm
    page_title = "Add a learning point"
    submit_label = "Add the learning point"

    def get_success_message(self):
        return f"Learning point added under {self.result.theme}."


class CloseView(ReviewStepView):
    action = Action.CLOSE
    service = "review_close"
    form_class = forms.CloseForm
    page_title = "Close the review"
    submit_label = "Close the review"
    intro = "Close it once every recommendation has the force's response."

    def get_success_message(self):
        return f"Review closed on {long_date(self.result.closed_on)}."
