"""Routing a purchase: does the shortlisted product *version* qualify for the buyer's green
channel on a given day, and on what evidence?

``route_case`` is pure: it reads a configuration version and a product version (never the
mutable listing's current state, except its vendor's standing) and returns the route with one
line per rule, saying pass or fail and the evidence relied on (designation number and validity,
which claims the platform verified, the policy number). The lines are stored with the case as
plain data and worded in the reader's language when shown (``describe``), so the record says
what was checked, not a sentence in one language.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.accounts.models import OrgStatus
from market.catalog.evidence import within
from market.catalog.models import ProductVersion
from market.catalog.taxonomy import Category
from market.core.labels import label_of, register
from market.procurement.configuration import ClaimType, GreenChannelVersion


class Route(enum.StrEnum):
    GREEN_CHANNEL = "green_channel"
    STANDARD = "standard"


register(Route, {Route.GREEN_CHANNEL: _l("Green channel"), Route.STANDARD: _l("Standard")})


@dataclass(frozen=True)
class RuleCheck:
    rule: (
        str  # configured, vendor_active, designation, verified:<claim type>, insurance, first_sale
    )
    passed: bool
    evidence: dict[str, Any] = field(default_factory=dict)  # plain JSON values


@dataclass(frozen=True)
class Routing:
    route: Route
    checks: tuple[RuleCheck, ...]

    def as_json(self) -> dict[str, Any]:
        return {"route": self.route.value, "checks": [asdict(check) for check in self.checks]}


def route_case(
    config: GreenChannelVersion | None, version: ProductVersion, on_date: date
) -> Routing:
    """The route for buying ``version`` under ``config`` on ``on_date``: green channel when every
    rule passes, standard otherwise (and always without a configuration)."""
    if config is None:
        return Routing(Route.STANDARD, (RuleCheck("configured", False),))
    checks = [_vendor_active(version)] if config.vendor_must_be_active else []
    checks.append(_designation(config, version, on_date))
    checks += [_verified(kind, version) for kind in map(ClaimType, config.verified_claims)]
    if config.insurance_required:
        checks.append(_insurance(version, on_date))
    if config.max_months_since_first_sale is not None:
        checks.append(_first_sale(config.max_months_since_first_sale, version, on_date))
    passed = all(check.passed for check in checks)
    return Routing(Route.GREEN_CHANNEL if passed else Route.STANDARD, tuple(checks))


def _vendor_active(version: ProductVersion) -> RuleCheck:
    vendor = version.product.vendor
    return RuleCheck(
        "vendor_active",
        vendor.status == OrgStatus.ACTIVE,
        {"vendor": vendor.name_zh, "status": vendor.status.value},
    )


def _designation(config: GreenChannelVersion, version: ProductVersion, day: date) -> RuleCheck:
    accepted = set(config.designation_kinds)
    found = [
        {
            "kind": d.kind.value,
            "number": d.document_number,
            "valid_from": d.valid_from.isoformat(),
            "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            "valid_on_day": within(d.valid_from, d.valid_until, day),
        }
        for d in version.designations
        if d.kind.value in accepted
    ]
    if config.designation_valid_on_routing:
        passed = any(row["valid_on_day"] for row in found)
    else:
        passed = bool(found)
    return RuleCheck(
        "designation",
        passed,
        {
            "accepted": sorted(accepted),
            "found": found,
            "day": day.isoformat(),
            "must_be_valid": config.designation_valid_on_routing,
        },
    )


def _claims_of(kind: ClaimType, version: ProductVersion) -> list[tuple[str, bool]]:
    """(what identifies each claim of ``kind``, whether the platform verified it)."""
    match kind:
        case ClaimType.DESIGNATION:
            return [(c.document_number, c.is_verified) for c in version.designations]
        case ClaimType.TEST_REPORT:
            return [(c.report_number, c.is_verified) for c in version.test_reports]
        case ClaimType.INSURANCE:
            return [(c.policy_number, c.is_verified) for c in version.insurance_policies]
        case ClaimType.IP_RIGHT:
            return [(c.number, c.is_verified) for c in version.ip_rights]
        case ClaimType.REFERENCE:
            return [(c.customer, c.is_verified) for c in version.references]


def _verified(kind: ClaimType, version: ProductVersion) -> RuleCheck:
    claims = _claims_of(kind, version)
    verified = [name for name, ok in claims if ok]
    return RuleCheck(
        f"verified:{kind.value}",
        bool(verified),
        {"verified": verified, "unverified": [name for name, ok in claims if not ok]},
    )


def _insurance(version: ProductVersion, day: date) -> RuleCheck:
    policies = [
        {
            "policy": p.policy_number,
            "insurer": p.insurer,
            "valid_from": p.valid_from.isoformat(),
            "valid_until": p.valid_until.isoformat(),
            "verified": p.is_verified,
        }
        for p in version.insurance_policies
        if within(p.valid_from, p.valid_until, day)
    ]
    return RuleCheck("insurance", bool(policies), {"policies": policies, "day": day.isoformat()})


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (a month is complete on the same day-of-month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def _first_sale(limit: int, version: ProductVersion, day: date) -> RuleCheck:
    # Software counts from its first release; equipment and materials from their first sale.
    software = version.category == Category.SOFTWARE
    since = version.first_release_date if software else version.first_sale_date
    what = "first_release" if software else "first_sale"
    if since is None:
        return RuleCheck("first_sale", False, {"what": what, "date": None, "limit": limit})
    months = months_between(since, day)
    return RuleCheck(
        "first_sale",
        months <= limit,
        {"what": what, "date": since.isoformat(), "months": months, "limit": limit},
    )


def describe(check: dict[str, Any]) -> str:
    """One stored rule line, worded in the reader's language."""
    rule, evidence = check["rule"], check.get("evidence") or {}
    if rule == "configured":
        return _("This organisation has no green channel configuration: every case is standard.")
    if rule == "vendor_active":
        return _(
            "The vendor %(vendor)s is %(status)s on the platform.",
            vendor=evidence["vendor"],
            status=label_of(OrgStatus, evidence["status"]),
        )
    if rule == "designation":
        valid = [row for row in evidence["found"] if row["valid_on_day"]]
        rows = valid or evidence["found"]
        if not rows:
            return _("No designation of an accepted kind.")
        shown = "; ".join(
            _(
                "%(number)s, valid %(start)s to %(end)s",
                number=row["number"],
                start=row["valid_from"],
                end=row["valid_until"] or _("open-ended"),
            )
            for row in rows
        )
        if evidence["must_be_valid"] and not valid:
            return _(
                "Designation not valid on %(day)s: %(shown)s", day=evidence["day"], shown=shown
            )
        return _("Designation: %(shown)s", shown=shown)
    if rule.startswith("verified:"):
        if evidence["verified"]:
            return _(
                "Verified by the platform (%(kind)s): %(names)s",
                kind=label_of(ClaimType, rule.removeprefix("verified:")),
                names=", ".join(evidence["verified"]),
            )
        kind = label_of(ClaimType, rule.removeprefix("verified:"))
        return _("Nothing of this kind verified by the platform: %(kind)s.", kind=kind)
    if rule == "insurance":
        if not evidence["policies"]:
            return _("No insurance policy in force on %(day)s.", day=evidence["day"])
        return _(
            "Insured: %(policies)s",
            policies="; ".join(
                f"{p['policy']} ({p['insurer']}, {p['valid_from']}–{p['valid_until']})"
                for p in evidence["policies"]
            ),
        )
    if rule == "first_sale":
        if evidence["date"] is None:
            return _("No first sale or release date declared (limit %(limit)d months).", **evidence)
        return _(
            "First sold or released %(date)s: %(months)d months ago (limit %(limit)d).",
            date=evidence["date"],
            months=evidence["months"],
            limit=evidence["limit"],
        )
    return rule
