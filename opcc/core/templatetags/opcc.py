from django import template

from opcc.core import tables
from opcc.core.history import history_for
from opcc.core.money import format_gbp

register = template.Library()


@register.filter
def gbp(value):
    """The one way an amount is shown: "£2,960", "£2,960.50", "-£20" (opcc.core.money)."""
    return format_gbp(value)


@register.filter
def count(value):
    """A whole number as the reports print it: "10,879"."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.inclusion_tag("includes/history.html")
def history_panel(obj, heading="History"):
    return {"entries": history_for(obj), "heading": heading}


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def table_body(table):
    """The rows of a django-tables2 table's page, rendered from a per-column plan (opcc.core.tables)."""
    return tables.table_body(table)
