"""``python -m market.attestations.verify bundle|receipt …``: problems, a summary, an exit
status (0 verified, 1 problems, 2 unreadable input)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from market.attestations.verify.bundle import evidence_in, load_log_key, verify_bundle
from market.attestations.verify.checks import Unreadable
from market.attestations.verify.receipts import verify_receipt


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Unreadable(f"{path}: {exc}") from None


def _progress(size: int) -> None:
    print(f"{size:,} entries verified…", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m market.attestations.verify",
        description="Verify a bundle or a receipt of the Pioneer Market attestation log.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    receipt = commands.add_parser("receipt", help="verify one entry's receipt (a JSON file)")
    receipt.add_argument("file", type=Path, metavar="FILE")
    bundle = commands.add_parser("bundle", help="verify an organisation's bundle of the log")
    bundle.add_argument("directory", type=Path, metavar="DIR", help="the bundle, or a zip of it")
    bundle.add_argument(
        "--trusted",
        type=Path,
        action="append",
        default=[],
        metavar="CHECKPOINT_FILE",
        help="a checkpoint note kept earlier: the log must extend it (repeatable)",
    )
    for command in (receipt, bundle):
        command.add_argument(
            "--log-key",
            type=Path,
            required=True,
            metavar="PEM",
            help="the log's public key, obtained independently of the bundle",
        )
        command.add_argument(
            "--evidence",
            type=Path,
            metavar="DIR",
            help="the evidence files, named by SHA-256 or by name, to check against entries",
        )
    args = parser.parse_args(argv)
    try:
        key = load_log_key(args.log_key)
        if args.evidence is not None and not args.evidence.is_dir():
            raise Unreadable(f"{args.evidence}: no such evidence folder")
        lookup = None if args.evidence is None else evidence_in(args.evidence)
        if args.command == "receipt":
            report = verify_receipt(_read_text(args.file), key, evidence=lookup)
        else:
            trusted = [_read_text(path) for path in args.trusted]
            report = verify_bundle(
                args.directory,
                key,
                trusted=trusted,
                evidence_dir=args.evidence,
                progress=_progress,
            )
    except Unreadable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
