"""Demo green channel cases, made through the real verbs by the demo buyers' people: every
state of a case, at both groups and the Jiangsu subsidiary, among them a declined one, a
cancelled one, an overdue one and one routed standard.

Each case shortlists published demo listings of one technical field, chosen by how they route
under the buyer's configuration today (so "standard" really is a product the rules refuse).
One thing is not a verb: the overdue case's stage clock (its start and due day) is set back,
since a stage only runs out with time and a seed cannot wait. What was done, and when, stays
as the verbs recorded it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from market.accounts.models import Organisation, User
from market.catalog.models import ListingState, Product
from market.catalog.taxonomy import TechnicalField
from market.core.audit import Actor
from market.core.db import business_today, db
from market.procurement import assessing, deciding, evaluating, raising
from market.procurement.cases import Case, CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice
from market.procurement.green_channel import in_force
from market.procurement.routing import Route, route_case

YUAN = 100
_S = CaseState


@dataclass(frozen=True)
class DemoCase:
    buyer: str  # the demo organisation's e-mail domain
    field: TechnicalField
    title: str
    description: str
    budget_yuan: int
    state: CaseState
    route: Route = Route.GREEN_CHANNEL
    votes: tuple[VoteChoice, ...] = (VoteChoice.APPROVE, VoteChoice.APPROVE, VoteChoice.REJECT)
    conflict: bool = False  # the third approver declares a conflict
    overdue_days: int = 0
    pick: int = 0  # which of the listings that route as wanted comes first (cases vary)
    # How far its trial goes once decided and attested (market.demo.trials): DECIDED, terms
    # recorded for the vendor; CONTRACTED, confirmed; TRIAL_RUNNING, started; ACCEPTED (with a
    # follow-on), FAILED (remediated, determined, claimed), TERMINATED
    # (remediated) and CLOSED, ended. None: no trial.
    trial: CaseState | None = None


DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase("buyer1.demo", TechnicalField.INDUSTRIAL_ROBOTS, "锅炉水冷壁焊接机器人试用", "Two welding robots for the boiler water-wall line at the Datong plant.", 1_600_000, _S.REQUESTED),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.POWER_EQUIPMENT, "燃机叶片检测设备首台套试用", "Blade inspection rig for the gas turbine overhaul shop.", 1_850_000, _S.TECHNICAL_EVALUATION),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.NEW_ENERGY, "储能变流器首台套示范", "One energy-storage converter for the Ningxia solar station.", 1_200_000, _S.TECHNICAL_EVALUATION, overdue_days=20),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.POWER_EQUIPMENT, "磨煤机状态监测装置首台套", "Condition monitoring units for twelve coal mills.", 900_000, _S.RISK_ASSESSMENT, pick=1),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.CNC_MACHINE_TOOLS, "汽轮机叶片五轴加工中心", "A five-axis centre for steam turbine blades.", 1_900_000, _S.COLLECTIVE_DECISION),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.INDUSTRIAL_ROBOTS, "巡检机器人首台套采购", "Substation inspection robots for the Shanxi grid company.", 1_500_000, _S.DECIDED, conflict=True, votes=(VoteChoice.APPROVE, VoteChoice.APPROVE)),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.NEW_ENERGY, "风电变桨系统首台套试用", "Pitch control systems for the Zhangbei wind farm.", 1_700_000, _S.DECLINED, votes=(VoteChoice.REJECT, VoteChoice.REJECT, VoteChoice.APPROVE), pick=1),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.POWER_EQUIPMENT, "变压器在线监测装置", "Online monitoring for four main transformers.", 600_000, _S.CANCELLED),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.MARINE_ENGINEERING, "海上风电运维船舶设备", "Access system for offshore wind maintenance vessels.", 1_400_000, _S.RISK_ASSESSMENT, route=Route.STANDARD),  # noqa: E501
    DemoCase("js.buyer1.demo", TechnicalField.INDUSTRIAL_ROBOTS, "输煤栈桥清扫机器人", "Belt-corridor cleaning robots for the Nanjing plant.", 800_000, _S.TECHNICAL_EVALUATION),  # noqa: E501
    DemoCase("js.buyer1.demo", TechnicalField.NEW_ENERGY, "光伏组件清洗设备首台套", "Module cleaning machines for the Yancheng solar farm.", 700_000, _S.DECIDED),  # noqa: E501
    DemoCase("buyer2.demo", TechnicalField.MARINE_ENGINEERING, "LNG船殷瓦焊接设备", "Invar welding equipment for the LNG carrier hull line.", 1_800_000, _S.REQUESTED),  # noqa: E501
    DemoCase("buyer2.demo", TechnicalField.NONFERROUS_ALLOYS, "船用钛合金管材首批次", "Titanium alloy piping for two research vessels.", 1_300_000, _S.COLLECTIVE_DECISION),  # noqa: E501
    DemoCase("buyer2.demo", TechnicalField.INDUSTRIAL_ROBOTS, "分段涂装机器人首台套", "Block painting robots for the Shanghai yard.", 1_600_000, _S.DECIDED, trial=_S.DECIDED),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.INDUSTRIAL_ROBOTS, "管道焊缝检测机器人试用", "Weld inspection crawlers for the Tianjin pipeline.", 1_100_000, _S.DECIDED, pick=1, trial=_S.CONTRACTED),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.NEW_ENERGY, "储能电站能量管理系统试用", "An energy management system for the Datong storage station.", 1_300_000, _S.DECIDED, trial=_S.TRIAL_RUNNING),  # noqa: E501
    DemoCase("buyer1.demo", TechnicalField.INDUSTRIAL_ROBOTS, "锅炉管排打磨机器人试用", "Grinding robots for boiler tube panels at the Taiyuan works.", 1_250_000, _S.DECIDED, pick=2, trial=_S.ACCEPTED),  # noqa: E501
    DemoCase("buyer2.demo", TechnicalField.INDUSTRIAL_ROBOTS, "船体焊缝打磨机器人试用", "Weld grinding robots for the Dalian hull shop.", 1_150_000, _S.DECIDED, pick=1, trial=_S.CLOSED),  # noqa: E501
    DemoCase("js.buyer1.demo", TechnicalField.NEW_ENERGY, "光伏电站智能运维系统试用", "An operations platform for the Sheyang solar farm.", 650_000, _S.DECIDED, pick=1, trial=_S.TERMINATED),  # noqa: E501
    DemoCase("buyer2.demo", TechnicalField.NEW_ENERGY, "船用燃料电池系统首台套试用", "A marine fuel-cell system for a harbour tug.", 1_350_000, _S.DECIDED, trial=_S.FAILED),  # noqa: E501
)  # fmt: skip


def seed_cases() -> int:
    """The demo cases, unless the demo buyers have cases already; returns how many were made."""
    if db.session.scalar(sa.select(Case.id).limit(1)) is not None:
        return 0
    listings = db.session.scalars(
        sa.select(Product)
        .where(Product.state == ListingState.PUBLISHED, Product.live_version_id.is_not(None))
        .order_by(Product.created_at, Product.id)
    ).all()
    made = 0
    for demo in DEMO_CASES:
        people = _people(demo.buyer)
        shortlist = _shortlist(people, demo, listings)
        if not shortlist:
            continue  # the catalog has no listing of this field that routes as wanted
        _make(demo, people, shortlist)
        made += 1
    return made


def _people(domain: str) -> dict[str, User]:
    users = db.session.scalars(sa.select(User).where(User.email.endswith(f"@{domain}")))
    return {user.email.split("@")[0]: user for user in users}


def _shortlist(
    people: dict[str, User], demo: DemoCase, listings: Sequence[Product]
) -> list[Product]:
    """Up to three public listings of the field, the first routing as the case wants."""
    org: Organisation = people["requester"].organisation  # type: ignore[assignment]
    config = in_force(org).version
    in_field = [p for p in listings if p.live_version.technical_field == demo.field]  # type: ignore[union-attr]
    today = business_today()
    wanted = [
        p
        for p in in_field
        if route_case(config, p.live_version, today).route == demo.route  # type: ignore[arg-type]
    ]
    if not wanted:
        return []
    first = wanted[demo.pick % len(wanted)]
    others = [p for p in in_field if p.id != first.id][:2]
    return [first, *others]


def _make(demo: DemoCase, people: dict[str, User], shortlist: list[Product]) -> None:
    def actor(login: str) -> Actor:
        return Actor(user=people[login], address="seed-demo")

    # The Jiangsu subsidiary's admin is also its procurement officer.
    officer = actor("officer" if "officer" in people else "admin")
    requester = actor("requester")
    case = raising.raise_case(
        requester,
        {
            "title": demo.title,
            "description": demo.description,
            "quantity": 1,
            "budget_fen": demo.budget_yuan * YUAN,
            "delivery_site": demo.description.split(" for ")[-1].rstrip("."),
            "wanted_by": business_today() + timedelta(days=180),
        },
        products=[p.id for p in shortlist],
        search_query=demo.field.value.replace("_", " "),
    )
    steps: list[tuple[CaseState, Callable[[], Any]]] = [
        (_S.TECHNICAL_EVALUATION, lambda: evaluating.start_evaluation(case, officer)),
        (_S.RISK_ASSESSMENT, lambda: _evaluate(case, officer, requester, demo)),
        (_S.COLLECTIVE_DECISION, lambda: _assess(case, officer)),
        (_S.DECIDED, lambda: _decide(case, officer, people, demo)),
    ]
    if demo.state == _S.CANCELLED:
        evaluating.start_evaluation(case, officer)
        raising.cancel(case, requester, "预算调整，本年度不再采购。Budget moved to next year.")
        return
    target = _S.DECIDED if demo.state == _S.DECLINED else demo.state
    order = [_S.REQUESTED, *(state for state, _ in steps)]
    for state, step in steps:
        if order.index(state) > order.index(target):
            break
        step()
    if demo.state == _S.TECHNICAL_EVALUATION:
        _criteria_and_some_scores(case, officer)
    if demo.state == _S.COLLECTIVE_DECISION:
        _meeting(case, officer, people, demo, votes=1)
    if demo.overdue_days:
        _backdate(case, demo.overdue_days)


def _criteria(case: Case, officer: Actor) -> None:
    evaluating.set_criteria(
        case,
        officer,
        [
            {"name": "技术指标 Technical performance", "weight": 40},
            {"name": "可靠性与证明材料 Reliability and evidence", "weight": 30},
            {"name": "服务与备件 Service and spares", "weight": 20},
            {"name": "价格 Price", "weight": 10},
        ],
    )


def _criteria_and_some_scores(case: Case, officer: Actor) -> None:
    _criteria(case, officer)
    _score(case, officer, offset=0)  # the requester has not scored yet: a task of theirs


def _score(case: Case, scorer: Actor, offset: int) -> None:
    rows = [
        {
            "entry_id": entry.id,
            "criterion_id": criterion.id,
            "value": max(0, min(10, 9 - 2 * i + (offset + j) % 2)),
            "comment": "",
        }
        for i, entry in enumerate(case.shortlist)
        for j, criterion in enumerate(evaluating.criteria_of(case))
    ]
    evaluating.score(case, scorer, rows)


def _evaluate(case: Case, officer: Actor, requester: Actor, demo: DemoCase) -> None:
    _criteria(case, officer)
    _score(case, officer, 0)
    _score(case, requester, 1)
    method = (
        ProcurementMethod.COOPERATIVE_INNOVATION
        if demo.route == Route.GREEN_CHANNEL
        else ProcurementMethod.TENDER
    )
    evaluating.select(
        case,
        officer,
        case.shortlist[0].id,
        method,
        "加权总分最高，证明材料齐全。Highest weighted total; evidence complete.",
    )


def _assess(case: Case, officer: Actor) -> None:
    for description, likelihood, impact, mitigation, owner in (
        ("试用期内性能未达标 Performance below target in the trial", 2, 4, "约定验收指标与退出条款 Acceptance KPIs and an exit clause", "生产技术部 Production engineering"),  # noqa: E501
        ("备件供应周期长 Long lead time for spares", 3, 2, "供应商在现场备一套关键备件 Vendor keeps critical spares on site", "物资供应部 Materials"),  # noqa: E501
    ):  # fmt: skip
        assessing.add_risk(
            case,
            officer,
            {
                "description": description,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "owner": owner,
            },
        )
    entry = case.selected_entry
    policies = [p.policy_number for p in entry.version.insurance_policies] if entry else []
    assessing.set_position(
        case,
        officer,
        policies[0] if policies else None,
        "" if policies else "供应商提供履约保函 The vendor gives a performance bond.",
        "保留现有设备运行至验收 The current equipment stays in service until acceptance.",
    )
    assessing.submit_risks(case, officer)


def _meeting(
    case: Case, officer: Actor, people: dict[str, User], demo: DemoCase, votes: int
) -> None:
    approvers = [people[f"approver{n}"] for n in (1, 2, 3)]
    deciding.record_meeting(
        case,
        officer,
        business_today(),
        MeetingKind.GENERAL_MANAGERS_OFFICE,
        [a.id for a in approvers],
    )
    choices = list(demo.votes)
    for index, approver in enumerate(approvers[:votes] if votes < 3 else approvers):
        as_approver = Actor(user=approver, address="seed-demo")
        if demo.conflict and index == 2:
            deciding.declare(
                case, as_approver, True, "亲属在供应商任职 A relative works for the vendor."
            )
            continue
        deciding.declare(case, as_approver, False)
        deciding.vote(case, as_approver, choices.pop(0), "")


def _decide(case: Case, officer: Actor, people: dict[str, User], demo: DemoCase) -> None:
    _meeting(case, officer, people, demo, votes=3)
    deciding.close_vote(case, officer)


def _backdate(case: Case, days: int) -> None:
    """Move the current stage's clock back ``days``: the stage runs out with time, which a
    seed cannot wait for. Only the clock moves; every record of what was done stays as it was."""
    case.stage_started_at -= timedelta(days=days)
    if case.stage_due_on is not None:
        case.stage_due_on -= timedelta(days=days)
    db.session.flush()
