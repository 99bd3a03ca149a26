"""Command line of the field agent's app: ``agent-app``.

Without a command it opens the desktop window (``--data-dir``, ``--server``, ``--demo``,
``--lang``, ``--smoke-test``); ``agent-app quote ...`` and ``quote-household`` print the
contribution calculator's answer, in Vietnamese by default and English with ``--lang en``.
Qt is imported only when the window is wanted, so the calculator stays instant.
"""

# ruff: noqa: E402  (the start time is taken before the other imports, on purpose)
from __future__ import annotations

import time

_STARTED = time.perf_counter()  # the smoke test reports the time to the first window from here

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from sync import __version__
from sync.console import user_path, utf8_output
from sync.domain.errors import DomainError
from sync.domain.messages import format_date, format_vnd
from sync.domain.rules import (
    HouseholdQuote,
    VoluntaryQuote,
    load_rates,
    quote_household,
    quote_voluntary,
)
from sync.domain.vocab import HOUSEHOLD_PERIODS, METHODS, SUPPORT_CATEGORIES, label

_TEXT = {
    "description": (
        "Ứng dụng cho cán bộ thu BHXH tự nguyện và BHYT hộ gia đình (chạy không cần mạng).",
        "Desktop app for field agents of voluntary social and household health insurance.",
    ),
    "monthly_gross": ("Mức đóng 22 % mỗi tháng", "22 % contribution a month"),
    "monthly_support": ("Nhà nước hỗ trợ mỗi tháng", "State support a month"),
    "monthly_payable": ("Người tham gia đóng mỗi tháng", "Participant pays a month"),
    "months": ("Số tháng", "Months"),
    "discount": ("Giảm do đóng trước", "Advance-payment discount"),
    "total": ("Tổng số tiền phải đóng", "Total to pay"),
    "member": ("Thành viên thứ {n}", "Member {n}"),
    "provisional": (
        "Lưu ý: có mức áp dụng mới được công bố hoặc đang chờ xác nhận.",
        "Note: some rates used are announced or await confirmation.",
    ),
    "paid_on": ("Ngày đóng", "Payment date"),
}


def _t(key: str, lang: str, **params: object) -> str:
    vi, en = _TEXT[key]
    return (en if lang == "en" else vi).format(**params)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-app", description=_TEXT["description"][0] + " / " + _TEXT["description"][1]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default=None,
        help="language / ngôn ngữ (default: the saved setting, else vi)",
    )
    parser.add_argument("--data-dir", type=user_path, default=None, help="folder of the profiles")
    parser.add_argument("--server", default=None, help="central server URL for a new profile")
    parser.add_argument(
        "--demo", action="store_true", help="start with an embedded demo server and demo data"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window offscreen on a temporary profile, save once, print the time",
    )
    parser.add_argument(
        "--first-window-test",
        action="store_true",
        help="start offscreen over --data-dir, print the time to the first window, exit",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="in demo mode offscreen: window, charts, receipt PDF, .xlsx export (for bundles)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    vol = sub.add_parser("quote", help="quote voluntary social insurance (BHXH tự nguyện)")
    vol.add_argument("--income", type=int, required=True, help="chosen monthly income, đồng")
    vol.add_argument("--support", choices=SUPPORT_CATEGORIES, default="other")
    vol.add_argument("--method", choices=METHODS, default="monthly")
    vol.add_argument("--months", type=int, help="months (required for --method advance)")
    vol.add_argument("--paid-on", type=_iso_date, default=None, help="YYYY-MM-DD (default today)")
    vol.add_argument("--special-zone", action="store_true", help="island commune / special zone")

    hh = sub.add_parser(
        "quote-household", help="quote household health insurance (BHYT hộ gia đình)"
    )
    hh.add_argument("--members", type=int, required=True)
    hh.add_argument("--months", type=int, choices=HOUSEHOLD_PERIODS, default=12)
    hh.add_argument("--paid-on", type=_iso_date, default=None, help="YYYY-MM-DD (default today)")
    return parser


def _rows(rows: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v.rjust(14)}" for k, v in rows)


def render_voluntary(q: VoluntaryQuote, lang: str) -> str:
    rows = [
        (_t("paid_on", lang), format_date(q.paid_on)),
        (_t("monthly_gross", lang), format_vnd(q.monthly_gross)),
        (_t("monthly_support", lang), format_vnd(q.monthly_support)),
        (_t("monthly_payable", lang), format_vnd(q.monthly_payable)),
        (_t("months", lang), str(q.months)),
    ]
    if q.discount:
        rows.append((_t("discount", lang), format_vnd(q.discount)))
    rows.append((_t("total", lang), format_vnd(q.total)))
    head = f"{label('voluntary', lang)} — {label(q.support, lang)}, {label(q.method, lang)}"
    return _footer(head + "\n" + _rows(rows), q.provisional, lang)


def render_household(q: HouseholdQuote, lang: str) -> str:
    rows = [(_t("paid_on", lang), format_date(q.paid_on))]
    rows += [(_t("member", lang, n=i), format_vnd(a)) for i, a in enumerate(q.monthly_by_member, 1)]
    rows += [(_t("months", lang), str(q.months)), (_t("total", lang), format_vnd(q.total))]
    return _footer(label("household_health", lang) + "\n" + _rows(rows), q.provisional, lang)


def _footer(text: str, provisional: bool, lang: str) -> str:
    return text + ("\n" + _t("provisional", lang) if provisional else "")


def main(argv: Sequence[str] | None = None, *, today: date | None = None) -> int:
    utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from agent_app import app

        if args.smoke_test:
            return app.smoke_test(_STARTED, lang=args.lang)
        if args.first_window_test:
            from agent_app.paths import default_data_dir

            data_dir = args.data_dir or default_data_dir()
            return app.first_window_test(_STARTED, data_dir, lang=args.lang)
        if args.self_check:
            from agent_app import selfcheck

            return selfcheck.run(_STARTED, lang=args.lang)
        return app.run(
            data_dir=args.data_dir, lang=args.lang, server_url=args.server, demo=args.demo
        )
    lang: str = args.lang or "vi"
    today = today or date.today()
    try:
        if args.command == "quote":
            quote = quote_voluntary(
                load_rates(),
                income=args.income,
                support=args.support,
                method=args.method,
                months=args.months,
                paid_on=args.paid_on or today,
                special_zone=args.special_zone,
            )
            print(render_voluntary(quote, lang))
        elif args.command == "quote-household":
            hq = quote_household(
                load_rates(),
                members=args.members,
                months=args.months,
                paid_on=args.paid_on or today,
            )
            print(render_household(hq, lang))
    except DomainError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
