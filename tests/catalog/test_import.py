"""``flask catalog import FILE.jsonl``: lines validated like the API, good lines imported (as
drafts, or published with --publish), bad lines reported by number and field, one transaction
per line, --dry-run writes nothing, and the exit code says whether every line made it.
Also ``flask catalog expire``."""

import json
from datetime import date

import pytest
import sqlalchemy as sa

from market.catalog import queries
from market.catalog.evidence import Designation, ReviewStatus
from market.catalog.models import ListingState, Product, ProductVersion
from market.core.db import db
from market.discovery.models import SearchOutbox
from tests.catalog.api_support import (
    CLAIM_BODIES,
    DESIGNATION_BODY,
    count,
    equipment_body,
    written,
)
from tests.discovery.conftest import index  # noqa: F401 (fixture)

MATERIAL = {
    "category": "material",
    "name_zh": "镍基高温合金",
    "name_en": "Nickel-based superalloy",
    "summary": "GH4169 bar for turbine discs.",
    "technical_field": "nonferrous_alloys",
    "region": "330000",
    "variety_spec": "GH4169, Φ200 mm bar",
    "minimum_batch": "2 t",
    "price_min": "380000.00",
    "test_reports": [CLAIM_BODIES["test-reports"]],
}


@pytest.fixture
def jsonl(tmp_path):
    """jsonl(*lines): a file with one line per item (dicts as JSON, strings as they are)."""

    def write(*lines):
        path = tmp_path / "products.jsonl"
        text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        path.write_text(text + "\n", encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def run(app, db_session, index):  # noqa: F811 (the imported fixture, asked for)
    """run(*args): ``flask catalog *args``; an import drains into this test's own index."""

    def invoke(*args):
        return app.test_cli_runner().invoke(args=["catalog", *args])

    return invoke


def imported():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Product).order_by(Product.created_at)))


def names(products):
    return [p.current_version.name_en for p in products]


def test_a_good_file_is_imported_as_drafts(run, jsonl, vendor):
    code = vendor.credit_code
    path = jsonl(
        equipment_body(vendor_credit_code=code, designations=[DESIGNATION_BODY]),
        "",
        MATERIAL | {"vendor_credit_code": code.lower()},
    )

    result = run("import", path)

    assert result.exit_code == 0, result.output
    assert (
        "line 1: imported 五轴联动数控机床 / Five-axis CNC machining centre as draft"
        in result.output
    )
    assert "line 3: imported 镍基高温合金" in result.output
    assert "2 imported, 0 failed" in result.output
    cnc, alloy = imported()
    assert {cnc.state, alloy.state} == {ListingState.DRAFT}
    assert cnc.vendor_id == alloy.vendor_id == vendor.id
    assert cnc.working_version.unit_value_fen == 480_000_000
    assert cnc.working_version.designations[0].review_status == ReviewStatus.UNVERIFIED
    assert cnc.working_version.designations[0].valid_from == date(2024, 9, 1)
    assert alloy.working_version.test_reports[0].report_number == "NMTQ-2024-0456"
    assert alloy.working_version.price_min_fen == 38_000_000


def test_bad_lines_are_reported_by_number_and_field_and_the_good_ones_still_land(
    run, jsonl, vendor
):
    code = vendor.credit_code
    path = jsonl(
        equipment_body(vendor_credit_code=code),
        '{"category": "equipment", "name_zh": ',
        equipment_body(vendor_credit_code=code, price_min="-5"),
        equipment_body(
            vendor_credit_code=code,
            designations=[DESIGNATION_BODY | {"valid_until": "2020-01-01"}],
        ),
        equipment_body(vendor_credit_code=code, colour="red", unit_ordinal="first"),
        equipment_body(vendor_credit_code=code, first_sale_date="2999-01-01"),  # the domain's
        equipment_body(vendor_credit_code="91110000MA00000000"),
        equipment_body(),
        "[1, 2]",
        MATERIAL | {"vendor_credit_code": code},
    )

    result = run("import", path)

    assert result.exit_code == 1
    output = result.output
    assert "line 1: imported" in output
    assert "line 2: invalid JSON: Expecting value (character 37)" in output
    assert "line 3: price_min: Must not be negative." in output
    assert "line 4: designations.0.valid_until: Ends before it starts." in output
    assert (
        "line 5: colour: unknown column; accepted: category, name_zh, name_en, summary," in output
    )
    assert "line 5: unit_ordinal: Not a valid integer." in output
    assert "line 6: first_sale_date: This date is in the future." in output
    assert "line 7: vendor_credit_code: no active vendor with this credit code" in output
    assert "line 8: vendor_credit_code: required without --vendor" in output
    assert "line 9: a line must be one JSON object" in output
    assert "line 10: imported" in output
    assert "2 imported, 8 failed" in output
    assert names(imported()) == ["Five-axis CNC machining centre", "Nickel-based superalloy"]


def test_a_domain_rule_on_evidence_names_the_item(run, jsonl, vendor):
    report = CLAIM_BODIES["test-reports"] | {"issued_on": "2999-01-01"}
    path = jsonl(MATERIAL | {"vendor_credit_code": vendor.credit_code, "test_reports": [report]})

    result = run("import", path)

    assert result.exit_code == 1
    assert "line 1: test_reports.0.issued_on: This date is in the future." in result.output
    assert imported() == []


def test_a_designation_the_category_cannot_hold_names_the_item(run, jsonl, vendor):
    # An equipment designation on a material: the line fails like the API call would.
    line = MATERIAL | {
        "vendor_credit_code": vendor.credit_code,
        "designations": [DESIGNATION_BODY | {"kind": "first_batch_material"}, DESIGNATION_BODY],
    }
    before = written() | {"outbox": count(SearchOutbox)}

    result = run("import", jsonl(line))

    assert result.exit_code == 1
    assert "line 1: designations.1.kind: Not a designation for this kind of product" in (
        result.output
    )
    assert "designations.0" not in result.output
    # The product, its first designation, its test report, their audit events and its place in
    # the search queue were flushed before the second designation failed: all are gone.
    assert written() | {"outbox": count(SearchOutbox)} == before


def test_a_dry_run_checks_everything_and_writes_nothing(run, jsonl, vendor):
    good = jsonl(
        equipment_body(vendor_credit_code=vendor.credit_code, designations=[DESIGNATION_BODY]),
        MATERIAL | {"vendor_credit_code": vendor.credit_code},
    )
    before = written()

    result = run("import", good, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "line 1: ok, would import" in result.output
    assert "dry run: 2 would be imported, 0 failed; nothing written" in result.output
    assert written() == before

    # Without --publish it still says what a --publish run would make of each line.
    assert "line 1: ok, would import" in result.output
    assert "with --publish it would be published" in result.output
    assert written() == before

    bad = jsonl(equipment_body(vendor_credit_code=vendor.credit_code, unit_value=None))
    failed = run("import", bad, "--dry-run", "--publish")
    assert failed.exit_code == 1
    assert "line 1: unit_value:" in failed.output
    assert written() == before


def test_a_dry_run_without_publish_names_what_publishing_would_refuse(run, jsonl, vendor):
    """A line that makes a draft but could not be published (no evidence) is said to be so by
    the dry run, as the real --publish run then refuses it."""
    path = jsonl(equipment_body(name_en="Machine without evidence"))
    before = written()

    dry = run("import", path, "--vendor", vendor.credit_code, "--dry-run")
    real = run("import", path, "--vendor", vendor.credit_code, "--publish")

    assert dry.exit_code == 0, dry.output
    assert "would import" in dry.output
    assert "with --publish it would be refused:" in dry.output
    assert real.exit_code == 1
    refusal = dry.output.split("with --publish it would be refused: ")[1].splitlines()[0]
    assert refusal in real.output  # the same words as the real run's refusal
    assert written() == before


def test_publish_verifies_the_evidence_and_puts_listings_live(run, jsonl, vendor):
    path = jsonl(
        equipment_body(designations=[DESIGNATION_BODY], ip_rights=[CLAIM_BODIES["ip-rights"]]),
        MATERIAL,
        equipment_body(name_en="Machine without evidence"),
    )

    result = run("import", path, "--vendor", vendor.credit_code, "--publish")

    assert result.exit_code == 1
    assert "line 1: imported 五轴联动数控机床 / Five-axis CNC machining centre as published" in (
        result.output
    )
    assert (
        "line 3: evidence: --publish needs at least one designation or test report; add "
        '"designations": [{kind, authority, document_number, valid_from, ...}] or "test_reports": '
        "[{institution, standard, report_number, issued_on, conclusion}] to the line, or import "
        "it without --publish as a draft" in result.output
    )
    cnc, alloy = imported()
    assert {cnc.state, alloy.state} == {ListingState.PUBLISHED}
    assert all(claim.is_verified for claim in cnc.live_version.claims)
    assert len(cnc.live_version.claims) == 2
    public = list(db.session.scalars(queries.public_listings()))
    assert {p.id for p in public} == {cnc.id, alloy.id}


def test_vendor_option_and_line_vendor_must_agree(run, jsonl, vendor, make_org):
    from market.accounts.models import OrgKind

    other = make_org(kind=OrgKind.VENDOR)
    path = jsonl(equipment_body(vendor_credit_code=other.credit_code), equipment_body())

    result = run("import", path, "--vendor", vendor.credit_code)

    assert result.exit_code == 1
    assert "line 1: vendor_credit_code: differs from --vendor" in result.output
    assert [p.vendor_id for p in imported()] == [vendor.id]


def test_an_unknown_vendor_option_stops_before_any_line(run, jsonl, make_org):
    from market.accounts.models import OrgKind, OrgStatus

    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    path = jsonl(equipment_body())
    before = written()

    for code in ("91110000MA00000000", pending.credit_code):
        result = run("import", path, "--vendor", code)
        assert result.exit_code != 0
        assert "no active vendor with credit code" in result.output
    assert written() == before


def test_expire_moves_listings_whose_designations_lapsed(run, make_product):
    lapsed, valid = (
        make_product(state=ListingState.PUBLISHED),
        make_product(state=ListingState.PUBLISHED),
    )
    # Time passes: the designation of the first listing ended last year.
    db.session.execute(
        sa.update(Designation)
        .where(Designation.version_id == lapsed.live_version_id)
        .values(valid_from=date(2019, 1, 1), valid_until=date(2020, 1, 1))
    )
    db.session.commit()

    result = run("expire")

    assert result.exit_code == 0, result.output
    assert "1 listing(s) expired" in result.output
    db.session.expire_all()
    assert db.session.get(Product, lapsed.id).state == ListingState.EXPIRED
    assert db.session.get(Product, valid.id).state == ListingState.PUBLISHED
    assert "0 listing(s) expired" in run("expire").output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProductVersion)) == 2
