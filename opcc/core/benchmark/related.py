"""The benchmark's payments and theme links, written by INSERT ... SELECT from the loaded awards.

Without them the exports' themes and paid columns and the report pack's payment totals would be
measured over empty tables.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from grants.models import Application, Award, Payment, Status, Theme


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


PAID = [Status.PAID.value, Status.MONITORING_DUE.value, Status.CLOSED.value]


def insert_payments_and_themes(first_id: int, user_id: int, today: dt.date) -> tuple[int, int]:
    """Payments for paid awards (every third in two instalments) and one or two themes each."""
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True)) or [
        Theme.objects.create(name="Benchmark theme").pk
    ]
    through = _table(Application.themes.through)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {_table(Payment)} (award_id, fund_year_id, paid_on, amount, finance_reference,
                recorded_by_id, created_at, updated_at)
            SELECT w.id, w.fund_year_id, LEAST(w.offered_on + 14 + 60 * part, %(today)s::date),
                CASE WHEN w.id %% 3 <> 0 THEN w.amount WHEN part = 0 THEN ROUND(w.amount * 0.6, 2)
                     ELSE w.amount - ROUND(w.amount * 0.6, 2) END,
                'FIN-' || w.id || '-' || part, %(user)s, w.created_at, w.created_at
            FROM {_table(Award)} w JOIN {_table(Application)} a ON a.id = w.application_id
            CROSS JOIN generate_series(0, 1) AS part
            WHERE a.id >= %(first)s AND a.status = ANY(%(paid)s) AND (part = 0 OR w.id %% 3 = 0)""",  # noqa: S608 (tables from model metadata)
            {"today": today, "user": user_id, "first": first_id, "paid": PAID},
        )
        payments = cursor.rowcount
        cursor.execute(
            f"""INSERT INTO {through} (application_id, theme_id)
            SELECT a.id, (%(themes)s::bigint[])[1 + (a.id + k) %% %(n)s]
            FROM {_table(Application)} a CROSS JOIN generate_series(0, 1) AS k
            WHERE a.id >= %(first)s AND (k = 0 OR (a.id %% 2 = 0 AND %(n)s > 1))""",  # noqa: S608 (tables from model metadata)
            {"themes": themes, "n": len(themes), "first": first_id},
        )
        return payments, cursor.rowcount
