"""Longer histories for some demo listings: changes requested and made, revisions after
publication, suspensions, withdrawals, and a generated PDF."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from market.catalog.evidence import DocumentVisibility
from market.catalog.models import ListingState
from market.catalog.taxonomy import Category
from market.demo.catalog import evidence
from market.demo.catalog.plans import DocumentPlan, ListingPlan, PlannedClaim
from market.demo.catalog.templates import round3

_L = ListingState
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
# How some published listings got there, with how many of them.
PUBLISHED_STORIES = {
    "reworked": 20,  # changes requested once, corrected, then published
    "revised": 10,  # edited after publication and published again: version 2 is live
    "revision_in_review": 5,  # an edit waits in the review queue while version 1 stays live
    "revision_draft": 3,  # the vendor has started an edit
}
DOCUMENTS = 12  # listings with a (tiny, generated) PDF
FEEDBACK = (
    "检测报告编号无法在检验机构网站核验，请上传报告扫描件。 The test report number cannot be "
    "checked on the institution's website; please upload a scan of the report.",
    "请补充认定文件的公示页面截图。 Please add a screenshot of the published designation list.",
    "描述中的技术参数与检测报告不一致，请核对。 The specifications in the description differ "
    "from the test report; please check them.",
    "参考价格区间过宽，请按配置分别报价。 The price range is too wide; please price each "
    "configuration.",
)
SUSPENSIONS = (
    "收到采购方质量投诉，核查期间暂停展示。 A buyer's quality complaint is under investigation.",
    "检测报告真实性待核实。 The authenticity of a test report is being checked.",
    "保险保单已退保，待补充新保单。 The insurance policy was cancelled; awaiting a new one.",
)
REVISED_SUPPORT = (
    "新增 7×24 小时远程诊断与备件寄售服务。 Adds 24/7 remote diagnostics and spare parts on "
    "consignment."
)


def tell_stories(rng: random.Random, plans: list[ListingPlan], today: date) -> None:
    """Give some listings a longer history: rework, revisions, suspension, withdrawal, a PDF."""
    published = [p for p in plans if p.state == _L.PUBLISHED]
    rng.shuffle(published)
    with_reports = [p for p in published if any(c.slug == "test-reports" for c in p.claims)]
    for plan in with_reports[: PUBLISHED_STORIES["reworked"]]:
        plan.story = "reworked"
        plan.feedback = FEEDBACK[0]
    others = [p for p in published if not p.story]
    start = 0
    for story in ("revised", "revision_in_review", "revision_draft"):
        for plan in others[start : start + PUBLISHED_STORIES[story]]:
            plan.story = story
            plan.revision = _revision(rng, plan, story, today)
            if story == "revised":
                issued = today - timedelta(days=rng.randint(5, 60))
                report = evidence.test_report(rng, plan.templates, plan.kind, plan.rows, issued)
                plan.revision_claim = PlannedClaim("test-reports", report)
        start += PUBLISHED_STORIES[story]
    for number, plan in enumerate([p for p in published if not p.story][:DOCUMENTS]):
        slug = re.sub(r"[^a-z0-9]+", "-", plan.content["name_en"].lower()).strip("-")
        plan.document = DocumentPlan(
            filename=f"test-report-summary-{slug}.pdf",
            title="检测报告摘要 Test report summary",
            # Every other one for signed-in buyers only.
            visibility=DocumentVisibility.BUYERS if number % 2 else DocumentVisibility.PUBLIC,
            lines=_document_lines(plan),
        )
    for plan in plans:
        if plan.state == _L.SUSPENDED:
            plan.reason = rng.choice(SUSPENSIONS)
        elif plan.state == _L.CHANGES_REQUESTED:
            plan.feedback = rng.choice(FEEDBACK)
        elif plan.state == _L.WITHDRAWN:
            plan.story = rng.choice(("after_publication", "before_review"))


def _revision(rng: random.Random, plan: ListingPlan, story: str, today: date) -> dict[str, Any]:
    content = plan.content
    if story == "revision_draft":
        return {"support_terms": REVISED_SUPPORT}
    factor = rng.choice((0.95, 1.04, 1.08))
    changes: dict[str, Any] = {
        "price_min_fen": round3(content["price_min_fen"] // 100 * factor) * 100,
        "price_max_fen": round3(content["price_max_fen"] // 100 * factor) * 100,
        "description_md": content["description_md"]
        + "\n## 版本说明 Revision notes\n\n- 更新参考价格与复检报告。 Updated price and a new "
        "re-test report.\n",
    }
    if plan.category == Category.EQUIPMENT and content["unit_ordinal"] == 1:
        changes["unit_ordinal"] = 2  # the second unit has been delivered
        changes["first_sale_date"] = content["first_sale_date"] or today - timedelta(days=45)
    return changes


def _document_lines(plan: ListingPlan) -> list[str]:
    """A summary in English: the PDF's standard font has no Chinese."""
    report = next((c.data for c in plan.claims if c.slug == "test-reports"), None)
    lines = [
        "Pioneer Market demo data - generated summary, not a real report",
        "",
        f"Product: {plan.content['name_en']}",
    ]
    if report is not None:
        lines += [
            f"Standard: {evidence.standard_code(report['standard'])}",
            f"Issued: {report['issued_on'].isoformat()}",
        ]
    lines += ["", "Key specifications:"]
    lines += [f"  {en}: {value}" for _zh, en, value in plan.rows if not _CHINESE.search(value)]
    return lines
