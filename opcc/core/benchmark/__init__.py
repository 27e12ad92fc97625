"""The benchmark the project ships (`manage.py benchmark`): synthetic data at a chosen scale, each
staff list page timed against its own SQL and the admin changelist, and a bounded load run.

Modules: `loader` (COPY the grants data in), `complaints` (the complaint reviews, likewise), `pages`
(which pages, and timing them), `loadrun` (gunicorn and concurrent users), `report` (the table),
`users` (the signed-in benchmark user).
"""
