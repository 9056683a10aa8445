"""`board-brief history`: list, add, withdraw and restore stored quarters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporting.cli.inputs import read_context, split_context
from reporting.cli.terminal import visible
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, read_sized


def run(args: argparse.Namespace) -> int:
    from reporting.history import HistoryError, HistoryStore, QuarterConflict
    from reporting.ingest import InputFile, ingest

    try:
        store = HistoryStore()
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    try:
        if args.action == "add":
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
        quarters = store.quarters()
        if not quarters:
            print(
                f"The history is empty ({visible(store.url)}). "
                "Add files with: board-brief history add FILE..."
            )
            return 0
        print(f"History ({visible(store.url)}):")
        for q in quarters:
            versions = f", {q.versions} versions" if q.versions > 1 else ""
            files = visible(", ".join(q.files))
            print(f"  {q.period}: {files} (added {q.added:%Y-%m-%d %H:%M}{versions})")
        packs = store.packs()
        if packs:
            print("Published packs:")
            for pack in packs:
                print(f"  {visible(pack.title)}, published {pack.published:%Y-%m-%d %H:%M}")
        return 0
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    finally:
        store.close()
