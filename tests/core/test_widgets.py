"""The quick filter widgets print exactly what Django's widget templates print, for awkward values."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template

from opcc.core import widgets as quick

HOSTILE = '<b>"Tom & Jerry\'s"</b> \u0645\u0631\u062d\u0628\u0627'
CHOICES = [
    ("", "All statuses"),
    ("draft", "Draft"),
    (HOSTILE, HOSTILE),
    (7, 1234567),
    ("Old areas", [("a", "Aston"), ("b", HOSTILE)]),
]
ATTRS = {"class": "govuk-!-width-full", "required": True, "disabled": False, "data-x": HOSTILE}


@pytest.mark.parametrize("value", [None, "", "draft", HOSTILE, 7, "b", ["draft"]])
@pytest.mark.parametrize("attrs", [None, ATTRS])
def test_select_matches_django(value, attrs):
    drawn = quick.Select(choices=CHOICES).render("status", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("status", value, attrs=attrs)
    assert drawn == django


@pytest.mark.parametrize("value", [None, "", "HCF-2024", HOSTILE, 12.5])
@pytest.mark.parametrize("attrs", [None, ATTRS, {"id": "id_q", "spellcheck": "false"}])
def test_text_input_matches_django(value, attrs):
    drawn = quick.TextInput(attrs={"class": "govuk-input--width-20"}).render("q", value, attrs=attrs)
    django = forms.TextInput(attrs={"class": "govuk-input--width-20"}).render("q", value, attrs=attrs)
    assert drawn == django


def test_crispy_forms_gds_gives_them_the_govuk_classes():
    class Filter(forms.Form):
        status = forms.ChoiceField(choices=CHOICES, widget=quick.Select())
        q = forms.CharField(widget=quick.TextInput())

    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": Filter()}))
    assert 'class="govuk-select"' in html
    assert 'class="govuk-input"' in html
