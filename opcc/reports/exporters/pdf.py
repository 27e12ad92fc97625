"""The pack as a printable PDF: an HTML template rendered by WeasyPrint, with matplotlib charts."""

from __future__ import annotations

from django.template.loader import render_to_string

from opcc.reports.exporters.charts import money_chart
from opcc.reports.pack import Pack
from opcc.reports.presentation import display_table


def render_html(pack: Pack) -> str:
    tables = []
    for table in pack.tables:
        shown = display_table(table)
        chart = money_chart(table)
        if chart is not None:
            shown.chart, shown.chart_description = chart
        tables.append(shown)
    return render_to_string("reports/pack_pdf.html", {"pack": pack, "tables": tables, "checks": pack.checks})


def export(pack: Pack) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(pack)).write_pdf()
