"""The upload form (on an owner's page and on its own page) and the delete confirmation."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.template.defaultfilters import filesizeformat

from opcc.core.documents import sniffing
from opcc.core.documents.services import REASON_MAX


class DocumentForm(forms.Form):
    upload = forms.FileField(
        label="Upload a file",
        help_text=f"{sniffing.ALLOWED_LABELS}.",
        allow_empty_file=True,  # the service refuses it, with the same words as for any other file
        error_messages={"required": "Select a file.", "invalid": "Select a file."},
    )
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        error_messages={"required": "Choose what kind of document this is."},
    )

    def __init__(self, *args, kinds: Sequence[str], max_bytes: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Choose a kind"), *((kind, kind) for kind in kinds)]
        if max_bytes:
            self.fields["upload"].help_text = f"{sniffing.ALLOWED_LABELS}, up to {filesizeformat(max_bytes)}."


class DocumentDeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why are you deleting this document?",
        help_text="This is kept in the record's history with your name.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the document is being deleted."},
    )
