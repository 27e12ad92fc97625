"""The complaint reviews list: filters, sortable columns, capped pagination, the clock on each row."""

from __future__ import annotations

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from complaints.filters import ReviewFilter, request_closures
from complaints.models import Review, ServiceStandards
from complaints.tables import ReviewTable
from opcc.core.lists import CappedPaginator

from .case import ACCESS, ReviewPage

VIEW = (ACCESS, "complaints.view_review")
PER_PAGE = 25


def review_queryset():
    return Review.objects.for_list()


class ReviewListView(ReviewPage, SingleTableMixin, FilterView):
    template_name = "complaints/review_list.html"
    permission_required = VIEW
    page_title = "Reviews"
    table_class = ReviewTable
    filterset_class = ReviewFilter
    table_pagination = {"per_page": PER_PAGE, "paginator_class": CappedPaginator}

    def get_queryset(self):
        return review_queryset()

    def get_table_kwargs(self):
        """Closure days and the 'due soon' standard: read once for every row's clock."""
        return {
            "closed": request_closures(self.request),
            "due_soon": ServiceStandards.current().due_soon_working_days,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "sort"):
            query.pop(key, None)
        context["export_query"] = query.urlencode()
        context["filters_active"] = any(v for v in query.values())
        return context
