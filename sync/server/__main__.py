"""Command line of the central server: ``agent-server``.

The HTTP server is not built yet; ``check-rates`` lets an administrator validate a rates file
(the dated reference data every laptop receives) before publishing it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sync import __version__
from sync.domain.errors import RuleError
from sync.domain.rates import load_rates


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-server",
        description="Central server of the field-agent app (BHXH tự nguyện / BHYT hộ gia đình).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check-rates", help="validate a rates file and list what it holds")
    check.add_argument("file", nargs="?", type=Path, help="rates JSON (default: the bundled one)")
    return parser


def _check_rates(path: Path | None) -> int:
    try:
        rates = load_rates(path)
    except RuleError as exc:
        print(f"error: {exc.message_en}", file=sys.stderr)
        return 1
    print(f"rates version {rates.version} from {rates.source}")
    for name in rates.tables:
        for entry in rates.entries(name):
            until = entry.valid_to.isoformat() if entry.valid_to else "…"
            flag = "" if entry.status == "in_force" else f"  [{entry.status}]"
            print(f"  {name:<20} {entry.valid_from.isoformat()} → {until:<10}{flag}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check-rates":
        return _check_rates(args.file)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
