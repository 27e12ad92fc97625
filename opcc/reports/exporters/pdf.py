"""The pack as a printable PDF: an HTML template rendered as tagged PDF/UA-1, with matplotlib charts."""

from __future__ import annotations

from django.template.loader import render_to_string

from opcc.core.pdf import render_pdf
from opcc.reports.exporters.charts import money_chart
from opcc.reports.pack import Pack
from opcc.reports.presentation import display_table, pack_contents


def document_title(pack: Pack) -> str:
    return f"OPCC annual report statistics {pack.financial_year}"


def render_html(pack: Pack) -> str:
    tables = []
    for table in pack.tables:
        shown = display_table(table)
        chart = money_chart(table)
        if chart is not None:
            shown.chart, shown.chart_description = chart
        tables.append(shown)
    return render_to_string(
        "reports/pack_pdf.html",
        {
            "pack": pack,
            "title": document_title(pack),
            "tables": tables,
            "checks": pack.checks,
            "contents": pack_contents(pack),
        },
    )


def export(pack: Pack) -> bytes:
    return render_pdf(html=render_html(pack), title=document_title(pack))
