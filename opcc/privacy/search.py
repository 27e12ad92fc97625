"""Find a person, or a record, across every module that holds people (ADR 0018).

Two entry points over the `PersonalData` registry:

- `find_person(...)`: the subject access search. It reads EVERY registered source whatever the
  officer's own module access (the SAR view checks the officer may run it and audits it), because
  the office must disclose everything it holds about the person.
- `search_records(user=..., query=...)`: the header search, over only the sources the user may
  open (`PersonalData.may_open`).

Each source costs one query, capped at `limit + 1` rows, whatever the rows (plus, at most once per
process, one for content types). Every condition is one an index serves on PostgreSQL
(`opcc.core.indexes`): names by trigram word similarity on `UPPER(field)` (GIN `gin_trgm_ops`),
emails `UPPER(field) = ...` and references `UPPER(field) LIKE 'X%'` (btree `text_pattern_ops`),
phones and postcodes by the `digits` and `squashed` expressions (btree on the expression),
subjects by `to_tsvector('english', field)` (GIN). On SQLite (the `run` command) names fall
back to `icontains` per word.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Greatest, Upper
from django.utils.text import capfirst

from opcc.core.indexes import digits, squashed
from opcc.core.modules import all_modules
from opcc.privacy.registry import PersonalData, sources
from opcc.privacy.search_input import (  # noqa: F401  (the search's input rules, used from here too)
    MAX_QUERY,
    MIN_QUERY,
    clean_text,
    looks_like_phone,
    phone_variants,
    postcode_parts,
)

MIN_NAME_WORD = 3
MAX_WORDS = 5  # a name of 10,000 words costs five conditions
# Word similarity (pg_trgm, default 0.6) at or above which each word of a name matches: "Smyth"
# shares only 2 of its 6 trigrams with "Smith" (0.33), so 0.3; every query word must match and
# results are ranked by similarity, so "Jane Smith" comes before "Jane Smart". Set per transaction.
WORD_SIMILARITY = 0.3


@dataclass(frozen=True)
class SearchHit:
    """One record found: enough to link to it, say why it matched and (for SAR) confirm it."""

    source: str  # PersonalData key, "complaints.review"
    content_type_id: int
    object_id: int
    title: str
    url: str
    matched_on: tuple[str, ...]  # field names that matched ("complainant_email", ...)
    detail: dict[str, str] = field(default_factory=dict)  # verbose name -> value (find_person)
    matched_labels: tuple[str, ...] = ()  # the same fields as people read them ("Complainant email")


@dataclass
class SearchGroup:
    """One source's results; `more` says there were more than `limit` (refine the search)."""

    module: str  # the Module's label, "Complaint reviews"
    source: str  # the PersonalData key
    label: str  # the source's label, "Complaint review"
    results: list[SearchHit]
    more: bool = False


@dataclass(frozen=True)
class Condition:
    fields: tuple[str, ...]
    q: Q
    exact: bool  # an exact match (email, phone, postcode, reference) ranks above a similar name


# --- conditions ----------------------------------------------------------------------------------


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _upper(name: str) -> str:
    return f"_u_{name.replace('__', '_')}"


def _words(text: str) -> list[str]:
    return text.split()[:MAX_WORDS]


def _name_words(text: str) -> str:
    """The words a trigram index can serve (3 characters or more): "Jo" alone matched a tenth of
    every table (1.3 s at 200,000 reviews); it is still matched as a reference or an email."""
    return " ".join(w for w in _words(text) if len(w) >= MIN_NAME_WORD)


def _name_q(name: str, text: str) -> Q:
    """A name: each word of the query similar to a word of the field (trigrams on PostgreSQL),
    or contained in it (SQLite). "Jane Smyth" finds "Jane Smith"; "Jane Smart" too, ranked lower."""
    if _postgres():
        return reduce(and_, (Q(**{f"{_upper(name)}__trigram_word_similar": w.upper()}) for w in _words(text)))
    return reduce(and_, (Q(**{f"{name}__icontains": w}) for w in _words(text)))


def _split_name_q(first: str, last: str, text: str) -> Q | None:
    """ "Jane Smyth" over first/last fields: the first word in `first`, the last in `last`."""
    words = text.split()
    if len(words) < 2:
        return None
    if _postgres():
        return Q(**{f"{_upper(first)}__trigram_word_similar": words[0].upper()}) & Q(
            **{f"{_upper(last)}__trigram_word_similar": words[-1].upper()}
        )
    return Q(**{f"{first}__icontains": words[0], f"{last}__icontains": words[-1]})


def _phone_q(name: str, variants: list[str]) -> Q:
    return Q(**{f"_d_{name}__in": variants})


def _conditions(
    src: PersonalData,
    *,
    name: str = "",
    organisation: str = "",
    subject: str = "",
    email: str = "",
    phones: list[str] | None = None,
    postcode: tuple[str, str] | None = None,
    reference: str = "",
) -> list[Condition]:
    found: list[Condition] = []
    if name:
        found += [Condition((f,), _name_q(f, name), False) for f in src.names]
        if src.split_name and (split := _split_name_q(*src.split_name, name)) is not None:
            found.append(Condition(src.split_name, split, False))
    if organisation:
        found += [Condition((f,), _name_q(f, organisation), False) for f in src.organisations]
    if subject and src.subjects:
        for f in src.subjects:
            if _postgres():
                q = Q(**{f"_t_{f}": SearchQuery(subject, config="english", search_type="plain")})
            else:
                q = reduce(and_, (Q(**{f"{f}__icontains": w}) for w in _words(subject)))
            found.append(Condition((f,), q, False))
    if email:
        found += [Condition((f,), Q(**{f"{f}__iexact": email}), True) for f in src.emails]
    if phones:
        found += [Condition((f,), _phone_q(f, phones), True) for f in src.phones]
    if postcode:
        squashed_code = "".join(postcode)
        found += [Condition((f,), Q(**{f"_p_{f}": squashed_code}), True) for f in src.postcodes]
        for f in src.postcode_text:
            q = Q(**{f"{f}__icontains": " ".join(postcode)}) | Q(**{f"{f}__icontains": squashed_code})
            found.append(Condition((f,), q, True))
    if reference:
        found += [Condition((f,), Q(**{f"{f}__istartswith": reference}), True) for f in src.references]
    return found


def _queryset(src: PersonalData, conditions: list[Condition], *, name: str, organisation: str):
    """The source's rows matching any condition, exact matches first, then the most similar names."""
    qs = src.queryset()
    fuzzy = [*src.names, *(src.split_name or ())] if name else []
    fuzzy += list(src.organisations) if organisation else []
    aliases: dict[str, models.Expression] = {}
    if _postgres():
        aliases |= {_upper(f): Upper(f) for f in fuzzy}
        aliases |= {f"_t_{f}": SearchVector(f, config="english") for f in src.subjects}
    aliases |= {f"_d_{f}": digits(f) for f in src.phones}
    aliases |= {f"_p_{f}": squashed(f) for f in src.postcodes}
    qs = qs.alias(**aliases)
    matched = {
        f"_m{i}": Case(When(c.q, then=Value(1)), default=Value(0), output_field=IntegerField())
        for i, c in enumerate(conditions)
    }
    qs = qs.filter(reduce(or_, (c.q for c in conditions))).annotate(**matched)
    exact: list[Any] = [models.F(k) for k, c in zip(matched, conditions, strict=True) if c.exact]
    ordering: list = []
    if exact:
        qs = qs.annotate(_exact=reduce(lambda a, b: a + b, exact))
        ordering.append("-_exact")
    if _postgres() and fuzzy:
        wanted = (name or organisation).upper()
        similar = [TrigramWordSimilarity(wanted, Upper(f)) for f in fuzzy]
        qs = qs.annotate(_similar=Greatest(*similar) if len(similar) > 1 else similar[0])
        ordering.append("-_similar")
    return qs.order_by(*ordering, "-pk")


def _detail(src: PersonalData, obj: models.Model) -> dict[str, str]:
    """The identifying fields a bundle discloses, so the officer can tell two John Smiths apart."""
    identifying = {
        *src.names,
        *(src.split_name or ()),
        *src.organisations,
        *src.emails,
        *src.phones,
        *src.postcodes,
        *src.postcode_text,
        *src.references,
    }
    meta = obj._meta
    found: dict[str, str] = {}
    for name in src.disclose:
        if name in identifying and (value := getattr(obj, name, "")):
            label = getattr(meta.get_field(name), "verbose_name", name)
            found[str(capfirst(label))] = str(value)
    return found


@dataclass
class Plan:
    """What a search will run: each source with its conditions (the benchmark and the EXPLAIN
    tests read `querysets()` under `similarity()`)."""

    chosen: list[tuple[PersonalData, list[Condition]]]
    name: str = ""
    organisation: str = ""

    def querysets(self) -> list[tuple[PersonalData, models.QuerySet]]:
        return [
            (src, _queryset(src, conditions, name=self.name, organisation=self.organisation))
            for src, conditions in self.chosen
        ]

    def condition_querysets(self) -> Iterator[tuple[PersonalData, tuple[str, ...], models.QuerySet]]:
        """Each condition alone (for EXPLAIN: each must be served by an index)."""
        for src, conditions in self.chosen:
            for condition in conditions:
                yield (
                    src,
                    condition.fields,
                    _queryset(src, [condition], name=self.name, organisation=self.organisation),
                )

    @contextmanager
    def similarity(self) -> Iterator[None]:
        """A transaction whose pg_trgm word similarity threshold is the search's (set locally)."""
        with transaction.atomic():
            if _postgres() and (self.name or self.organisation):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                        [str(WORD_SIMILARITY)],
                    )
            yield

    def run(self, *, limit: int, with_detail: bool = False) -> list[SearchGroup]:
        """One query per source; the content types in one query at most (then cached)."""
        if not self.chosen:
            return []
        labels = {m.key: m.label for m in all_modules()}
        types = ContentType.objects.get_for_models(*(src.model_class for src, _ in self.chosen))
        groups: list[SearchGroup] = []
        with self.similarity():
            for (src, conditions), (_, qs) in zip(self.chosen, self.querysets(), strict=True):
                rows = list(qs[: limit + 1])
                if not rows:
                    continue
                ct = types[src.model_class]
                hits = [
                    SearchHit(
                        source=src.key,
                        content_type_id=ct.pk,
                        object_id=obj.pk,
                        title=src.title(obj),
                        url=src.url_for(obj),
                        matched_on=tuple(
                            f for i, c in enumerate(conditions) if getattr(obj, f"_m{i}") for f in c.fields
                        ),
                        detail=_detail(src, obj) if with_detail else {},
                        matched_labels=tuple(
                            dict.fromkeys(
                                _field_label(src.model_class, f)
                                for i, c in enumerate(conditions)
                                if getattr(obj, f"_m{i}")
                                for f in c.fields
                            )
                        ),
                    )
                    for obj in rows[:limit]
                ]
                module = labels.get(src.module, src.module)
                groups.append(SearchGroup(module, src.key, src.label, hits, more=len(rows) > limit))
        return groups


def _field_label(model: type[models.Model], name: str) -> str:
    """A field as its forms and pages name it ("Complainant email")."""
    return str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name)))


# --- entry points --------------------------------------------------------------------------------


def person_plan(
    *, name: str = "", email: str = "", phone: str = "", postcode: str = "", reference: str = "", among=None
) -> Plan:
    """The subject access search's plan over `among` sources (default: every registered source)."""
    name, email, reference = clean_text(name), clean_text(email), clean_text(reference)
    name = _name_words(name)
    email = email if "@" in email else ""
    reference = reference if len(reference) >= MIN_QUERY else ""
    phones = phone_variants(clean_text(phone))
    code = postcode_parts(postcode)
    if not (name or email or reference or phones or code):
        raise ValidationError(
            "Enter a name (a word of 3 letters or more), an email address, a phone number (6 digits or more), "
            "a full postcode or a reference."
        )
    chosen = []
    for src in sources() if among is None else among:
        conditions = _conditions(
            src, name=name, email=email, phones=phones, postcode=code, reference=reference
        )
        if conditions:
            chosen.append((src, conditions))
    return Plan(chosen, name=name)


def find_person(
    *,
    name: str = "",
    email: str = "",
    phone: str = "",
    postcode: str = "",
    reference: str = "",
    limit: int = 20,
) -> list[SearchGroup]:
    """Every record in every source that may be about this person (any one detail matching).

    Reads every source whatever the caller's module access: the caller (the SAR case) checks the
    officer may run a subject access search and records it in the audit trail. Details too short
    to search (a name without a word of 3 letters, a phone under 6 digits) are ignored; if none is left,
    `ValidationError` says what to enter. Only sources with results are returned, each hit with
    the identifying fields a bundle would disclose (`detail`) so the officer can confirm it.
    """
    plan = person_plan(name=name, email=email, phone=phone, postcode=postcode, reference=reference)
    return plan.run(limit=limit, with_detail=True)


def may_search(user) -> bool:
    """Whether the header search is offered: the user may open at least one source."""
    return bool(user and user.is_authenticated and any(src.may_open(user) for src in sources()))


def records_plan(*, user, query: str) -> Plan:
    """The header search's plan: `query` read as a reference, a name, an organisation, a subject,
    an email, a phone number or a postcode, over the sources `user` may open."""
    allowed = [src for src in sources() if src.may_open(user)]
    if not allowed:
        raise PermissionDenied("You do not have access to any records to search.")
    text = clean_text(query)
    if len(text) < MIN_QUERY:
        raise ValidationError(f"Enter at least {MIN_QUERY} characters to search.")
    email = text if "@" in text and " " not in text else ""
    phones = phone_variants(text) if looks_like_phone(text) else []
    code = postcode_parts(text)
    words = "" if email or phones else _name_words(text)
    reference = text if " " not in text else ""
    if not (words or email or phones or code or reference):  # "Jo Li": nothing an index can serve
        raise ValidationError(
            "Enter a name with at least one word of 3 letters or more, a reference, an email address, "
            "a phone number or a postcode."
        )
    chosen = []
    for src in allowed:
        conditions = _conditions(
            src, name=words, organisation=words, subject=words, email=email, phones=phones, postcode=code,
            reference=reference,
        )  # fmt: skip
        if conditions:
            chosen.append((src, conditions))
    return Plan(chosen, name=words, organisation=words)


def search_records(*, user, query: str, limit: int = 20) -> list[SearchGroup]:
    """The header search over the sources `user` may open (`PersonalData.may_open`).

    Raises `PermissionDenied` for a user who may open no source and `ValidationError` for a query
    too short to search once cleaned. Only sources with results are returned.
    """
    return records_plan(user=user, query=query).run(limit=limit)
