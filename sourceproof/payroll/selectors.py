"""Reads of the legal-wage table and the analyser runs, scoped by the acting user.

Scope (the wage-hours and legal-wage rows of `accounts.permissions`): operator roles read runs
and the table; everyone else gets a 404. `rules_for_facility` builds the analyser's rules for a
facility on a day from the table (one query), with a message naming what is missing when no row
fits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.audits.models import Audit, AuditStatus, Finding
from sourceproof.audits.selectors import audit_queryset
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import Facility
from sourceproof.payroll import drafting
from sourceproof.payroll.models import (
    DraftedFinding,
    LegalWage,
    RunStatus,
    RunWeek,
    WageHoursRun,
)
from sourceproof.payroll.rules import choose_legal_wage, merge_overrides, place_label, rules_mapping
from sourceproof.wagehours import RULES, Rules, WageHoursInputError, rules_from_mapping
from sourceproof.wagehours import Finding as AnalyserFinding
from sourceproof.wagehours.text import RULE_TITLES, describe

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


# --------------------------------------------------------------------------- legal wages


@dataclass(frozen=True)
class LegalWageFilters:
    country: str = ""
    q: str = ""  # region, area, sector or source
    on: dt.date | None = None  # in force on this day


def legal_wage_list(*, user: User, filters: LegalWageFilters | None = None) -> QuerySet[LegalWage]:
    require(user, Action.VIEW_LEGAL_WAGES)
    filters = filters or LegalWageFilters()
    rows = LegalWage.objects.all()
    if filters.country:
        rows = rows.filter(country=filters.country.strip().upper())
    if filters.q:
        q = filters.q.strip()
        rows = rows.filter(
            Q(region__icontains=q)
            | Q(areas__icontains=q)
            | Q(sector__icontains=q)
            | Q(source_text__icontains=q)
        )
    if filters.on:
        rows = rows.filter(effective_from__lte=filters.on).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=filters.on)
        )
    return rows.order_by("country", "region", "sector", "-effective_from", "-id")


def get_legal_wage_for_user(*, user: User, pk: int) -> LegalWage:
    require(user, Action.VIEW_LEGAL_WAGES)
    row = LegalWage.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("Not found.")
    return row


def legal_wage_history(*, user: User, legal_wage: LegalWage) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(legal_wage)[:50])


def rules_mapping_for(row: LegalWage) -> dict[str, Any]:
    """The analyser's rule keys a row gives (the ETI defaults fill the rest)."""
    return rules_mapping(row)


def legal_wage_choices(*, country: str) -> QuerySet[LegalWage]:
    """Rows a person may pick for a run of a facility in `country` (sector rows included)."""
    return LegalWage.objects.filter(country=country).order_by("region", "sector", "-effective_from")


class RulesUnavailable(ValueError):
    """No rules can be built: `messages` say what is missing or wrong, for a person."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages))


@dataclass(frozen=True)
class BuiltRules:
    """Rules for a run: the analyser's `Rules`, the mapping snapshotted with the run, the row
    they came from (None when only overrides were given) and the overrides."""

    rules: Rules
    mapping: dict[str, Any]
    legal_wage: LegalWage | None
    overrides: dict[str, Any] = field(default_factory=dict)


def _problem_messages(exc: WageHoursInputError, source: str) -> list[str]:
    return [
        _("%(source)s, %(key)s: %(message)s")
        % {"source": source, "key": p.column or "", "message": p.message}
        for p in exc.problems
    ]


def rules_for_facility(
    *,
    facility: Facility,
    on: dt.date,
    legal_wage: LegalWage | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> BuiltRules:
    """The analyser's rules for `facility` on day `on`.

    From `legal_wage` when a person picked a row, else from the most specific row in force
    (see `payroll.rules`); then the overrides on top. Raises `RulesUnavailable` naming what
    is missing (country, region, city and day) or which override is wrong.
    """
    overrides = dict(overrides or {})
    place = place_label(country=facility.country, region=facility.region, city=facility.city)
    if legal_wage is not None:
        if legal_wage.country != facility.country:
            raise RulesUnavailable(
                [
                    _(
                        "The legal-wage row %(row)s is for %(row_country)s; the facility is in "
                        "%(country)s."
                    )
                    % {
                        "row": legal_wage,
                        "row_country": legal_wage.country,
                        "country": facility.country,
                    }
                ]
            )
        if not (
            legal_wage.effective_from <= on
            and (legal_wage.effective_until is None or on <= legal_wage.effective_until)
        ):
            raise RulesUnavailable(
                [
                    _("The legal-wage row %(row)s is not in force on %(day)s.")
                    % {"row": legal_wage, "day": on.isoformat()}
                ]
            )
        row: LegalWage | None = legal_wage
    else:
        row = choose_legal_wage(
            LegalWage.objects.filter(country=facility.country),
            country=facility.country,
            region=facility.region,
            city=facility.city,
            day=on,
        )
    if row is None:
        missing = [k for k in ("minimum_hourly_wage", "currency") if k not in overrides]
        if missing:
            raise RulesUnavailable(
                [
                    _(
                        "No legal minimum wage for %(place)s on %(day)s in the legal-wage table "
                        "(rows for a sector are used only when picked). Add a row for the "
                        "country or its region, pick a row, or give %(keys)s as overrides."
                    )
                    % {"place": place, "day": on.isoformat(), "keys": " and ".join(missing)}
                ]
            )
        base: dict[str, Any] = {}
    else:
        base = rules_mapping(row)
    mapping = merge_overrides(base, overrides)
    try:
        rules = rules_from_mapping(mapping, file="rules")
    except WageHoursInputError as exc:
        raise RulesUnavailable(_problem_messages(exc, _("Rules"))) from None
    return BuiltRules(rules=rules, mapping=mapping, legal_wage=row, overrides=overrides)


def rules_from_snapshot(mapping: Mapping[str, Any]) -> Rules:
    """The `Rules` a run used, from its snapshot."""
    return rules_from_mapping(mapping, file="rules")


# --------------------------------------------------------------------------- runs


def run_queryset(*, user: User) -> QuerySet[WageHoursRun]:
    """Every run the user may see (all of them for operator roles; 404 for anyone else)."""
    require(user, Action.VIEW_WAGE_HOURS_RUNS)
    return WageHoursRun.objects.all()


# The large JSON columns a list never needs.
_HEAVY = ("report", "not_checked_details", "summary", "rules", "overrides", "problems")


@dataclass(frozen=True)
class RunFilters:
    status: str = ""
    facility: str = ""  # facility code
    audit: str = ""  # audit reference


def run_list(*, user: User, filters: RunFilters | None = None) -> QuerySet[WageHoursRun]:
    """The runs the user may see, newest first, with their facility, audit and uploader."""
    filters = filters or RunFilters()
    runs = run_queryset(user=user)
    if filters.status:
        runs = runs.filter(status=filters.status)
    if filters.facility:
        runs = runs.filter(facility__code=filters.facility.strip())
    if filters.audit:
        runs = runs.filter(audit__reference=filters.audit.strip())
    return (
        runs.select_related("facility", "audit", "created_by")
        .defer(*_HEAVY)
        .order_by("-created_at", "-id")
    )


def get_run_for_user(*, user: User, pk: int) -> WageHoursRun:
    run = (
        run_queryset(user=user)
        .select_related("facility", "facility__supplier", "audit", "created_by", "legal_wage")
        .filter(pk=pk)
        .first()
    )
    if run is None:
        raise Http404("Not found.")
    return run


def get_run_status_for_user(*, user: User, pk: int) -> WageHoursRun:
    """A run's status and stage only (for the polling fragment: no report loaded)."""
    run = run_queryset(user=user).only("id", "status", "stage").filter(pk=pk).first()
    if run is None:
        raise Http404("Not found.")
    return run


@dataclass(frozen=True)
class FindingRow:
    position: int
    worker_id: str
    period_start: str
    period_end: str
    measured: float
    limit: float
    sentence: str
    drafted: str  # the draft audit finding's reference, or ""


@dataclass(frozen=True)
class RuleGroup:
    rule: str
    title: str
    clause: str
    count: int
    findings: list[FindingRow]


def _analyser_finding(item: Mapping[str, Any]) -> AnalyserFinding:
    return AnalyserFinding(
        rule=item["rule"],
        worker_id=item["worker_id"],
        period_start=dt.date.fromisoformat(item["period_start"]),
        period_end=dt.date.fromisoformat(item["period_end"]),
        measured=item["measured"],
        limit=item["limit"],
    )


def run_findings(run: WageHoursRun) -> list[AnalyserFinding]:
    """The run's findings as the analyser's dataclasses, in report order."""
    return [_analyser_finding(item) for item in (run.report or {}).get("findings", [])]


# Findings listed per rule on the results page (the API and "draft all" cover every one).
FINDINGS_SHOWN = 100


def run_finding_rules(run: WageHoursRun) -> list[tuple[int, str]]:
    """Every finding's place in the report and its rule (for picking findings to draft)."""
    return [(i, str(item["rule"])) for i, item in enumerate((run.report or {}).get("findings", []))]


def run_findings_by_rule(run: WageHoursRun, *, shown: int | None = None) -> list[RuleGroup]:
    """Every rule (those without findings too, so a zero is seen) with its count and its first
    `shown` findings, each with one plain sentence; drafted findings carry their audit-finding
    reference. Sentences are made only for the findings shown (a run may have 100,000)."""
    shown = FINDINGS_SHOWN if shown is None else shown
    rules = rules_from_snapshot(run.rules)
    drafted = dict(
        DraftedFinding.objects.filter(run=run).values_list("position", "finding__reference")
    )
    grouped: dict[str, list[FindingRow]] = {rule: [] for rule in RULES}
    counts: dict[str, int] = dict.fromkeys(RULES, 0)
    for position, item in enumerate((run.report or {}).get("findings", [])):
        rule = item["rule"]
        counts[rule] += 1
        if len(grouped[rule]) >= shown:
            continue
        finding = _analyser_finding(item)
        grouped[rule].append(
            FindingRow(
                position=position,
                worker_id=finding.worker_id,
                period_start=finding.period_start.isoformat(),
                period_end=finding.period_end.isoformat(),
                measured=finding.measured,
                limit=finding.limit,
                sentence=describe(finding, rules),
                drafted=drafted.get(position, ""),
            )
        )
    return [
        RuleGroup(
            rule=rule,
            title=drafting.rule_title(rule) or RULE_TITLES[rule],
            clause=drafting.clause_for(rule),
            count=counts[rule],
            findings=rows,
        )
        for rule, rows in grouped.items()
    ]


NOT_CHECKED_REASONS = {
    "no time records": gettext_lazy("No time records: neither hours nor pay could be checked"),
    "no regular hours in the pay period": gettext_lazy(
        "No regular hours in the pay period: no hourly rate, so neither wage rule was checked"
    ),
    "worked days outside every pay period": gettext_lazy(
        "Worked days outside every pay period: their pay was not checked"
    ),
}


def run_not_checked(run: WageHoursRun) -> list[dict[str, Any]]:
    """What was not checked, per worker, with the reason in the reader's language."""
    return [
        {**item, "reason_label": str(NOT_CHECKED_REASONS.get(item["reason"], item["reason"]))}
        for item in (run.not_checked_details or [])
    ]


def run_worker_ids(run: WageHoursRun) -> list[str]:
    """The workers with time records (the chart's choices), as the task noted them."""
    return list((run.summary or {}).get("worker_ids", []))


def run_default_worker(run: WageHoursRun) -> str:
    """The worker to chart first: the one with most weeks over a limit, else the first."""
    top = (run.summary or {}).get("top_workers") or []
    if top:
        return str(top[0]["worker_id"])
    ids = run_worker_ids(run)
    return ids[0] if ids else ""


def run_worker_weeks(*, run: WageHoursRun, worker_id: str) -> list[RunWeek]:
    return list(RunWeek.objects.filter(run=run, worker_id=worker_id).order_by("week_start")[:600])


PANEL_ITEMS = 5
_PANEL_SCAN = 200


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """For the roles that draft findings: finished analyses with findings none of which has
    become a draft audit finding yet (the latest 200 runs are looked at; two queries)."""
    if not can(user, Action.DRAFT_WAGE_HOURS_FINDINGS):
        return []
    runs = (
        WageHoursRun.objects.filter(status=RunStatus.DONE)
        .annotate(drafted_count=Count("drafted"))
        .filter(drafted_count=0)
        .select_related("facility")
        .only("id", "counts", "created_at", "facility__name", "facility__code")
        .order_by("-created_at", "-id")[:_PANEL_SCAN]
    )
    waiting = [run for run in runs if run.finding_count]
    return [
        {
            "key": "wage-hours-to-draft",
            "title": _("Wage and hours findings not yet drafted"),
            "count": len(waiting),
            "items": [
                {
                    "label": f"#{run.pk} · {run.facility.name} ({run.facility.code})",
                    "url": reverse("payroll:run_detail", args=[run.pk]),
                    "note": _("%(count)s findings") % {"count": run.finding_count},
                }
                for run in waiting[:PANEL_ITEMS]
            ],
            "url": reverse("payroll:run_list") + "?status=done",
            "tone": "warn" if waiting else "ok",
        }
    ]


def draft_audit_choices(*, user: User, run: WageHoursRun) -> QuerySet[Audit]:
    """Audits of the run's facility the user may add draft findings to (not closed)."""
    if not can(user, Action.DRAFT_WAGE_HOURS_FINDINGS):
        return Audit.objects.none()
    return (
        audit_queryset(user=user)
        .filter(facility_id=run.facility_id)
        .exclude(status__in=[AuditStatus.CLOSED, AuditStatus.CANCELLED])
        .order_by("-end_date", "-id")
    )


def run_drafted_findings(run: WageHoursRun) -> list[Finding]:
    return [
        d.finding
        for d in DraftedFinding.objects.filter(run=run)
        .select_related("finding")
        .order_by("position")
    ]
