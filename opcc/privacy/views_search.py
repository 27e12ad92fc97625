"""The header search: one box on every page, results grouped by module (opcc.privacy.search)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.views.generic import TemplateView

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.pages import Page
from opcc.privacy.search import MAX_QUERY, clean_text, may_search, search_records


class SearchView(Page, TemplateView):
    """GET ?q=: the records the user may open that match. A user who may open no source gets 403.

    Each search is an audit event with the query's length and the number of results, never the
    query itself: it is often a person's name, email or phone number, and the audit trail is read
    by people who may not see that person's records.
    """

    permission_required = ()  # any source the user may open: has_permission below
    template_name = "privacy/search/results.html"
    page_title = "Search records"

    def has_permission(self) -> bool:
        return may_search(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = clean_text(raw)
        context.update(query=query, max_query=MAX_QUERY, searched=False, groups=[], error="", total=0)
        if not raw.strip():
            return context
        try:
            groups = search_records(user=self.request.user, query=query)
        except ValidationError as error:
            context["error"] = error.messages[0]
            return context
        total = sum(len(g.results) for g in groups)
        audit_record(
            action=Action.RECORDS_SEARCHED,
            request=self.request,
            detail={"length": len(query), "results": total},
        )
        context.update(
            searched=True,
            groups=groups,
            total=total,
            more=any(g.more for g in groups),
            page_title="Search results",  # not the query: a name would sit in the browser's history
        )
        return context
