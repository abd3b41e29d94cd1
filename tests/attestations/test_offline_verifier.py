"""The auditor's verifier runs where only Python, ``cryptography`` and ``rfc8785`` are
installed: here Flask and SQLAlchemy cannot be imported at all. It accepts the bundle
``flask ledger export`` wrote and a receipt the platform gave, and rejects them once one byte of
an entry has changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from market import ROOT
from market.attestations import bundles

BLOCKED = ("flask", "sqlalchemy", "flask_sqlalchemy", "flask_babel", "werkzeug", "psycopg")


@pytest.fixture(scope="module")
def without_flask(tmp_path_factory) -> dict[str, str]:
    """An environment in which importing Flask or SQLAlchemy fails."""
    folder = tmp_path_factory.mktemp("blocked")
    for name in BLOCKED:
        (folder / name).mkdir()
        (folder / name / "__init__.py").write_text(
            f"raise ImportError('{name} is not installed where the auditor verifies')\n"
        )
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}


def offline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "market.attestations.verify", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_flask_and_sqlalchemy_really_cannot_be_imported(without_flask):
    for name in ("flask", "sqlalchemy"):
        run = subprocess.run(
            [sys.executable, "-c", f"import {name}"],
            env=without_flask,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 1
        assert "is not installed where the auditor verifies" in run.stderr


def test_the_exported_bundle_verifies_offline_and_one_changed_byte_fails_it(
    audited_log, app, tmp_path, without_flask
):
    folder = tmp_path / "bundle"
    exported = app.test_cli_runner().invoke(
        args=["ledger", "export", "--org", audited_log.org.credit_code, str(folder)]
    )
    assert exported.exit_code == 0, exported.output
    key = audited_log.log_key_pem(tmp_path)
    evidence = audited_log.evidence_dir(tmp_path / "evidence")

    run = offline(
        without_flask, "bundle", str(folder), "--log-key", str(key), "--evidence", str(evidence)
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "OK: 10 entries, 10 checkpoints verified"

    seq = audited_log.seqs["filed 3"]
    lines = (folder / "entries.jsonl").read_bytes().splitlines(keepends=True)
    assert "试用采购第3号" in lines[seq].decode()
    lines[seq] = lines[seq].replace("第3号".encode(), "第8号".encode())  # one byte: 3 → 8
    (folder / "entries.jsonl").write_bytes(b"".join(lines))
    run = offline(without_flask, "bundle", str(folder), "--log-key", str(key))
    assert run.returncode == 1
    assert f"entry {seq}: the signature of key" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("FAILED: ")


def test_a_receipt_verifies_offline_and_one_changed_byte_fails_it(
    audited_log, tmp_path, without_flask
):
    filed, countersigned = audited_log.seqs["filed 2"], audited_log.seqs["countersigned"]
    receipt = bundles.receipt([filed, countersigned])
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    key = audited_log.log_key_pem(tmp_path)
    run = offline(without_flask, "receipt", str(path), "--log-key", str(key))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "OK: 5 entries, 1 checkpoints verified"

    receipt["entries"][0]["entry"] = receipt["entries"][0]["entry"].replace("第2号", "第7号")
    path.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    run = offline(without_flask, "receipt", str(path), "--log-key", str(key))
    assert run.returncode == 1
    assert f"entry {filed}: its inclusion proof does not lead" in run.stdout


def test_the_log_key_may_be_given_as_its_private_pem_and_bad_input_exits_2(
    audited_log, app, tmp_path, without_flask
):
    folder = tmp_path / "bundle"
    bundles.write_bundle(audited_log.org, folder)
    private = Path(app.config["LEDGER_KEY_PATH"])
    run = offline(without_flask, "bundle", str(folder), "--log-key", str(private))
    assert run.returncode == 0, run.stdout + run.stderr
    for args in (
        ["bundle", str(tmp_path / "missing"), "--log-key", str(private)],
        ["bundle", str(folder), "--log-key", str(folder / "manifest.json")],
        ["bundle", str(folder)],
    ):
        run = offline(without_flask, *args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
