"""`manage.py benchmark`: load synthetic data at a scale, time every staff list page, run a load test.

For a throwaway PostgreSQL database only: it refuses SQLite, production settings (unless told) and
a database holding grants data it did not load itself. See the README's "Benchmark" section.
"""

from __future__ import annotations

import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from grants.models import Application
from opcc.core.benchmark import complaints, engagement, loader, report, volunteers
from opcc.core.benchmark.loadrun import run_load
from opcc.core.benchmark.measure import measure, signed_in_client
from opcc.core.benchmark.pages import build_pages
from opcc.core.benchmark.users import benchmark_user

# A caseworker reads a page for longer than this; the run is a busy office, not a typical one.
THINK_SECONDS = 2.0


class Command(BaseCommand):
    help = "Load synthetic grants data into a throwaway PostgreSQL database and time the list pages."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=10_000)
        parser.add_argument("--organisations", type=int, default=1_000)
        parser.add_argument(
            "--reviews",
            type=int,
            default=complaints.DEFAULT_REVIEWS,
            help="Complaint reviews over ten years (all 43 forces hold 80,000-180,000); 0 loads none.",
        )
        parser.add_argument(
            "--volunteers",
            type=int,
            default=volunteers.DEFAULT_VOLUNTEERS,
            help="Custody scheme volunteers (all 43 forces: about 2,000), with 20 visits, 7.5 issues and "
            "75 call-outs each over ten years; 0 loads none.",
        )
        parser.add_argument(
            "--engagement",
            type=int,
            default=engagement.DEFAULT_CASES,
            help="Correspondence cases over ten years (1,500 a year for each of the 43 forces, times 2.3), "
            "with call days and 250 events a year for each force (scaled); 0 loads none.",
        )
        parser.add_argument("--repeat", type=int, default=5, help="Timed requests per page (median).")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--reuse", action="store_true", help="Measure the data already loaded.")
        parser.add_argument("--json", dest="json_path", help="Also write the results to this file.")
        parser.add_argument("--load-users", type=int, default=50, help="0 skips the load run.")
        parser.add_argument("--load-seconds", type=float, default=30)
        parser.add_argument("--load-workers", type=int, default=4)
        parser.add_argument(
            "--load-think",
            type=float,
            default=THINK_SECONDS,
            help="Seconds a user spends on a page before the next request, on average (0: back to back).",
        )
        parser.add_argument("--only", help="Measure only pages whose name contains this text.")
        parser.add_argument(
            "--search", action="store_true", help="Also time finding a person across every module (issue 13)."
        )
        parser.add_argument("--i-know-this-is-not-production", dest="not_production", action="store_true")

    def handle(self, *args, **options):
        self._refuse_unsafe(options)
        user = benchmark_user()
        self._load(user, options)
        pages = build_pages(user)
        if options["only"]:
            pages = [p for p in pages if options["only"] in f"{p.group}: {p.label}"]
        client = signed_in_client(user)
        measures = []
        self.stdout.write(f"Measuring {len(pages)} pages, median of {options['repeat']}:")
        for page in pages:
            measures.append(measure(page, client, max(1, options["repeat"])))
            if options["verbosity"] > 1:
                self.stderr.write(f"  {page.group}: {page.label}")
        self.stdout.write(report.table(measures))
        if options["search"]:
            from opcc.core.benchmark.search import run_searches, table

            self.stdout.write(table(run_searches(user=user, repeat=max(1, options["repeat"]))))
        load_run = None
        if options["load_users"] > 0:
            load_run = self._load_run(user, options)
            self.stdout.write(report.load_run_text(load_run))
        if options["json_path"]:
            scale = {
                "applications": Application.objects.count(),
                "organisations": loader.Organisation.objects.count(),
                "reviews": complaints.Review.objects.count(),
                "volunteers": volunteers.Volunteer.objects.count(),
                "custody_visits": volunteers.CustodyVisit.objects.count(),
                "callouts": volunteers.CallOut.objects.count(),
                "cases": engagement.Case.objects.count(),
                "events": engagement.Event.objects.count(),
                "repeat": options["repeat"],
            }
            Path(options["json_path"]).write_text(report.as_json(scale, measures, load_run), encoding="utf-8")
            self.stdout.write(f"Wrote {options['json_path']}")

    def _refuse_unsafe(self, options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL (set DATABASE_URL to a throwaway database).")
        if not settings.DEBUG and not options["not_production"]:
            raise CommandError(
                "DEBUG is off: this may be production. The benchmark writes millions of rows; run it on a "
                "throwaway database, and pass --i-know-this-is-not-production if that is what this is."
            )
        if (
            loader.holds_other_data()
            or complaints.holds_other_reviews()
            or volunteers.holds_other_volunteers()
            or engagement.holds_other_engagement()
        ):
            raise CommandError(
                "The database holds grants, complaints, custody schemes or correspondence data the benchmark did not load. "
                "Use an empty throwaway database."
            )

    def _load(self, user, options) -> None:
        self._load_grants(user, options)
        reviews = complaints.marker_count()
        if reviews is not None:
            self.stdout.write(f"Reusing {reviews:,} complaint reviews.")
        elif options["reviews"] > 0:
            self.stdout.write(f"Loading {options['reviews']:,} complaint reviews:")
            result = complaints.load_reviews(
                count=options["reviews"], user=user, seed=options["seed"], log=self.stdout.write
            )
            self.stdout.write(f"Loaded and analysed in {result['seconds']:.1f} s.")
        self._load_volunteers(user, options)
        self._load_engagement(user, options)

    def _load_engagement(self, user, options) -> None:
        cases = engagement.marker_count()
        if cases is not None:
            self.stdout.write(f"Reusing {cases:,} correspondence cases.")
        elif options["engagement"] > 0:
            self.stdout.write(
                f"Loading {options['engagement']:,} correspondence cases, call days and events:"
            )
            result = engagement.load_engagement(
                count=options["engagement"], user=user, seed=options["seed"], log=self.stdout.write
            )
            self.stdout.write(f"Loaded and analysed in {result['seconds']:.1f} s.")

    def _load_volunteers(self, user, options) -> None:
        people = volunteers.marker_count()
        if people is not None:
            self.stdout.write(f"Reusing {people:,} custody scheme volunteers.")
        elif options["volunteers"] > 0:
            self.stdout.write(
                f"Loading {options['volunteers']:,} custody scheme volunteers and their records:"
            )
            result = volunteers.load_volunteers(
                count=options["volunteers"], user=user, seed=options["seed"], log=self.stdout.write
            )
            self.stdout.write(f"Loaded and analysed in {result['seconds']:.1f} s.")

    def _load_grants(self, user, options) -> None:
        loaded = loader.marker_counts()
        if loaded is not None:
            if not options["reuse"]:
                raise CommandError(
                    f"The benchmark's data is already loaded ({loaded[0]:,} applications, {loaded[1]:,} "
                    "organisations): pass --reuse to measure it, or start from an empty database."
                )
            self.stdout.write(f"Reusing {loaded[0]:,} applications and {loaded[1]:,} organisations.")
            return
        self.stdout.write(
            f"Loading {options['applications']:,} applications and {options['organisations']:,} organisations:"
        )
        result = loader.load(
            applications=options["applications"],
            organisations=max(1, options["organisations"]),
            user=user,
            seed=options["seed"],
            log=self.stdout.write,
        )
        self.stdout.write(f"Loaded and analysed in {result.seconds:.1f} s.")

    def _load_run(self, user, options):
        rng = random.Random(options["seed"])  # noqa: S311 (repeatable sample of records)
        first, last = (
            Application.objects.order_by("pk").values_list("pk", flat=True)[:1].get(),
            (Application.objects.order_by("-pk").values_list("pk", flat=True)[:1].get()),
        )
        candidates = {rng.randint(first, last) for _ in range(2000)}
        ids = list(Application.objects.filter(pk__in=candidates).values_list("pk", flat=True))
        record_urls = [f"/grants/applications/{pk}/" for pk in ids]
        list_urls = [
            "/grants/applications/",
            "/grants/applications/?status=approved",
            "/grants/organisations/",
        ]
        if complaints.Review.objects.exists():
            list_urls.append("/complaints/reviews/")
        if volunteers.CallOut.objects.exists():
            list_urls.extend(["/volunteers/call-outs/", "/volunteers/visits/"])
        if engagement.Case.objects.exists():
            list_urls.extend(["/engagement/cases/", "/engagement/events/"])
        self.stdout.write("Load run:")
        return run_load(
            user=user,
            users=options["load_users"],
            seconds=options["load_seconds"],
            workers=options["load_workers"],
            list_urls=list_urls,
            record_urls=record_urls,
            think=options["load_think"],
            log=self.stdout.write,
        )
