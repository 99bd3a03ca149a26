"""Command line of the central server: ``agent-server``.

``serve`` runs the HTTP server; ``add-agent``, ``new-code``, ``set-communes``,
``revoke-device``, ``list-devices`` and ``seed-demo`` administer the same database, also while
the server runs; ``check-rates`` validates a rates file (the dated reference data every laptop
receives) before publishing it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sync import __version__
from sync.console import user_path, utf8_output
from sync.domain.errors import DomainError, RuleError
from sync.domain.rates import load_rates

DEFAULT_DATA_DIR = Path("server-data")


def _db_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=user_path,
        default=DEFAULT_DATA_DIR,
        help=f"folder of the SQLite database (default: ./{DEFAULT_DATA_DIR})",
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (postgresql://user:pass@host/db) instead of SQLite"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-server",
        description="Central server of the field-agent app (BHXH tự nguyện / BHYT hộ gia đình).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the sync server")
    _db_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (PostgreSQL only: SQLite has one writer)",
    )
    serve.add_argument(
        "--device-rate",
        default="10/minute",
        help="device registrations allowed per client address (limits notation, e.g. 10/minute)",
    )
    serve.add_argument(
        "--min-client",
        metavar="VERSION",
        help="oldest app version allowed to sync (older apps are told to update: HTTP 426)",
    )
    serve.add_argument(
        "--latest-client",
        metavar="VERSION",
        default=__version__,
        help=f"newest app version, shown to laptops in /health (default {__version__})",
    )

    serve.add_argument(
        "--secure-cookies",
        action="store_true",
        help="mark the console's cookies Secure even over plain HTTP (behind a TLS proxy); "
        "without it they are Secure when the request came over HTTPS",
    )
    serve.add_argument(
        "--no-console",
        action="store_true",
        help="serve only the sync API, without the supervisors' web console at /",
    )

    sup = sub.add_parser(
        "add-supervisor",
        help="add a supervisor account of the web console (asks for the password)",
    )
    _db_options(sup)
    sup.add_argument("--username", required=True)
    sup.add_argument("--name", required=True)
    sup.add_argument(
        "--role",
        required=True,
        choices=("admin", "province", "commune", "viewer"),
        help="admin: every province; province, commune: their provinces or communes and "
        "may act there; viewer: reads only (its provinces or communes, or all with none)",
    )
    sup.add_argument(
        "--province",
        action="append",
        default=[],
        dest="provinces",
        help="2-digit province code; repeat for several (or give them comma-separated)",
    )
    sup.add_argument(
        "--commune",
        action="append",
        default=[],
        dest="communes",
        help="5-digit commune code; repeat for several (or give them comma-separated)",
    )
    sup.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of asking",
    )

    add = sub.add_parser("add-agent", help="add an agent; prints a one-time enrollment code")
    _db_options(add)
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True)
    add.add_argument(
        "--commune",
        required=True,
        action="append",
        dest="communes",
        help="5-digit commune code; repeat for several (or give them comma-separated)",
    )
    add.add_argument(
        "--code",
        help="agent code, the prefix of receipt numbers: 2-16 letters or digits, unique "
        "(default: made up from the username)",
    )

    renew = sub.add_parser(
        "new-code",
        help="a new one-time enrollment code for an existing agent (a replacement laptop)",
    )
    _db_options(renew)
    renew.add_argument("--username", required=True)

    move = sub.add_parser(
        "set-communes",
        help="change an agent's communes (its laptops drop what it no longer covers)",
    )
    _db_options(move)
    move.add_argument("--username", required=True)
    move.add_argument(
        "--commune",
        required=True,
        action="append",
        dest="communes",
        help="5-digit commune code; repeat for several (or give them comma-separated)",
    )

    revoke = sub.add_parser("revoke-device", help="revoke a device's token")
    _db_options(revoke)
    revoke.add_argument("--device", required=True, help="device id (see list-devices)")

    devices = sub.add_parser("list-devices", help="list registered devices")
    _db_options(devices)

    seed = sub.add_parser("seed-demo", help="load reference data, the demo agent and households")
    _db_options(seed)
    seed.add_argument("--households", type=int, default=200)
    seed.add_argument(
        "--scale",
        help="instead of the demo agent: a campaign month over every commune (34 provinces, "
        "3,321 communes): 'national' is 1,000,000 enrollments and 1,000,000 visits, a number "
        "such as 0.05 that share of it",
    )
    seed.add_argument("--enrollments", type=int, help="enrollments of the campaign month seed")
    seed.add_argument("--visits", type=int, help="visits of the campaign month seed")
    seed.add_argument(
        "--provinces", type=int, help="only the first N provinces (campaign month seed)"
    )

    check = sub.add_parser("check-rates", help="validate a rates file and list what it holds")
    check.add_argument(
        "file", nargs="?", type=user_path, help="rates JSON (default: the bundled one)"
    )
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


_WORKER_CONFIG = "AGENT_SERVER_WORKER_CONFIG"  # how the parent hands its options to workers


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.admin import open_database
    from sync.server.app import create_app

    if args.workers < 1:
        print("error: --workers must be 1 or more", file=sys.stderr)
        return 2
    if args.workers > 1 and (not args.database_url or args.database_url.startswith("sqlite")):
        print(
            "error: --workers above 1 needs --database-url (PostgreSQL): SQLite has one writer "
            "at a time, so more processes would only wait for each other",
            file=sys.stderr,
        )
        return 2
    # Migrates and refreshes the reference data once, before any worker starts.
    db = open_database(args.data_dir, args.database_url)
    config = {
        "data_dir": str(args.data_dir),
        "database_url": args.database_url,
        "device_rate": args.device_rate,
        "min_client": args.min_client,
        "latest_client": args.latest_client,
        "console": not args.no_console,
        "secure_cookies": True if args.secure_cookies else None,
    }
    try:
        app = create_app(
            db,
            device_rate=args.device_rate,
            min_client=args.min_client,
            latest_client=args.latest_client,
            console=not args.no_console,
            secure_cookies=True if args.secure_cookies else None,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    workers = f", {args.workers} processes" if args.workers > 1 else ""
    print(
        f"agent-server {__version__} on http://{args.host}:{args.port} ({db.url}{workers})",
        flush=True,
    )
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    db.dispose()
    os.environ[_WORKER_CONFIG] = json.dumps(config)
    uvicorn.run(
        "sync.server.__main__:worker_app",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_level="warning",
    )
    return 0


def worker_app() -> Any:
    """The app of one of ``serve --workers N``'s processes (uvicorn imports it by name): the
    parent's options from the environment, its own engine and connection pool."""
    from sync.server.app import create_app
    from sync.server.db import open_engine

    config = json.loads(os.environ[_WORKER_CONFIG])
    db = open_engine(Path(config["data_dir"]), config["database_url"])
    return create_app(
        db,
        device_rate=config["device_rate"],
        min_client=config["min_client"],
        latest_client=config["latest_client"],
        console=config["console"],
        secure_cookies=config["secure_cookies"],
    )


def _read_password(from_stdin: bool) -> str | None:
    import getpass

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Password again: ") != first:
        print("error: the two passwords differ; nothing was created", file=sys.stderr)
        return None
    return first


def _add_supervisor(db: Any, args: argparse.Namespace) -> int:
    from sync.server.console.accounts import AccountError, add_supervisor

    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    split = [c.strip() for arg in args.communes for c in arg.split(",") if c.strip()]
    provinces = [p.strip() for arg in args.provinces for p in arg.split(",") if p.strip()]
    try:
        made = add_supervisor(
            db,
            username=args.username,
            name=args.name,
            role=args.role,
            password=password,
            provinces=provinces,
            communes=split,
        )
    except AccountError as exc:
        print(f"error: {exc.field}: {exc}", file=sys.stderr)
        return 1
    print(f"Supervisor {made.username} ({made.role}) can now sign in to the console at /")
    return 0


def _admin(args: argparse.Namespace) -> int:
    from sync.server import admin

    db = admin.open_database(args.data_dir, args.database_url)
    try:
        if args.command == "add-agent":
            communes = [c.strip() for arg in args.communes for c in arg.split(",") if c.strip()]
            code = admin.add_agent(
                db, username=args.username, name=args.name, communes=communes, code=args.code
            )
            print(f"Agent {args.username} is ready. One-time enrollment code:")
            print(code)
        elif args.command == "add-supervisor":
            return _add_supervisor(db, args)
        elif args.command == "new-code":
            code = admin.new_code(db, username=args.username)
            print(f"New one-time enrollment code for agent {args.username}:")
            print(code)
        elif args.command == "set-communes":
            communes = [c.strip() for arg in args.communes for c in arg.split(",") if c.strip()]
            admin.set_communes(db, username=args.username, communes=communes)
            print(f"Agent {args.username} now covers {', '.join(sorted(set(communes)))}")
        elif args.command == "revoke-device":
            if not admin.revoke_device(db, args.device):
                print(f"error: no active device {args.device}", file=sys.stderr)
                return 1
            print(f"device {args.device} revoked")
        elif args.command == "list-devices":
            for d in admin.list_devices(db):
                state = f"revoked {d.revoked_at}" if d.revoked_at else "active"
                print(f"{d.device_id}  {d.username:<16} {d.name:<24} {d.created_at}  {state}")
        elif args.command == "seed-demo" and (
            args.scale or args.enrollments is not None or args.visits is not None
        ):
            return _seed_national(db, args)
        elif args.command == "seed-demo":
            code = admin.seed_demo(db, households=args.households)
            print(f"Demo data loaded ({args.households} households). Demo agent's code:")
            print(code)
    finally:
        db.dispose()
    return 0


def _seed_national(db: Any, args: argparse.Namespace) -> int:
    import time

    from sync.server.seed_national import NATIONAL_ENROLLMENTS, NATIONAL_VISITS, seed_national

    share = 1.0
    if args.scale and args.scale != "national":
        try:
            share = float(args.scale)
        except ValueError:
            raise ValueError(f"--scale is 'national' or a number, not {args.scale!r}") from None
        if not 0 < share <= 10:
            raise ValueError("--scale must lie between 0 and 10")
    enrollments = args.enrollments
    visits = args.visits
    if enrollments is None:
        enrollments = int(NATIONAL_ENROLLMENTS * share)
    if visits is None:
        visits = int(NATIONAL_VISITS * share)
    if enrollments < 0 or visits < 0:
        raise ValueError("--enrollments and --visits must not be negative")
    began = time.perf_counter()
    counts = seed_national(
        db,
        enrollments=enrollments,
        visits=visits,
        provinces=args.provinces,
        progress=lambda msg: print(f"[{time.perf_counter() - began:7.1f} s] {msg}", flush=True),
    )
    print(
        f"Campaign month seeded in {time.perf_counter() - began:.1f} s: {counts.provinces} "
        f"provinces, {counts.communes} communes, {counts.agents} agents, "
        f"{counts.households} households, {counts.persons} persons, {counts.enrollments} "
        f"enrollments ({counts.signups} sign-ups), {counts.receipts} receipts, "
        f"{counts.visits} visits, {counts.events} events"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check-rates":
        return _check_rates(args.file)
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command in {
            "add-agent",
            "add-supervisor",
            "new-code",
            "set-communes",
            "revoke-device",
            "list-devices",
            "seed-demo",
        }:
            return _admin(args)
    except DomainError as exc:
        print(f"error: {exc.message_en}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
