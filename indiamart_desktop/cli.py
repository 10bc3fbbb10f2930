"""The one entry point: the desktop by default, plus headless sub-commands.

Headless commands never import Qt, so they run on a server or in a scheduled job.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from indiamart_desktop import APP_NAME, __version__
from indiamart_desktop.account import Account
from indiamart_desktop.cli_leads import add_leads_commands, cmd_leads
from indiamart_desktop.config import SETTING_NAMES, ConfigError, save_config
from indiamart_desktop.credentials import (
    ENV_VAR,
    KeyFormatError,
    KeyringUnavailable,
    KeyStore,
    take_key_from_environment,
)
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.redact import redact
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.logging_setup import setup_logging
from indiamart_desktop.paths import default_data_dir, log_dir
from indiamart_desktop.store.db import StoreError
from indiamart_desktop.sync.engine import Skip, StepResult

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_NOT_YET = 2
EXIT_KEY = 3
EXIT_FAILED = 4
EXIT_STORE = 5
#: Days given on the command line must lie in these years (a far date overflows).
FIRST_YEAR = 1990
LAST_YEAR = 2100


def _ist(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(IST).isoformat(timespec="seconds")


def _short(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(IST).strftime("%d-%m-%Y %H:%M:%S IST")


def _describe(result: StepResult) -> str:
    if not result.called or result.outcome is None:
        if result.skip is Skip.NOT_YET:
            return f"Not calling yet: IndiaMART allows the next call at " \
                   f"{_short(result.next_allowed_at)}."
        if result.skip is Skip.KEY_PROBLEM:
            return f"Polling is stopped until a CRM key is saved ({result.state.key_state}): " \
                   f"{result.message}"
        if result.skip is Skip.NO_KEY:
            return "No CRM key: run `indiamart-desktop set-key` (or set INDIAMART_CRM_KEY)."
        return f"Could not record the call: {result.store_error}"
    window = f"{_short(result.window_start)} .. {_short(result.window_end)}"
    if result.store_error:
        return f"{result.kind} {window}: the leads could not be stored: {result.store_error}"
    if result.outcome.is_definite:
        return (f"{result.kind} {window}: {result.new} new, {result.updated} updated"
                f"{f', {result.skipped} unreadable records skipped' if result.skipped else ''}; "
                f"next call from {_short(result.next_allowed_at)}.")
    return f"{result.kind} {window}: {result.outcome.value}: {result.message or '-'}; " \
           f"next call from {_short(result.next_allowed_at)}."


def _exit_code(result: StepResult) -> int:
    if result.store_error:
        return EXIT_STORE
    if not result.called or result.outcome is None:
        return {Skip.NOT_YET: EXIT_NOT_YET, Skip.KEY_PROBLEM: EXIT_KEY,
                Skip.NO_KEY: EXIT_KEY}.get(result.skip or Skip.STORE_ERROR, EXIT_STORE)
    if result.outcome.is_definite:
        return EXIT_OK
    if result.outcome.is_key_problem:
        return EXIT_KEY
    if result.outcome in (Outcome.TOO_SOON, Outcome.BLOCKED):
        return EXIT_NOT_YET
    return EXIT_FAILED


def _json(result: StepResult) -> str:
    return json.dumps({
        "called": result.called,
        "outcome": result.outcome.value if result.outcome else (
            result.skip.value if result.skip else None),
        "new": result.new,
        "updated": result.updated,
        "skipped": result.skipped,
        "window_start": _ist(result.window_start),
        "window_end": _ist(result.window_end),
        "next_allowed_at": _ist(result.next_allowed_at),
        "covered_until": _ist(result.state.covered_until),
        "message": result.store_error or result.message,
    }, ensure_ascii=False)


def cmd_sync(args: argparse.Namespace, account: Account) -> int:
    engine = account.engine()
    if args.once:
        result = engine.step()
        print(_describe(result), file=sys.stderr if _exit_code(result) else sys.stdout)
        if args.json:
            print(_json(result))
        return _exit_code(result)
    print(f"Polling IndiaMART every {engine.interval:.0f} s; Ctrl+C stops.", flush=True)
    while True:
        result = engine.step()
        if result.called or result.skip is not Skip.NOT_YET:
            line = _json(result) if args.json else f"{_short(datetime.now(IST))}  " \
                                                    f"{_describe(result)}"
            print(line, flush=True)
        if result.skip in (Skip.KEY_PROBLEM, Skip.NO_KEY):
            return EXIT_KEY
        wait = engine.interval
        if result.next_allowed_at is not None:
            wait = (result.next_allowed_at - engine.clock.now()).total_seconds()
        time.sleep(min(max(wait, 0.05), 60.0))


def cmd_config(args: argparse.Namespace, account: Account) -> int:
    if args.action == "set":
        try:
            config = account.config.with_value(args.name, args.value)
        except ConfigError as error:
            print(f"Not changed: {error}", file=sys.stderr)
            return EXIT_USAGE
        save_config(account.db, config)
        account.config = config
    for name, value in account.config.as_text().items():
        print(f"{name} = {value}")
    key = account.keystore.get(account.config.api)
    print(f"key = {'saved' if key else 'not saved'} ({KeyStore.backend_name()})")
    return EXIT_OK


def cmd_set_key(args: argparse.Namespace, account: Account) -> int:
    text = sys.stdin.read()
    version = args.api or account.config.api
    try:
        account.keystore.set(version, text)
    except KeyFormatError as error:
        print(f"Key not saved: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyringUnavailable as error:
        print(f"Key not saved: {error} Set INDIAMART_CRM_KEY for scheduled jobs instead.",
              file=sys.stderr)
        return EXIT_KEY
    account.engine().clear_key_problem()
    print(f"The {version} CRM key is saved in the keyring ({KeyStore.backend_name()}).")
    return EXIT_OK


def cmd_demo_server(args: argparse.Namespace) -> int:
    from indiamart_desktop.cli_demo import PortUnavailable, serve  # noqa: PLC0415

    try:
        serve(port=args.port, min_gap=args.min_gap, days=args.days, seed=args.seed,
              live=args.live, out=sys.stdout)
    except PortUnavailable as error:
        print(f"demo-server: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    """Bad usage is one line on stderr and exit code 1 (2 means "not allowed yet")."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def _parse_day(text: str) -> datetime:
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(text, fmt).replace(tzinfo=IST)
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise argparse.ArgumentTypeError(
                f"{text!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}")
        return day
    raise argparse.ArgumentTypeError(f"{text!r} is not a day (DD-MM-YYYY or YYYY-MM-DD)")


def _folder(text: str) -> Path:
    if not text.strip() or "\0" in text:
        raise argparse.ArgumentTypeError("give a folder name")
    return Path(text)


def _number(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a {'whole ' if kind is int else ''}number") from None
        if not low <= value <= high:  # also refuses nan
            raise argparse.ArgumentTypeError(f"{text!r} is not between {low:g} and {high:g}")
        return value
    return parse


def cmd_export(args: argparse.Namespace, account: Account) -> int:
    from indiamart_desktop.export import ExportError, export_leads  # noqa: PLC0415
    from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort  # noqa: PLC0415

    if args.from_day and args.to_day and args.from_day > args.to_day:
        print("Export failed: --from is after --to.", file=sys.stderr)
        return EXIT_USAGE
    flt = LeadFilter(
        received_from=args.from_day,
        received_to=(args.to_day + timedelta(days=1)) if args.to_day else None,
        types=frozenset(t.strip().upper() for t in (args.type or "").split(",") if t.strip()),
        state=args.state or "",
        statuses=frozenset(s.strip().lower() for s in (args.status or "").split(",")
                           if s.strip()),
        search=args.search or "",
    )
    try:
        result = export_leads(Path(args.file), LeadQuery(account.db), flt, Sort())
    except ExportError as error:
        print(f"Export failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Exported {result.rows} leads to {result.path}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="indiamart-desktop", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", type=_folder, default=None,
                        help="folder of the lead database (default: the user data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="open the desktop on the built-in simulated IndiaMART service")
    parser.add_argument("--self-check", action="store_true",
                        help="check that Qt, the database, the keyring and resources work")
    parser.add_argument("--minimized", action="store_true", help="start in the tray")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command")

    sync = sub.add_parser("sync", help="pull leads from IndiaMART (headless)")
    sync.add_argument("--once", action="store_true", help="one call at most, then exit")
    sync.add_argument("--json", action="store_true", help="print a JSON object per call")

    config = sub.add_parser("config", help="show or change settings")
    config_sub = config.add_subparsers(dest="action", required=True)
    config_sub.add_parser("show")
    config_set = config_sub.add_parser("set")
    config_set.add_argument("name", choices=SETTING_NAMES)
    config_set.add_argument("value")

    set_key = sub.add_parser("set-key", help="read the CRM key from standard input")
    set_key.add_argument("--api", choices=("v1", "v2"), default=None)

    export = sub.add_parser("export", help="export leads to .xlsx or .csv")
    export.add_argument("file")
    export.add_argument("--from", dest="from_day", type=_parse_day, default=None)
    export.add_argument("--to", dest="to_day", type=_parse_day, default=None)
    export.add_argument("--type", help="lead types, e.g. W,B,P")
    export.add_argument("--state")
    export.add_argument("--status", help="e.g. new,contacted")
    export.add_argument("--search")

    demo = sub.add_parser("demo-server", help="run the simulated IndiaMART service alone")
    demo.add_argument("--port", type=_number(int, 0, 65535), default=8765,
                      help="0: any free port")
    demo.add_argument("--min-gap", type=_number(float, 0, 86400), default=300.0)
    demo.add_argument("--days", type=_number(int, 0, 365), default=40,
                      help="days of leads to hold")
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--live", type=_number(float, 0, 86400), default=60.0,
                      help="a fresh lead every N seconds (0: none)")
    add_leads_commands(sub, _parse_day)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        take_key_from_environment()  # no child process (xdg-open, the demo, ...) inherits it
    except KeyFormatError as error:
        print(f"{ENV_VAR} holds no CRM key, so it is not sent: {error}", file=sys.stderr)
        return EXIT_KEY
    args = build_parser().parse_args(argv)
    if args.self_check:
        from indiamart_desktop.selfcheck import self_check  # noqa: PLC0415

        return self_check(sys.stdout)
    data_dir: Path = args.data_dir or default_data_dir()
    headless = args.command is not None
    log_file = setup_logging(None if args.command == "demo-server" else log_dir(),
                             verbose=args.verbose, console=headless or args.verbose)
    if not headless:
        from indiamart_desktop.ui.app import run_gui  # noqa: PLC0415 - Qt only for the GUI

        return run_gui(args, data_dir, log_file)
    if args.command == "demo-server":
        return cmd_demo_server(args)
    try:
        account = Account.open(data_dir)
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return EXIT_STORE
    try:
        handler = {"sync": cmd_sync, "config": cmd_config, "set-key": cmd_set_key,
                   "export": cmd_export, "leads": cmd_leads}[args.command]
        return handler(args, account)
    except KeyboardInterrupt:
        return 130
    except StoreError as error:
        print(redact(str(error)), file=sys.stderr)
        return EXIT_STORE
    finally:
        account.close()
