"""What follows a review's decision, for the pack and the quarterly page: recommendations to
the force with its responses, and learning points by theme (see `reviews.py` for what each counts by)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils import timezone

from complaints.models import LearningPoint, Recommendation
from opcc.core.statistics import Column, StatTable

from .periods import BASIS, MEASURE, NUMBER, PERCENT, Period, measure_row, review_table

# --- recommendations -------------------------------------------------------------------------------


def recommendations_table(period: Period) -> StatTable:
    """Recommendations sent to the force in the period, and the force's responses so far."""
    table = review_table(
        "review_recommendations",
        "Recommendations from complaint reviews",
        "Review recommendations",
        period,
        "recommendations to the force, by the date sent",
        [MEASURE, BASIS, NUMBER, PERCENT],
        show_total=False,
    )
    response = Recommendation.Response
    n = Recommendation.objects.filter(sent_on__range=period.range).aggregate(
        made=Count("pk"),
        responded=Count("pk", filter=Q(response_received_on__isnull=False)),
        accepted=Count("pk", filter=Q(response=response.ACCEPTED)),
        partly=Count("pk", filter=Q(response=response.PARTLY)),
        not_accepted=Count("pk", filter=Q(response=response.NOT_ACCEPTED)),
    )
    made = n["made"]
    if not made:
        table.notes.append(f"No recommendations were sent to the force in {period.label}.")
        return table
    table.rows = [
        measure_row("Made", "Sent to the force after an upheld review", made),
        measure_row("Responded to", "The force's response is recorded", n["responded"], made),
        measure_row("Accepted", "The force accepted it", n["accepted"], made),
        measure_row("Partly accepted", "The force accepted part of it", n["partly"], made),
        measure_row("Not accepted", "The force did not accept it", n["not_accepted"], made),
        measure_row("Awaiting a response", "No response recorded yet", made - n["responded"], made),
    ]
    table.notes.append(
        "Per cent of the recommendations made; responses as recorded when the figures were read."
    )
    return table


# --- learning --------------------------------------------------------------------------------------


def learning_table(period: Period) -> StatTable:
    """Learning points of the reviews decided in the period, by theme (one grouped query)."""
    table = review_table(
        "review_learning",
        "Learning from complaint reviews by theme",
        "Review learning themes",
        period,
        "learning points of the reviews decided in the period",
        [
            Column("theme", "Theme"),
            Column("points", "Learning points", "count"),
            Column("reviews", "Reviews", "count", summed=False),
            Column("latest", "Latest recorded"),
        ],
    )
    rows = (
        LearningPoint.objects.filter(review__decided_on__range=period.range)
        .values("theme__sort_order", "theme__name")
        .annotate(points=Count("pk"), reviews=Count("review", distinct=True), latest=Max("created_at"))
        .order_by("theme__sort_order", "theme__name")
    )
    table.rows = [
        {
            "theme": r["theme__name"],
            "points": r["points"],
            "reviews": r["reviews"],
            "latest": f"{timezone.localtime(r['latest']):%d/%m/%Y}",
        }
        for r in rows
    ]
    if not table.rows:
        table.notes.append(f"No learning points are recorded on reviews decided in {period.label}.")
    else:
        table.notes.append("A review with points under several themes counts once under each.")
    return table
