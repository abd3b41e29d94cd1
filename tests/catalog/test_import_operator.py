"""``flask catalog import`` as an operator meets it with a published list: provinces by name,
columns that are not ours named with the ones that are, what a draft and a --publish line need,
progress on a long file, and listings searchable once the import ends (or a plain word that
`flask search sync` must run)."""

# ruff: noqa: F811 (the fixtures imported below are asked for by name)
import json

import pytest

from market.catalog import cli
from market.catalog.models import ListingState
from market.discovery import sync
from market.discovery.models import SearchOutbox
from tests.catalog.api_support import DESIGNATION_BODY, count, equipment_body, written
from tests.catalog.test_import import MATERIAL, imported, jsonl, run  # noqa: F401 (fixtures)
from tests.discovery.conftest import found_ids, index  # noqa: F401 (fixture)

HINT = (
    "Give a province's GB/T 2260 code (e.g. 320000) or its name (江苏, 江苏省 or Jiangsu); "
    "`flask catalog codes` lists them."
)


def queued() -> int:
    return count(SearchOutbox)


def test_a_province_is_given_by_its_code_or_its_name(run, jsonl, vendor):
    regions = [
        "320000",
        320000,
        "江苏",
        "江苏省",
        "Jiangsu",
        "jiangsu",
        " JIANGSU Province ",
        "内蒙古",
    ]
    path = jsonl(*(equipment_body(name_en=f"Machine {n}", region=r) for n, r in enumerate(regions)))

    result = run("import", path, "--vendor", vendor.credit_code)

    assert result.exit_code == 0, result.output
    assert f"{len(regions)} imported, 0 failed" in result.output
    assert [p.working_version.region for p in imported()] == ["320000"] * 7 + ["150000"]


def test_an_unknown_or_ambiguous_province_names_what_is_accepted(run, jsonl, vendor):
    path = jsonl(
        equipment_body(region="Atlantis"),
        equipment_body(region="江"),
        equipment_body(region="Jangsu"),
        equipment_body(region=""),
    )
    before = written()

    result = run("import", path, "--vendor", vendor.credit_code)

    assert result.exit_code == 1
    assert f"line 1: region: Not a province: 'Atlantis'. {HINT}" in result.stderr
    assert (
        "line 2: region: '江' could be 黑龙江省 Heilongjiang (230000), 江苏省 Jiangsu (320000), "
        f"浙江省 Zhejiang (330000), 江西省 Jiangxi (360000). {HINT}" in result.stderr
    )
    assert (
        "line 3: region: Not a province: 'Jangsu'; did you mean 江苏省 Jiangsu (320000)? "
        in result.stderr
    )
    # An empty cell: a draft whose vendor adds the province (with --publish, a refusal).
    assert "line 4: imported" in result.output
    assert "(its vendor completes region)" in result.output
    assert "1 imported, 3 failed" in result.output
    assert [p.working_version.region for p in imported()] == [""]
    assert written()["Product"] == before["Product"] + 1
    refused = run(
        "import", jsonl(equipment_body(region="")), "--vendor", vendor.credit_code, "--publish"
    )
    assert "line 1: region: Required for equipment listings with --publish" in refused.stderr
    assert HINT in refused.stderr


def test_the_codes_command_lists_what_the_coded_fields_accept(run):
    result = run("codes")

    assert result.exit_code == 0, result.output
    assert "  cnc_machine_tools        高档数控机床 / High-end CNC machine tools" in result.output
    assert "  320000  江苏省 / Jiangsu" in result.output
    assert "(equipment, material, software)" in result.output  # a provincial designation


def test_an_unknown_column_is_named_with_the_columns_accepted(run, jsonl, vendor):
    designation = DESIGNATION_BODY | {"expires": "2027-08-31"}
    path = jsonl(equipment_body(colour="red", designations=[designation]))

    result = run("import", path, "--vendor", vendor.credit_code)

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "line 1: colour: unknown column; accepted: category, name_zh, name_en, summary, "
        "description_md, technical_field, tags, region, price_min, price_max, price_visibility, "
        "first_sale_date, trial_months, performance_guarantee, support_terms, unit_value, "
        "unit_ordinal, variety_spec, minimum_batch, version_number, first_release_date, "
        "deployment_model, vendor_credit_code, designations, test_reports, ip_rights, "
        "references, insurance"
    ) in lines
    assert (
        "line 1: designations.0.expires: unknown field of a designation; accepted: kind, "
        "authority, document_number, catalogue_edition, valid_from, valid_until"
    ) in lines
    assert imported() == []


PUBLISHED_LIST_LINE = {"name_zh": "镍基高温合金", "technical_field": "nonferrous_alloys"}


def test_a_published_lists_entry_imports_as_a_draft_its_vendor_completes(run, jsonl, vendor):
    """What a published list gives: a Chinese name, a field and a line of description at most.
    Each entry becomes a draft; what its vendor must add before submitting is said per line."""
    lines = [
        PUBLISHED_LIST_LINE | {"summary": "GH4169 bar for turbine discs."},
        {"name_zh": "碳纤维复合材料", "technical_field": "advanced_polymers", "region": ""},
    ]
    result = run("import", jsonl(*lines), "--vendor", vendor.credit_code, "--category", "material")

    assert result.exit_code == 0, result.output
    assert (
        "line 1: imported 镍基高温合金 as draft (its vendor completes name_en, region, "
        "variety_spec)"
    ) in result.output
    assert (
        "line 2: imported 碳纤维复合材料 as draft (its vendor completes name_en, summary, region, "
        "variety_spec)"
    ) in result.output
    alloy, fibre = imported()
    assert alloy.state == fibre.state == ListingState.DRAFT
    assert alloy.working_version.summary == "GH4169 bar for turbine discs."
    assert (alloy.working_version.name_en, alloy.working_version.region) == ("", "")
    assert alloy.working_version.variety_spec is None


def test_a_published_lists_entry_still_needs_its_name_and_field(run, jsonl, vendor):
    result = run(
        "import",
        jsonl({"summary": "No name."}),
        "--vendor",
        vendor.credit_code,
        "--category",
        "equipment",
    )

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 1: name_zh: Missing data for required field.",
        "line 1: technical_field: Missing data for required field.",
    ]
    assert imported() == []


def test_publish_names_in_one_pass_everything_a_published_lists_entry_lacks(run, jsonl, vendor):
    line = PUBLISHED_LIST_LINE | {"category": "material", "region": "浙江"}
    before = written()

    refused = run("import", jsonl(line), "--vendor", vendor.credit_code, "--publish")

    assert refused.exit_code == 1
    publish_hint = "with --publish (without it, the line imports as a draft its vendor completes)"
    assert refused.stderr.splitlines() == [
        f"line 1: name_en: Required for material listings {publish_hint}.",
        f"line 1: summary: Required for material listings {publish_hint}.",
        f"line 1: variety_spec: Required for material listings {publish_hint}.",
    ]
    assert written() == before

    dry = run("import", jsonl(line), "--vendor", vendor.credit_code, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert (
        "with --publish it would be refused: name_en: required with --publish; summary: "
        "required with --publish; variety_spec: required with --publish; evidence: --publish "
        "needs at least one designation or test report"
    ) in dry.output
    assert written() == before


def test_publish_refuses_a_line_whose_designations_have_all_lapsed(run, jsonl, vendor):
    lapsed = DESIGNATION_BODY | {"valid_from": "2019-01-01", "valid_until": "2020-01-01"}
    path = jsonl(equipment_body(designations=[lapsed]))
    before = written() | {"outbox": queued()}

    result = run("import", path, "--vendor", vendor.credit_code, "--publish")

    assert result.exit_code == 1
    assert (
        "line 1: --publish refused: evidence: Every designation of this version has lapsed."
        in result.stderr
    )
    assert written() | {"outbox": queued()} == before


def test_imported_listings_are_searchable_when_the_import_ends(app, run, jsonl, vendor, index):
    path = jsonl(
        equipment_body(designations=[DESIGNATION_BODY]),
        MATERIAL,
    )

    result = run("import", path, "--vendor", vendor.credit_code, "--publish")

    assert result.exit_code == 0, result.output
    assert "search: 2 listing(s) indexed, 0 not searchable (not published); 0 change(s) left" in (
        result.stdout
    )
    assert found_ids(index, "数控机床") == {str(imported()[0].id)}
    status = app.test_cli_runner().invoke(args=["search", "status"])
    assert "Documents indexed: 2" in status.output
    assert "Outbox backlog: 0" in status.output


def test_drafts_leave_no_backlog_behind(app, run, jsonl, vendor):
    result = run("import", jsonl(equipment_body(), MATERIAL), "--vendor", vendor.credit_code)

    assert result.exit_code == 0, result.output
    assert "search: 0 listing(s) indexed, 2 not searchable (not published)" in result.stdout
    status = app.test_cli_runner().invoke(args=["search", "status"])
    assert "Documents indexed: 0" in status.output
    assert "Outbox backlog: 0" in status.output


class Unreachable:
    """A search backend whose server does not answer."""

    def stats(self):
        raise ConnectionError("Connection refused")

    index_many = delete_many = stats


@pytest.mark.parametrize("failure", ["stats", "create"])
def test_an_index_out_of_reach_says_search_sync_must_run(
    app,
    run,
    jsonl,
    vendor,
    index,
    monkeypatch,
    failure,
):
    def unreachable():
        if failure == "create":
            raise ValueError("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL")
        return Unreachable()

    path = jsonl(equipment_body(designations=[DESIGNATION_BODY]))
    with monkeypatch.context() as patch:
        patch.setattr(sync, "get_backend", unreachable)
        result = run("import", path, "--vendor", vendor.credit_code, "--publish")

    assert result.exit_code == 0, result.output  # the listing is imported all the same
    assert "1 imported, 0 failed" in result.output
    assert "search: the search index cannot be reached (" in result.stderr
    assert (
        "The imported listings are saved and wait in the search outbox: run `flask search sync` "
        "to index them." in result.stderr
    )
    assert queued() > 0
    assert found_ids(index) == set()

    synced = app.test_cli_runner().invoke(args=["search", "sync"])
    assert synced.exit_code == 0, synced.output
    assert found_ids(index) == {str(imported()[0].id)}


def test_a_dry_run_drains_nothing(run, jsonl, vendor, make_product):
    make_product(ListingState.PUBLISHED)  # a change waiting for `flask search sync`
    waiting = queued()
    path = jsonl(equipment_body(designations=[DESIGNATION_BODY]))

    result = run("import", path, "--vendor", vendor.credit_code, "--publish", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "search:" not in result.output
    assert queued() == waiting


def test_a_long_file_reports_progress_on_stderr(run, jsonl, vendor, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 3)
    lines = [equipment_body(name_en=f"Machine {n}") for n in range(7)]
    lines[1] = equipment_body(price_min="-1")
    path = jsonl(*lines)

    result = run("import", path, "--vendor", vendor.credit_code)

    assert result.exit_code == 1
    progress = [line for line in result.stderr.splitlines() if " of 7: " in line]
    assert progress == ["line 3 of 7: 2 imported, 1 failed", "line 6 of 7: 5 imported, 1 failed"]
    assert "6 imported, 1 failed" in result.stdout


def test_a_short_file_reports_no_progress(run, jsonl, vendor):
    result = run("import", jsonl(equipment_body(), MATERIAL), "--vendor", vendor.credit_code)

    assert result.exit_code == 0, result.output
    assert " of 2:" not in result.output


def test_a_file_saved_with_a_byte_order_mark_is_counted_and_read(run, tmp_path, vendor):
    path = tmp_path / "excel.jsonl"
    text = "\n".join(json.dumps(body) for body in (equipment_body(), MATERIAL))
    path.write_text(text, encoding="utf-8-sig")

    result = run("import", str(path), "--vendor", vendor.credit_code)

    assert result.exit_code == 0, result.output
    assert "2 imported, 0 failed" in result.output
