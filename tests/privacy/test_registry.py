"""The personal data registry is complete and consistent (ADR 0018).

A model that gains a field holding a person's details without a declaration fails here, so a new
module cannot leave people out of subject access, search or the retention schedule by accident.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

from opcc.privacy import registry
from opcc.privacy.registry import Trigger

MODULE_APPS = ("grants", "complaints", "volunteers", "engagement")
PERSONAL = re.compile(
    r"(^|_)(name|email|phone|address|postcode|contact|custody_number|nominee|nominator|correspondent"
    r"|complainant|representative|on_behalf_of)(_|$)"
)
# Fields whose names look personal but hold no person's details: vocabularies, places, groups.
NOT_PERSONAL = {
    "grants.fund.name",
    "grants.theme.name",
    "grants.organisation.normalised_name",  # a copy of the organisation's name, for duplicates
    "complaints.vocabulary.name",
    "complaints.subjectcategory.name",
    "complaints.learningtheme.name",
    "volunteers.course.name",
    "engagement.category.name",
    "engagement.awardcategory.name",
    "engagement.youthcohort.name",
    "engagement.case.representative",  # the MP-or-councillor flag, a choice
    "engagement.nomination.nominee_kind",  # person or group, a choice
}


def declared_fields(source: registry.PersonalData) -> set[str]:
    groups = (
        source.names, source.organisations, source.subjects, source.emails, source.phones,
        source.postcodes, source.postcode_text, source.references, source.special_category,
        source.third_party, tuple(source.anonymise), source.disclose,
    )  # fmt: skip
    return {field.split("__")[0] for group in groups for field in group}


def test_every_field_holding_a_person_is_declared():
    by_model = {s.model.lower(): s for s in registry.sources()}
    missing = []
    for app in MODULE_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            label = model._meta.label_lower
            for field in model._meta.concrete_fields:
                key = f"{label}.{field.name}"
                if not PERSONAL.search(field.name) or key in NOT_PERSONAL:
                    continue
                source = by_model.get(label)
                if source is None or field.name not in declared_fields(source):
                    missing.append(key)
    assert missing == [], f"Declare these in the module's privacy.py (or NOT_PERSONAL here): {missing}"


@pytest.mark.parametrize("source", registry.sources(), ids=lambda s: s.key)
def test_each_source_names_real_fields(source):
    model = source.model_class
    names = {f.name for f in model._meta.get_fields()}
    for field in declared_fields(source):
        assert field in names, f"{source.key}: {field} is not a field of {source.model}"
    for field in source.anonymise:
        assert model._meta.get_field(field).concrete, f"{source.key}: {field} cannot be anonymised"
    for field in source.special_category + source.third_party:
        assert field in source.disclose, f"{source.key}: {field} must be listed in disclose to be flagged"


@pytest.mark.django_db
@pytest.mark.parametrize("source", registry.sources(), ids=lambda s: s.key)
def test_each_source_permission_exists(source):
    for dotted in source.view_perm:
        app_label, codename = dotted.split(".")
        assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), (
            dotted
        )


def test_keys_are_unique_and_record_types_point_at_sources():
    keys = [s.key for s in registry.sources()]
    assert len(keys) == len(set(keys))
    types = [r.key for r in registry.record_types()]
    assert len(types) == len(set(types))
    for record_type in registry.record_types():
        assert registry.source(record_type.source)
        assert record_type.default_trigger in record_type.triggers
        assert set(record_type.triggers) <= set(Trigger.values)
        assert 1 <= record_type.default_months <= 1200


def test_every_source_has_a_retention_rule_or_is_covered():
    """Every model holding people is disposed of under some rule (directly or as part of another)."""
    covered = {r.source for r in registry.record_types()}
    assert {s.key for s in registry.sources()} <= covered


def test_unknown_keys_are_refused():
    with pytest.raises(LookupError):
        registry.source("nobody.nothing")
    with pytest.raises(LookupError):
        registry.record_type("nobody.nothing")
