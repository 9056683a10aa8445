"""`board-brief [--org NAME] history`: list an organisation's stored quarters and packs, add
files to its history, and show its audit trail.

The store is opened for the organisation `--org` names ("local" without it), with the OS
user's name as the actor its changes are recorded under."""

from __future__ import annotations

import argparse
import getpass
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reporting.cli.inputs import read_context, split_context
from reporting.cli.terminal import quoted, visible
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, read_sized

if TYPE_CHECKING:
    from reporting.history import HistoryStore


def actor() -> str:
    """Who the audit trail names for the command's changes: 'command line: ' and the OS
    account running it (from the password database, not $USER, which anyone can set),
    else 'local user'. The command line has no roles: whoever can run it on this machine
    can already read the history's database."""
    try:
        import pwd

        name = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # no password database (Windows) or no entry
        try:
            name = getpass.getuser()
        except Exception:  # no user name in the environment either
            name = ""
    return f"command line: {name.strip()}" if name.strip() else "local user"


def open_store(args: argparse.Namespace) -> HistoryStore:
    """The history of the organisation --org names (raises HistoryError)."""
    from reporting.history import DEFAULT_ORGANISATION, HistoryStore

    return HistoryStore(
        organisation=getattr(args, "org", None) or DEFAULT_ORGANISATION, actor=actor()
    )


def shown_url(url: str) -> str:
    """The database's address with any password hidden."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def run(args: argparse.Namespace) -> int:
    from reporting.history import HistoryError

    try:
        store = open_store(args)
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    try:
        if args.action == "add":
            return _add(args, store)
        if args.action == "audit":
            return _audit(args, store)
        return _list(store)
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _add(args: argparse.Namespace, store: HistoryStore) -> int:
    from reporting.history import QuarterConflict
    from reporting.ingest import InputFile, ingest

    files, context_path = split_context(args.files, args.context)
    context = read_context(context_path)[0] if context_path else store.latest_context()
    inputs = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            print(f"board-brief: {visible(name)} was not found.", file=sys.stderr)
            return 1
        try:
            data = read_sized(path, limits_in_force().file_bytes_for(path.name))
        except UnreadableFile as problem:
            print(f"board-brief: {visible(problem)}", file=sys.stderr)
            return 1
        inputs.append(InputFile(path.name, data))
    # Read once, as `build` reads files (the context's fiscal year and mappings);
    # the history stores this result and the files' bytes.
    result = ingest(inputs, **(context.ingest_options() if context else {}))
    try:
        outcome = store.add(inputs, result, context, replace=args.replace)
    except QuarterConflict as conflict:
        print(
            f"board-brief: {visible(conflict)} Run again with --replace to do so.",
            file=sys.stderr,
        )
        return 1
    if context_path:
        store.save_context(context)
    replaced = (
        f"; replaced {', '.join(outcome.replaced)} (kept as earlier versions)"
        if outcome.replaced
        else ""
    )
    print(
        f"Added {visible(', '.join(outcome.added))} as upload {outcome.upload_id}"
        f"{visible(replaced)}."
    )
    return 0


def _list(store: HistoryStore) -> int:
    where = f"{_whose(store)}, {visible(shown_url(store.url))}"
    quarters = store.quarters()
    packs = store.packs()
    if not quarters and not packs:
        print(
            f"The history is empty ({where}). "
            f"Add files with: board-brief {_org_option(store)}history add FILE..."
        )
        return 0
    print(f"History ({where}):")
    if not quarters:
        print("  No quarters in use.")
    for q in quarters:
        versions = f", {q.versions} versions" if q.versions > 1 else ""
        files = visible(", ".join(q.files))
        print(f"  {q.period}: {files} (added {q.added:%Y-%m-%d %H:%M}{versions})")
    if packs:
        print("Published packs:")
        for pack in packs:
            print(f"  {visible(pack.title)}, published {pack.published:%Y-%m-%d %H:%M}")
    return 0


def _audit(args: argparse.Namespace, store: HistoryStore) -> int:
    events = store.audit_trail(limit=args.limit)
    if not events:
        print(f"Nothing has been changed in the history yet ({_whose(store)}).")
        return 0
    print(f"Audit trail ({_whose(store)}), newest first:")
    for event in events:
        print(
            f"  {event.at:%Y-%m-%d %H:%M:%S} UTC  {visible(event.actor)}  "
            f"{visible(event.action)}  {visible(event.detail)}"
        )
    return 0


def _whose(store: HistoryStore) -> str:
    return f"organisation {quoted(store.organisation)}"


def _org_option(store: HistoryStore) -> str:
    """How to name the store's organisation on the command line ('' for the default)."""
    from reporting.history import DEFAULT_ORGANISATION

    if store.organisation == DEFAULT_ORGANISATION:
        return ""
    return f"--org {visible(shlex.quote(store.organisation))} "
