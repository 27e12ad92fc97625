"""Thin views: find the owner through the registry, check its permission, call a service.

Every view answers 403 to a user without the owner's permission (checked before anything else, so
a deleted document's existence is not given away either), 404 for an owner type no module
registered, a record that does not exist or a deleted document.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from opcc.audit.models import Action
from opcc.audit.services import audit_record
from opcc.core.documents.forms import DocumentDeleteForm, DocumentForm
from opcc.core.documents.models import Document
from opcc.core.documents.registry import Attachable, attachable_by_label, attachable_for
from opcc.core.documents.services import document_add, document_delete
from opcc.core.exports import content_disposition


def _service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, [m for e in errors for m in e.messages])
    else:
        form.add_error(None, error.messages)


def _document_and_owner(user, pk: int, *, change: bool):
    document = get_object_or_404(Document.objects.select_related("content_type"), pk=pk)
    model = document.content_type.model_class()
    if model is None:
        raise Http404("No such record.")
    registration = attachable_for(model)  # NotAttachable: 403
    owner = model._default_manager.filter(pk=document.object_id).first()
    if owner is None:
        raise Http404("No such record.")
    allowed = registration.can_change(user, owner) if change else registration.can_view(user, owner)
    if not allowed:
        raise PermissionDenied("You do not have permission to use the documents of this record.")
    if document.is_deleted:
        raise Http404("This document has been deleted.")
    if document.kind in registration.own_page_kinds:
        raise Http404("This document is served from its own page.")
    return document, owner, registration


class DocumentAddView(View):
    """POST from the owner's page (the panel's form) goes back there; GET, or a refused file,
    shows the form on a page of its own."""

    template_name = "core/documents/add.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        registration = attachable_by_label(kwargs["owner_type"])
        if registration is None:
            raise Http404("Documents cannot be attached to this kind of record.")
        self.registration: Attachable = registration
        self.owner = get_object_or_404(registration.model, pk=kwargs["owner_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.registration.can_change(request.user, self.owner):
            raise PermissionDenied("You do not have permission to add documents to this record.")
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None, files=None) -> DocumentForm:
        return DocumentForm(
            data, files, kinds=self.registration.upload_kinds, max_bytes=settings.DOCUMENT_MAX_BYTES
        )

    def page(self, form):
        context = {"form": form, "owner": self.owner, "page_title": "Add a document"}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.page(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = document_add(
                    owner=self.owner,
                    upload=form.cleaned_data["upload"],
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                )
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"{document.original_name} added.")
                return redirect(self.owner.get_absolute_url())
        return self.page(form)


class DocumentDownloadView(View):
    def get(self, request, pk: int):
        document, owner, _ = _document_and_owner(request.user, pk, change=False)
        if not document.file.name or not default_storage.exists(document.file.name):
            raise Http404("The file is missing.")
        audit_record(
            action=Action.RECORD_VIEWED,
            request=request,
            target=owner,
            detail={
                "page": "document",
                "document": document.pk,
                "name": document.original_name,
                "kind": document.kind,
            },
        )
        response = FileResponse(
            default_storage.open(document.file.name, "rb"), content_type=document.mime_type
        )
        response["Content-Disposition"] = content_disposition(document.download_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentDeleteView(View):
    template_name = "core/documents/delete.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    def page(self, form, document, owner):
        context = {"form": form, "document": document, "owner": owner, "page_title": "Delete a document"}
        return render(self.request, self.template_name, context)

    def get(self, request, pk: int):
        document, owner, _ = _document_and_owner(request.user, pk, change=True)
        return self.page(DocumentDeleteForm(), document, owner)

    def post(self, request, pk: int):
        document, owner, _ = _document_and_owner(request.user, pk, change=True)
        form = DocumentDeleteForm(request.POST)
        if form.is_valid():
            try:
                document_delete(document=document, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                _service_errors(form, exc)
            else:
                messages.success(request, f"{document.original_name} deleted.")
                return redirect(owner.get_absolute_url())
        return self.page(form, document, owner)
