"""`{% load documents %}{% documents_panel obj %}`: an owner's documents on its page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

from opcc.core.documents.forms import DocumentForm
from opcc.core.documents.models import Document
from opcc.core.documents.registry import attachable_for

register = template.Library()


@register.inclusion_tag("core/documents/panel.html", takes_context=True)
def documents_panel(context, obj, heading: str = "Documents", panel_id: str = "documents"):
    """The live documents (one query, with who added them) and, for users with the owner's change
    permission, the upload form. Nothing is shown to a user who may not see the documents."""
    user = context["request"].user
    registration = attachable_for(obj)
    if not registration.can_view(user, obj):
        return {"hidden": True}
    can_change = registration.can_change(user, obj)
    documents = (
        Document.objects.for_owner(obj)
        .live()
        .exclude(kind__in=registration.own_page_kinds)
        .select_related("added_by")
    )
    opts = obj._meta.concrete_model._meta
    return {
        "heading": heading,
        "panel_id": panel_id,
        "documents": list(documents),
        "can_change": can_change,
        "form": DocumentForm(
            kinds=registration.upload_kinds, max_bytes=settings.DOCUMENT_MAX_BYTES, auto_id=f"{panel_id}-%s"
        )
        if can_change
        else None,
        "add_url": reverse("core:document_add", args=[opts.label_lower, obj.pk]) if can_change else "",
    }
