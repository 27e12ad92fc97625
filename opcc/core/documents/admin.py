"""Documents in the admin: read-only (files come and go only through the services). Letter
templates: administrators edit the words, see the placeholders they may use, and preview the PDF."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from opcc.core.documents.letters import letter_preview
from opcc.core.documents.models import Document, LetterTemplate
from opcc.core.documents.registry import letter_kind
from opcc.core.exports import safe_filename

DOCUMENT_FIELDS = (
    "owner_display",
    "original_name",
    "kind",
    "mime_type",
    "size_display",
    "sha256",
    "added_by",
    "created_at",
    "deleted_at",
    "deleted_by",
    "delete_reason",
)


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = (
        "original_name",
        "owner_display",
        "kind",
        "size_display",
        "added_by",
        "created_at",
        "deleted_at",
    )
    list_filter = ("kind", ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("original_name", "sha256")
    list_select_related = ("content_type", "added_by")
    fields = DOCUMENT_FIELDS  # never the stored file: downloads go through the service's checks
    readonly_fields = DOCUMENT_FIELDS

    @admin.display(description="Owner", ordering="content_type")
    def owner_display(self, obj: Document) -> str:
        return f"{obj.content_type.name} {obj.object_id}"

    @admin.display(description="Size", ordering="size")
    def size_display(self, obj: Document) -> str:
        return filesizeformat(obj.size)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "key", "updated_at", "updated_by")
    search_fields = ("name", "key")
    list_select_related = ("updated_by",)
    fields = ("key", "name", "title", "body", "placeholders", "preview", "updated_by")
    readonly_fields = ("key", "placeholders", "preview", "updated_by")

    @admin.display(description="Placeholders this letter can use")
    def placeholders(self, obj: LetterTemplate) -> str:
        kind = letter_kind(obj.key) if obj.pk else None
        if kind is None:
            return "No module declares this letter at the moment."
        items = format_html_join(
            "",
            "<li><code>{{{{ {} }}}}</code>: {}</li>",
            ((name, text) for name, text in kind.placeholders.items()),
        )
        return format_html('<ul class="app-admin-placeholders">{}</ul>', items)

    @admin.display(description="Preview")
    def preview(self, obj: LetterTemplate) -> str:
        if not obj.pk:
            return "-"
        url = reverse("admin:core_lettertemplate_preview", args=[obj.pk])
        return format_html(
            '<a href="{}">Preview the saved letter as a PDF</a> with sample values (save your changes first).',
            url,
        )

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="core_lettertemplate_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id: str) -> HttpResponse:
        template = self.get_object(request, unquote(object_id))
        if template is None:
            raise Http404("No such letter template.")
        if not self.has_view_permission(request, template):
            raise PermissionDenied("You cannot see this letter template.")
        _, data = letter_preview(template)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{safe_filename(f"preview-{template.key}", "pdf")}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request) -> bool:
        return False  # one per declared letter, made by letter_templates_ensure()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
