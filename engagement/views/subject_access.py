"""A subject access request's pages: find the person across every module, confirm the records that
are theirs, build the disclosure bundle, tick third parties' details to withhold, release, download.

Only office staff who record correspondence open them, and only on a SAR case; every rule is the
service's (opcc.privacy.disclosure), whose ValidationErrors come back as messages. Views are thin.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from engagement.models import Case
from engagement.services.common import may_record
from opcc.core.exports import content_disposition
from opcc.privacy import disclosure
from opcc.privacy.bundle import third_party_details
from opcc.privacy.models import BundleStatus, DisclosureBundle, DisclosureMatch

from .casework import list_crumbs
from .common import WRITE, EngagementPage

TEMPLATES = "engagement/subject_access/"
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.IGNORECASE)
FORMATS = {"pdf": "PDF", "json": "JSON"}


class SearchForm(forms.Form):
    name = forms.CharField(required=False, max_length=200)
    email = forms.CharField(label="Email address", required=False, max_length=200)
    phone = forms.CharField(label="Phone number", required=False, max_length=50)
    postcode = forms.CharField(required=False, max_length=20)
    reference = forms.CharField(
        required=False, max_length=50, help_text="A case, review or call-out reference."
    )


def prefill(case: Case) -> dict[str, str]:
    """The correspondent's details, as the search starts from them."""
    found = POSTCODE.search(case.correspondent_address or "")
    return {
        "name": case.correspondent_name,
        "email": case.correspondent_email,
        "phone": case.correspondent_phone,
        "postcode": found.group(1).upper() if found else "",
    }


def search_query(data) -> str:
    """The search's own fields only, for returning to the results after a confirm or remove."""
    kept = {key: data.get(key, "")[:200] for key in disclosure.SEARCH_FIELDS if data.get(key)}
    return urlencode({**kept, "search": "1"}) if kept else ""


class SarPage(EngagementPage):
    """A page of one SAR case, for office staff who record correspondence."""

    permission_required = WRITE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_record(request.user):
            raise PermissionDenied(
                "Only office staff who record correspondence answer subject access requests."
            )
        self.case = get_object_or_404(Case.objects.select_related("category"), pk=kwargs["pk"])
        if request.user.is_authenticated and not self.case.is_subject_access:
            messages.warning(
                request, "Finding a person and disclosure bundles are for subject access requests only."
            )
            return redirect(self.case)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return list_crumbs((self.case.reference, self.case.get_absolute_url()))

    def find_url(self, query: str = "") -> str:
        url = reverse("engagement:sar_find", args=[self.case.pk])
        return f"{url}?{query}" if query else url

    def refused(self, error: ValidationError, to: str):
        for message in error.messages:
            messages.error(self.request, message)  # type: ignore[attr-defined]
        return redirect(to)


class FindPersonView(SarPage, TemplateView):
    template_name = TEMPLATES + "find.html"

    def get_page_title(self):
        return f"Find this person: {self.case.reference}"

    def get_context_data(self, **kwargs):
        searching = "search" in self.request.GET
        form = SearchForm(self.request.GET if searching else None, initial=prefill(self.case))
        groups = None
        if searching and form.is_valid():
            try:
                groups = disclosure.subject_access_search(
                    request=self.case,
                    by=self.request.user,
                    criteria=form.cleaned_data,
                    http_request=self.request,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
        matches = list(disclosure.matches_for(self.case))
        confirmed = {(m.source, m.object_id) for m in matches}
        for group in groups or []:
            group.confirmed = {
                hit.object_id for hit in group.results if (group.source, hit.object_id) in confirmed
            }  # type: ignore[attr-defined]
        return super().get_context_data(
            case=self.case,
            form=form,
            groups=groups,
            matches=matches,
            bundles=list(disclosure.bundles_for(self.case).select_related("requested_by")[:10]),
            query=search_query(self.request.GET) if searching else "",
            **kwargs,
        )


class MatchConfirmView(SarPage, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        query = search_query(QueryDict(request.POST.get("query", "")))
        try:
            match = disclosure.match_confirm(
                request=self.case,
                source_key=request.POST.get("source", ""),
                object_id=request.POST.get("object_id", ""),
                by=request.user,
            )
        except ValidationError as exc:
            return self.refused(exc, self.find_url(query))
        messages.success(request, f"{match.record_label} confirmed as the requester's.")
        return redirect(self.find_url(query))


class MatchRemoveView(SarPage, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        query = search_query(QueryDict(request.POST.get("query", "")))
        match = DisclosureMatch.objects.filter(pk=kwargs["match_pk"]).first()
        if match is None or match.request_id != self.case.pk or match.request_type.model_class() is not Case:
            messages.warning(request, "That record was already removed.")
            return redirect(self.find_url(query))
        try:
            disclosure.match_remove(match=match, by=request.user)
        except ValidationError as exc:
            return self.refused(exc, self.find_url(query))
        messages.success(request, f"{match.record_label} removed from the confirmed records.")
        return redirect(self.find_url(query))


class BundleRequestView(SarPage, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            bundle = disclosure.bundle_request(request=self.case, by=request.user)
        except ValidationError as exc:
            return self.refused(exc, self.find_url())
        messages.success(request, "The disclosure bundle is being built.")
        return redirect("engagement:sar_bundle", self.case.pk, bundle.pk)


class BundlePage(SarPage):
    def dispatch(self, request, *args, **kwargs):
        self.bundle_pk = kwargs["bundle_pk"]
        return super().dispatch(request, *args, **kwargs)

    @property
    def bundle(self) -> DisclosureBundle:
        if not hasattr(self, "_bundle"):
            found = disclosure.bundles_for(self.case).select_related(
                "pdf", "json", "requested_by", "released_by"
            )
            self._bundle = get_object_or_404(found, pk=self.bundle_pk)
        return self._bundle

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), ("Find this person", self.find_url())]

    def bundle_url(self) -> str:
        return reverse("engagement:sar_bundle", args=[self.case.pk, self.bundle.pk])


class BundleView(BundlePage, TemplateView):
    template_name = TEMPLATES + "bundle.html"

    def get_page_title(self):
        return f"Disclosure bundle {self.bundle.pk}: {self.case.reference}"

    def get_context_data(self, **kwargs):
        bundle = self.bundle
        return super().get_context_data(
            case=self.case,
            bundle=bundle,
            in_hand=bundle.status in disclosure.IN_HAND,
            is_draft=bundle.status == BundleStatus.DRAFT,
            files=[
                (key, label, getattr(bundle, key)) for key, label in FORMATS.items() if getattr(bundle, key)
            ],
            **kwargs,
        )


class RedactionsView(BundlePage, TemplateView):
    template_name = TEMPLATES + "redactions.html"

    def get_page_title(self):
        return f"Check third parties' details: bundle {self.bundle.pk}"

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (f"Bundle {self.bundle.pk}", self.bundle_url())]

    def get(self, request, *args, **kwargs):
        if self.bundle.status != BundleStatus.DRAFT:
            messages.warning(request, "Only a draft bundle's redactions can be changed.")
            return redirect(self.bundle_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ticked = set(self.bundle.redactions)
        details = third_party_details(disclosure.matches_for(self.case))
        records: dict[str, list] = {}
        for detail in details:
            records.setdefault(f"{detail.source_label}: {detail.record}", []).append(
                (detail, detail.key in ticked)
            )
        return super().get_context_data(case=self.case, bundle=self.bundle, records=records, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            disclosure.bundle_set_redactions(
                bundle=self.bundle, redactions=request.POST.getlist("redactions"), by=request.user
            )
        except ValidationError as exc:
            return self.refused(exc, self.bundle_url())
        messages.success(request, "Redactions saved.")
        return redirect(reverse("engagement:sar_redactions", args=[self.case.pk, self.bundle.pk]))


class BundleReleaseView(BundlePage, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            disclosure.bundle_release(bundle=self.bundle, by=request.user)
        except ValidationError as exc:
            return self.refused(exc, self.bundle_url())
        messages.success(request, "The bundle is being released with the ticked details withheld.")
        return redirect(self.bundle_url())


class BundleDownloadView(BundlePage, View):
    def get(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        if file_format not in FORMATS:
            raise Http404("No such file.")
        try:
            document = disclosure.bundle_file(
                bundle=self.bundle, file_format=file_format, by=request.user, http_request=request
            )
        except ValidationError as exc:
            return self.refused(exc, self.bundle_url())
        if not document.file.name or not default_storage.exists(document.file.name):
            raise Http404("The file is missing.")
        response = FileResponse(
            default_storage.open(document.file.name, "rb"), content_type=document.mime_type
        )
        response["Content-Disposition"] = content_disposition(document.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
