"""Select and text widgets for list filters, drawn in Python with the markup Django's templates draw.

Django renders a widget through its template and each option of a select through another: the
applications filter's selects (fund years, areas, statuses) cost more than the page's SQL at two
million rows. These widgets print the same HTML (`tests/core/test_widgets.py` compares them with
Django's own rendering) straight from the widget's context, so a filter panel costs what its
options number, not a template render per option. They keep Django's class names because
crispy-forms-gds chooses the GOV.UK class (govuk-select, govuk-input) by the widget's class name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Select", "TextInput"]


def _text(value: Any) -> str:
    """What `{{ value }}` prints."""
    return conditional_escape(localize(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """What django/forms/widgets/attrs.html prints."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class TextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )
