"""The `board-brief` command (also `python -m reporting`): a face over its modules.

`main` parses and dispatches (`main.py`); each command has its module (`validate`,
`build`, `history`); `inputs` finds the context among the files; `terminal` prints file
text safely.
"""

from reporting.cli.main import build_parser, main
from reporting.cli.terminal import quoted, visible
from reporting.cli.validate import describe, validation_json

__all__ = ["build_parser", "describe", "main", "quoted", "validation_json", "visible"]
