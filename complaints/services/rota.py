"""The fair rota: who sits next on a hearing or a tribunal, who is passed over and why.

For a role, the active members stand in order of the day they last sat (never sat first; ties by
the start of their term, then the pk). The rota walks that order and takes the first members free
to sit, recording a `RotaSkip` with the reason for each member it passed over on the way: so the
office can show every appointment was fair. Nobody whose term does not cover the dates, whose
vetting runs out by the last day, or who is unavailable (or sitting elsewhere) is ever appointed,
by the rota or by hand. Writes lock the hearing or appeal row, so two people appointing at once
cannot fill the same seat twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef

from complaints.models import Appeal, Appointment, Hearing, PanelMember, RankBand, RotaSkip
from complaints.services import panels
from complaints.services.panels import AppealAct, HearingAct

Role = PanelMember.Role
Reason = RotaSkip.Reason
# The Police (Conduct) (Amendment) Regulations 2024: from 7 May 2024 a non-senior officer's
# misconduct panel is two independent members (one with disciplinary experience) with a legally
# qualified person advising, in place of a legally qualified chair and one independent member.
NEW_PANELS_FROM = dt.date(2024, 5, 7)
SHORT_REASONS: dict[str, str] = {
    Reason.UNAVAILABLE: "unavailable",
    Reason.CONFLICT: "conflict of interest",
    Reason.TERM_ENDED: "term not current",
    Reason.VETTING_EXPIRED: "vetting expired",
    Reason.QUALIFICATION: "not qualified for the seat",
}

Occasion = Hearing | Appeal


@dataclass(frozen=True)
class Seat:
    role: str
    count: int
    qualified: int = 0  # how many of them must have disciplinary qualifications

    @property
    def label(self) -> str:
        return str(Role(self.role).label)


def seats_for(occasion: Occasion) -> list[Seat]:
    """The seats the office fills: by the rank band and the date the force asked (hearings)."""
    if isinstance(occasion, Appeal):
        return [Seat(Role.PAT_CHAIR, 1), Seat(Role.PAT_MEMBER, 1)]
    if occasion.rank_band != RankBand.SENIOR and occasion.requested_on >= NEW_PANELS_FROM:
        return [Seat(Role.IPM, 2, qualified=1), Seat(Role.LQP, 1)]
    return [Seat(Role.LQC, 1), Seat(Role.IPM, 1)]


def dates_of(occasion: Occasion) -> tuple[dt.date, dt.date]:
    if isinstance(occasion, Appeal):
        if occasion.tribunal_on is None:
            raise ValidationError("Arrange the tribunal's date before appointing members.")
        return occasion.tribunal_on, occasion.tribunal_on
    return occasion.starts_on, occasion.ends_on or occasion.starts_on


def missing_seats(occasion: Occasion) -> list[tuple[Seat, int, int]]:
    """(seat, places still empty, qualified members still needed) for each seat not yet filled."""
    sitting: Counter[str] = Counter()
    qualified: Counter[str] = Counter()
    for role, is_qualified in occasion.appointments.values_list("role", "member__qualified"):
        sitting[role] += 1
        qualified[role] += int(is_qualified)
    missing = []
    for seat in seats_for(occasion):
        empty = seat.count - sitting[seat.role]
        if empty > 0:
            missing.append((seat, empty, max(0, seat.qualified - qualified[seat.role])))
    return missing


@dataclass
class RotaCandidate:
    member: PanelMember
    last_sat_on: dt.date | None
    reason: str = ""  # a RotaSkip.Reason when the member cannot sit
    note: str = ""

    @property
    def eligible(self) -> bool:
        return not self.reason

    @property
    def reason_label(self) -> str:
        return str(Reason(self.reason).label) if self.reason else ""


def refusal(
    member: PanelMember,
    *,
    first: dt.date,
    last: dt.date,
    busy: bool = False,
    exclude_hearing: int | None = None,
) -> str:
    """Why the member cannot sit from `first` to `last` (a sentence), or "" when they can."""
    reason, note = _reason(member, first=first, last=last, busy=busy)
    if not reason and exclude_hearing is not None:
        elsewhere = member.appointments.filter(sits_on__range=(first, last)).exclude(
            hearing_id=exclude_hearing
        )
        if elsewhere.exists():
            reason, note = Reason.UNAVAILABLE, "sitting on another hearing or tribunal then"
    return note if reason else ""


def _reason(member: PanelMember, *, first: dt.date, last: dt.date, busy: bool) -> tuple[str, str]:
    if member.term_starts_on > first:
        return Reason.TERM_ENDED, f"term starts on {member.term_starts_on:%d/%m/%Y}"
    if member.term_ends_on < last:
        return Reason.TERM_ENDED, f"term ends on {member.term_ends_on:%d/%m/%Y}"
    if member.vetting_expires_on < last:
        return Reason.VETTING_EXPIRED, f"vetting expires on {member.vetting_expires_on:%d/%m/%Y}"
    away_from, away_until = member.unavailable_from, member.unavailable_until
    if (away_from or away_until) and (away_from or first) <= last and (away_until or last) >= first:
        return Reason.UNAVAILABLE, "unavailable on the date"
    if busy:
        return Reason.UNAVAILABLE, "sitting on another hearing or tribunal then"
    return "", ""


def rota_order(
    *,
    role: str,
    on: dt.date,
    until: dt.date | None = None,
    conflicts: dict[int, str] | None = None,
    occasion: Occasion | None = None,
) -> list[RotaCandidate]:
    """Active members of `role` in rota order, each marked with why they cannot sit (one query)."""
    until = until or on
    conflicts = conflicts or {}
    elsewhere = Appointment.objects.filter(member=OuterRef("pk"), sits_on__range=(on, until))
    members = PanelMember.objects.filter(role=role, active=True)
    if isinstance(occasion, Hearing):
        elsewhere = elsewhere.exclude(hearing_id=occasion.pk)
        members = members.exclude(appointments__hearing_id=occasion.pk)
    elif isinstance(occasion, Appeal):
        elsewhere = elsewhere.exclude(appeal_id=occasion.pk)
        members = members.exclude(appointments__appeal_id=occasion.pk)
    members = members.annotate(last_sat_on=Max("appointments__sits_on"), busy=Exists(elsewhere)).order_by(
        F("last_sat_on").asc(nulls_first=True), "term_starts_on", "pk"
    )
    order = []
    for member in members:
        reason, note = _reason(member, first=on, last=until, busy=member.busy)
        if not reason and member.pk in conflicts:
            reason, note = Reason.CONFLICT, conflicts[member.pk] or "conflict of interest declared"
        order.append(RotaCandidate(member, member.last_sat_on, reason, note))
    return order


@dataclass
class RotaPlan:
    seat: Seat
    count: int
    picked: list[RotaCandidate] = field(default_factory=list)
    skipped: list[RotaCandidate] = field(default_factory=list)
    problem: str = ""


def plan(candidates: list[RotaCandidate], *, seat: Seat, count: int, qualified: int) -> RotaPlan:
    """Walk the order: take the first `count` free members (keeping the last places for qualified
    members while some are still needed); every member passed over on the way is skipped."""
    result = RotaPlan(seat=seat, count=count)
    for candidate in candidates:
        if len(result.picked) == count:
            break
        still_needed = qualified - sum(c.member.qualified for c in result.picked)
        if (
            candidate.eligible
            and still_needed >= count - len(result.picked)
            and not candidate.member.qualified
        ):
            candidate.reason = Reason.QUALIFICATION
            candidate.note = "one member of the panel must have disciplinary qualifications or experience"
        (result.picked if candidate.eligible else result.skipped).append(candidate)
    if len(result.picked) < count:
        why = Counter(SHORT_REASONS[c.reason] for c in result.skipped)
        detail = ", ".join(f"{n} {reason}" for reason, n in why.most_common())
        skipped = (
            f": {len(result.skipped)} skipped ({detail})"
            if result.skipped
            else ": nobody else is on the list"
        )
        result.problem = f"Only {len(result.picked)} eligible {seat.label.lower()} for {count} seat{'s' if count != 1 else ''}{skipped}."
    return result


def rota_preview(
    *, occasion: Occasion, role: str, conflicts: dict[int, str] | None = None, count: int | None = None
) -> RotaPlan:
    """Who the rota would appoint to `count` (default: every) empty seat of `role`, and who it would
    skip on the way (no writes)."""
    for seat, empty, qualified in missing_seats(occasion):
        if seat.role != role:
            continue
        count = empty if count is None else count
        if count < 1 or count > empty:
            raise ValidationError(
                f"Choose from 1 to {empty} {seat.label.lower()} seat{'s' if empty != 1 else ''}."
            )
        first, last = dates_of(occasion)
        order = rota_order(role=role, on=first, until=last, conflicts=conflicts, occasion=occasion)
        # Fewer seats than are empty: qualified members are needed only for what the later seats cannot give.
        return plan(order, seat=seat, count=count, qualified=max(0, qualified - (empty - count)))
    raise ValidationError(f"Every {Role(role).label.lower()} seat is filled.")


def _lock(occasion: Occasion, *, by) -> Occasion:
    if isinstance(occasion, Appeal):
        locked, _ = panels.lock_appeal(occasion, AppealAct.APPOINT, by=by)
        return locked
    locked_hearing, _ = panels.lock_hearing(occasion, HearingAct.APPOINT, by=by)
    return locked_hearing


def _occasion_fields(occasion: Occasion) -> dict:
    return {"appeal": occasion} if isinstance(occasion, Appeal) else {"hearing": occasion}


def _after_appointing(occasion: Occasion, *, by) -> None:
    """A hearing whose every seat is filled has its members appointed."""
    if isinstance(occasion, Hearing) and not missing_seats(occasion):
        occasion.stage = Hearing.Stage.MEMBERS_APPOINTED
        panels.store(occasion, by=by, reason="Every seat filled: members appointed")


@transaction.atomic
def appoint_by_rota(
    *, occasion: Occasion, role: str, count: int, conflicts: dict[int, str] | None, by
) -> list[Appointment]:
    locked = _lock(occasion, by=by)
    found = rota_preview(occasion=locked, role=role, conflicts=conflicts, count=count)
    if found.problem:
        raise ValidationError(found.problem)
    sits_on, _ = dates_of(locked)
    made = [
        panels.store(
            Appointment(
                member=c.member,
                role=role,
                sits_on=sits_on,
                by_rota=True,
                appointed_by=by,
                **_occasion_fields(locked),
            ),
            by=by,
            reason="Appointed by the rota",
        )
        for c in found.picked
    ]
    for c in found.skipped:
        panels.store(
            RotaSkip(member=c.member, reason=c.reason, note=c.note, **_occasion_fields(locked)),
            by=by,
            reason="Passed over by the rota",
        )
    _after_appointing(locked, by=by)
    return made


def hearing_appoint_by_rota(
    *, hearing: Hearing, role: str, count: int, conflicts: dict[int, str] | None, by
) -> list[Appointment]:
    return appoint_by_rota(occasion=hearing, role=role, count=count, conflicts=conflicts, by=by)


def appeal_appoint_by_rota(
    *, appeal: Appeal, role: str, count: int, conflicts: dict[int, str] | None, by
) -> list[Appointment]:
    return appoint_by_rota(occasion=appeal, role=role, count=count, conflicts=conflicts, by=by)


@transaction.atomic
def appoint_member(
    *,
    hearing: Hearing | None = None,
    appeal: Appeal | None = None,
    member: PanelMember,
    role: str,
    reason: str,
    by,
) -> Appointment:
    """A member chosen by hand, outside the rota: recorded with the reason, never someone unfit to sit."""
    occasion = hearing if hearing is not None else appeal
    if occasion is None:
        raise ValueError("Give the hearing or the appeal")
    locked = _lock(occasion, by=by)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Enter why this member is appointed outside the rota."]})
    if member.role != role or not member.active:
        raise ValidationError({"member": [f"{member.name} is not an active {Role(role).label.lower()}."]})
    if locked.appointments.filter(member=member).exists():
        raise ValidationError({"member": [f"{member.name} already sits on it."]})
    seat, empty, qualified = next(
        ((s, e, q) for s, e, q in missing_seats(locked) if s.role == role), (None, 0, 0)
    )
    if seat is None:
        raise ValidationError({"member": [f"Every {Role(role).label.lower()} seat is filled."]})
    first, last = dates_of(locked)
    mine = next(
        (c for c in rota_order(role=role, on=first, until=last, occasion=locked) if c.member.pk == member.pk),
        None,
    )
    if mine is None or not mine.eligible:
        raise ValidationError(
            {"member": [f"{member.name} cannot sit: {mine.note if mine else 'not on the list'}."]}
        )
    if qualified >= empty and not member.qualified:
        raise ValidationError({"member": [f"The last {seat.label.lower()} seat needs a qualified member."]})
    made = panels.store(
        Appointment(
            member=member,
            role=role,
            sits_on=first,
            by_rota=False,
            note=reason.strip(),
            appointed_by=by,
            **_occasion_fields(locked),
        ),
        by=by,
        reason="Appointed outside the rota",
    )
    _after_appointing(locked, by=by)
    return made


__all__ = [
    "NEW_PANELS_FROM",
    "RotaCandidate",
    "RotaPlan",
    "Seat",
    "appeal_appoint_by_rota",
    "appoint_by_rota",
    "appoint_member",
    "hearing_appoint_by_rota",
    "missing_seats",
    "plan",
    "refusal",
    "rota_order",
    "rota_preview",
    "seats_for",
]
