"""`{% header_search %}`: the search box in the service header, for people who may open a source."""

from django import template

from opcc.privacy.search import MAX_QUERY, may_search

register = template.Library()


@register.inclusion_tag("privacy/search/_header_form.html", takes_context=True)
def header_search(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    verified = getattr(user, "is_verified", None)
    shown = bool(user and user.is_authenticated and verified and verified() and may_search(user))
    match = getattr(request, "resolver_match", None)
    on_results = bool(match and match.view_name == "privacy:search")
    query = request.GET.get("q", "")[:MAX_QUERY] if shown and on_results else ""
    return {"shown": shown, "query": query, "max_query": MAX_QUERY}
