"""Demo trials, made through the real verbs once the demo cases' decisions are attested: the
officer records the terms, the vendor's staff confirm them and the officer files the trial
start attestation, as far as each demo case's ``trial`` says. The running trial started 75 days
ago: it has the vendor's first report and an incident, and its first milestone is overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from market.accounts.models import Membership, Role, User
from market.attestations import filing
from market.core.audit import Actor
from market.core.db import business_today, db
from market.demo.cases import DEMO_CASES
from market.procurement.cases import Case, CaseState
from market.trials import concluding, contracting, determining, reporting
from market.trials import terms as trial_terms

_S = CaseState
KPIS = [
    {
        "name": "可用率 Availability",
        "unit": "%",
        "target": "95",
        "comparator": "at_least",
        "method": "计划运行时间内的实际运行比例，取自运行记录。Uptime over scheduled hours.",
    },
    {
        "name": "平均故障间隔 MTBF",
        "unit": "h",
        "target": "500",
        "comparator": "at_least",
        "method": "试用期内运行小时数除以故障次数。Operating hours over failures.",
    },
    {
        "name": "单次故障修复时间 Repair time",
        "unit": "h",
        "target": "48",
        "comparator": "at_most",
        "method": "从报修到恢复运行，取最长一次。Longest time from report to restart.",
    },
]


def seed_trials(pin: str) -> int:
    """The demo trials, for demo cases that are decided and attested and have no terms yet;
    returns how many were taken forward."""
    made = 0
    for demo in DEMO_CASES:
        if demo.trial is None:
            continue
        case = db.session.scalar(
            sa.select(Case).where(Case.title == demo.title, Case.state == _S.DECIDED)
        )
        if case is None or trial_terms.terms_of(case) is not None:
            continue
        if filing.standing(case, "decision") is None:
            continue  # not attested: the keys were seeded before this case (an older demo)
        _take_forward(case, demo.trial, pin)
        made += 1
    return made


ENDED = frozenset({_S.ACCEPTED, _S.FAILED, _S.TERMINATED, _S.CLOSED})
# How many days ago each demo trial started: the running one is in its third month, the ended
# ones ran their six months (the failed one failed in its fifth).
STARTED_DAYS_AGO = {
    _S.TRIAL_RUNNING: 75,
    _S.ACCEPTED: 200,
    _S.CLOSED: 230,
    _S.FAILED: 160,
    _S.TERMINATED: 90,
}


def _take_forward(case: Case, trial: CaseState, pin: str) -> None:
    officer = Actor(case.officer, "seed-demo")  # type: ignore[arg-type]
    running = trial == _S.TRIAL_RUNNING or trial in ENDED
    start = business_today() - timedelta(days=STARTED_DAYS_AGO.get(trial, -10))
    value = case.budget_fen * 9 // 10
    policies = trial_terms.policies_of(case)
    contracting.record_terms(
        case,
        officer,
        {
            "starts_on": start,
            "ends_on": start + timedelta(days=180),
            "value_fen": value,
            "acceptance_criteria": "全部指标以最后一次测量为准达到目标，试用期内无重大事故。"
            " Every KPI met by its last measurement; no critical incident in the trial.",
            "kpis": KPIS,
            "milestones": [
                {
                    "due_on": start + timedelta(days=60),
                    "amount_fen": value * 3 // 10,
                    "description": "安装调试完成并投入运行 Installed, commissioned, in service.",
                },
                {
                    "due_on": start + timedelta(days=180),
                    "amount_fen": value - value * 3 // 10,
                    "description": "六个月运行期满，验收评审 Six months in service; acceptance.",
                },
            ],
            **_insurance(policies, value),
            "fallback_plan": case.fallback_supply or "原有设备保留备用。The old equipment stays.",
        },
    )
    if trial == _S.DECIDED:
        return
    vendor = _vendor_staff(case)
    contracting.confirm_terms(
        case,
        Actor(vendor, "seed-demo"),
        trial_terms.terms_of(case).revision,  # type: ignore[union-attr]
    )
    if running:
        filing.file_attestation(
            case,
            officer,
            "trial_start",
            {
                "mitigations": "供应商驻场工程师两名，备件库存于现场；原系统并行运行三个月。"
                " Two vendor engineers on site, spares in stock; the old system runs alongside.",
                "no_conflict_of_interest": True,
                "no_personal_gain": True,
            },
            pin,
        )
        if trial == _S.TRIAL_RUNNING:
            _first_weeks(case, vendor, start)
        elif trial == _S.FAILED:
            _fail(case, officer, vendor, start, pin)
        elif trial == _S.TERMINATED:
            concluding.terminate(
                case,
                officer,
                "电站改扩建，双方协商提前结束试用。"
                " The farm is being rebuilt; both sides agreed to end the trial early.",
            )
            filing.file_attestation(case, officer, "remediation", REMEDIATION, pin)
        else:
            _accept(case, officer, vendor, start, pin, close=trial == _S.CLOSED)


def _report(case: Case, actor: Actor, day: date, values: tuple[str, str, str], **more: Any) -> None:
    reporting.submit_report(
        case,
        actor,
        {
            "reported_on": day,
            "measurements": {k["name"]: v for k, v in zip(KPIS, values, strict=True)},
            **more,
        },
    )


WORDS = {"no_conflict_of_interest": True, "no_personal_gain": True}
REMEDIATION = {
    **WORDS,
    "rationale": "按规定程序集体决策并披露风险，试用过程如实记录。"
    " Decided collectively by the procedure with the risks disclosed; the trial is on record.",
    "mitigations": "原有设备即日恢复运行；供应商退还未完成部分的款项。"
    " The old equipment was back the same day; the vendor refunds the unfinished part.",
}


def _accept(
    case: Case, officer: Actor, vendor: User, start: date, pin: str, *, close: bool
) -> None:
    """Both milestones reported, every KPI met, signed off by the decision's majority,
    accepted (naming the buyer on the product's record), a follow-on raised; closed after the
    outcome attestation when ``close``."""
    terms = trial_terms.terms_of(case)
    assert terms is not None
    first, last = terms.milestones
    _report(
        case,
        Actor(vendor, "seed-demo"),
        first.due_on,
        ("96.8", "520", "20"),
        milestone=str(first.id),
        notes="安装调试完成。Installed and commissioned.",
    )
    _report(
        case,
        officer,
        last.due_on - timedelta(days=2),
        ("98.1", "760", "12"),
        milestone=str(last.id),
        notes="六个月运行数据。Six months of operating data.",
    )
    review = concluding.review_of(case)
    for approver in review.attendees[: review.needed]:
        concluding.sign_off(case, Actor(approver, "seed-demo"), "同意验收。Accepted.")
    concluding.accept(case, officer, "全部指标达标，同意验收。Every KPI met.", show_buyer_name=True)
    if close:
        filing.file_attestation(
            case,
            officer,
            "outcome",
            {
                **WORDS,
                "rationale": "试用全部指标达标，经审批人签署验收。"
                " Every KPI met; the approvers signed off the acceptance.",
            },
            pin,
        )
        concluding.close(case, officer)
    else:
        determining.raise_follow_on(case, officer, case.quantity * 4, case.budget_fen * 3)


def _fail(case: Case, officer: Actor, vendor: User, start: date, pin: str) -> None:
    """Availability fell short, a critical incident; failed, remediated, determined by the
    group's body (recorded by the buyer's auditor), and claimed under the policy if any."""
    terms = trial_terms.terms_of(case)
    assert terms is not None
    first = terms.milestones[0]
    _report(
        case,
        Actor(vendor, "seed-demo"),
        first.due_on,
        ("88.5", "210", "70"),
        milestone=str(first.id),
        notes="电堆衰减快于预期。Stack degrading faster than expected.",
    )
    incident = reporting.record_incident(
        case,
        officer,
        {
            "occurred_on": start + timedelta(days=130),
            "severity": "critical",
            "description": "燃料电池电堆失效，拖轮停航 6 天。"
            " The stack failed; the tug was idle 6 days.",
            "insurer_notified": terms.insurance_policy is not None,
        },
    )
    concluding.fail(
        case,
        officer,
        "可用率与故障间隔均未达标，电堆失效。 Availability and MTBF missed; the stack failed.",
        [incident.number],
    )
    filing.file_attestation(case, officer, "remediation", REMEDIATION, pin)
    auditor = _member(case, Role.AUDITOR)
    determining.record_determination(
        case,
        Actor(auditor, "seed-demo"),
        {
            "exemption": "exempted",
            "decided_by": "集团纪检监察组 Group discipline inspection team",
            "decided_on": business_today() - timedelta(days=5),
            "reference": "纪检〔2026〕31号",
            "notes": "勤勉尽责、程序合规、集体决策、风险已披露、无个人利益，予以免责。"
            " Diligent, by the procedure, collective, risks disclosed, no personal gain.",
        },
        pin,
    )
    if terms.insurance_policy is not None and terms.insured_value_fen is not None:
        determining.record_claim(
            case,
            officer,
            {
                "filed_on": business_today() - timedelta(days=20),
                "amount_claimed_fen": terms.insured_value_fen // 3,
                "insurer_reference": "CLM-2026-0098",
            },
        )
        determining.update_claim(
            case,
            officer,
            {
                "status": "partly_paid",
                "amount_paid_fen": terms.insured_value_fen // 4,
                "settled_on": business_today() - timedelta(days=2),
            },
        )


def _member(case: Case, role: Role) -> User:
    people = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == case.organisation_id)
        .order_by(User.email)
    ).all()
    return next(u for u in people if u.is_enabled and u.has_role(role))


def _first_weeks(case: Case, vendor: User, start: date) -> None:
    """The vendor's interim report a month in and an incident; the first milestone's report
    (due 60 days in) is left undone, so it shows overdue in both inboxes."""
    reporting.submit_report(
        case,
        Actor(vendor, "seed-demo"),
        {
            "reported_on": start + timedelta(days=35),
            "measurements": {
                KPIS[0]["name"]: "96.2",
                KPIS[1]["name"]: "410",
                KPIS[2]["name"]: "30",
            },
            "notes": "投运首月运行平稳，一次通信模块故障已更换。"
            " First month stable; one communication module replaced.",
        },
    )
    reporting.record_incident(
        case,
        Actor(vendor, "seed-demo"),
        {
            "occurred_on": start + timedelta(days=28),
            "severity": "minor",
            "description": "通信模块故障，停机 30 小时后更换恢复。"
            " Communication module failed; replaced after 30 hours.",
            "insurer_notified": False,
        },
    )


def _insurance(policies: list[Any], value: int) -> dict[str, Any]:
    if policies:
        return {"insurance_policy": policies[0].policy_number, "insured_value_fen": value}
    return {
        "insurance_policy": None,
        "insured_value_fen": None,
        "no_insurance_reason": "所选版本无首台套保险；供应商提供履约保函。"
        " No first-set policy on the version; the vendor gives a performance bond.",
    }


def _vendor_staff(case: Case) -> User:
    entry = case.selected_entry
    assert entry is not None
    staff = db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == entry.vendor_id)
        .order_by(User.email)
    ).all()
    return next(u for u in staff if u.is_enabled and u.has_role(Role.STAFF))
