"""Reading a business-context file safely: YAML from an untrusted source, within limits.

The file is uploaded in the app and passed to the CLI, so `parse` refuses, with one
sentence and never a traceback: more than `MAX_CONTEXT_BYTES` (a real file is a few KB)
or more than `MAX_CONTEXT_VALUES` keys and values (which bounds the time to build them);
text that is not UTF-8 or holds control characters such as NUL; YAML anchors, aliases and
`<<` merge keys (a context file needs none, and they are how a few hundred bytes expand to
gigabytes), checked on the event stream before anything is expanded; and nesting deeper
than `MAX_CONTEXT_DEPTH` (the deepest real key is about five levels down), counted
iteratively so it cannot exhaust the stack. `reporting.context` validates what it holds.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.reader import Reader

from reporting.ingest.limits import size

__all__ = [
    "MAX_CONTEXT_BYTES",
    "MAX_CONTEXT_DEPTH",
    "MAX_CONTEXT_VALUES",
    "ContextError",
    "parse",
    "too_large",
]

# Limits on the untrusted file, all checked before any value is built.
MAX_CONTEXT_BYTES = 1024 * 1024
MAX_CONTEXT_DEPTH = 20
MAX_CONTEXT_VALUES = 50_000  # keys, values and lists; a real file has a few hundred


class ContextError(ValueError):
    """A context file that cannot be used; `problems` holds one sentence each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + " ".join(problems))


_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _ValueProblem(ConstructorError):
    """A scalar YAML matched but Python could not build, e.g. the date 2024-13-01."""


class _ContextLoader(_SafeLoader):
    """The safe loader (libyaml's when installed), reporting a value it cannot build at its line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # ValueError, OverflowError, AttributeError from one scalar
            raise _ValueProblem(None, None, str(exc), node.start_mark) from None


def parse(text: str | bytes, source: str) -> Any:
    """The YAML value of an untrusted file, within the limits in the module docstring."""
    text = _decode(text, source)
    _check_structure(text, source)
    try:
        return yaml.load(text, Loader=_ContextLoader)  # _ContextLoader is a SafeLoader
    except _ValueProblem as exc:
        raise ContextError(
            source,
            [
                f"has a value YAML cannot read{_where(exc)} ({exc.problem}); correct it, or put it "
                "in quotes if it is meant as text."
            ],
        ) from None
    except yaml.YAMLError as exc:
        raise ContextError(source, [_yaml_problem(exc)]) from None
    except (RecursionError, MemoryError):
        raise ContextError(source, [_TOO_COMPLEX]) from None


_TOO_COMPLEX = (
    "is too large or too deeply nested to read; a business-context file is a few KB of plain "
    "keys and values."
)


def too_large(source: str, nbytes: int) -> ContextError:
    return ContextError(
        source,
        [
            f"is {size(nbytes)}, more than the {size(MAX_CONTEXT_BYTES)} a business-context file may be "
            "(a real one is a few KB); check that this is the right file."
        ],
    )


def _decode(text: str | bytes, source: str) -> str:
    """The file as text: no larger than MAX_CONTEXT_BYTES, UTF-8 (or UTF-16 with a BOM, as
    YAML allows), and free of the control characters YAML forbids, NUL among them."""
    if isinstance(text, str):
        # A character is at least one byte, so only a text within the limit is encoded to measure.
        size = len(text) if len(text) > MAX_CONTEXT_BYTES else len(text.encode("utf-8", "replace"))
    else:
        size = len(text)
    if size > MAX_CONTEXT_BYTES:
        raise too_large(source, size)
    if isinstance(text, bytes):
        bom16 = text.startswith((b"\xff\xfe", b"\xfe\xff"))
        try:
            text = text.decode("utf-16" if bom16 else "utf-8-sig")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            raise ContextError(
                source,
                [
                    f"is not UTF-8 text (byte 0x{text[exc.start]:02x} on line {line} cannot be "
                    "read); save it as UTF-8 plain text and try again."
                ],
            ) from None
    bad = Reader.NON_PRINTABLE.search(text)
    if bad:
        char = bad.group()
        line = text.count("\n", 0, bad.start()) + 1
        what = "a NUL byte" if char == "\0" else f"the control character U+{ord(char):04X}"
        raise ContextError(
            source,
            [
                f"contains {what} (line {line}), so it is not a plain text file; save the "
                "business context as UTF-8 plain text and try again."
            ],
        )
    return text


def _check_structure(text: str, source: str, loader: type = _SafeLoader) -> None:
    """Refuse anchors, aliases, merge keys, deep nesting and too many values, from events.

    An event carries an alias as a name, so nothing is expanded here, and depth is a counter
    rather than recursion, so 5,000 levels cost no more than 5,000 brackets. libyaml is fast
    but places and words syntax errors worse (`a: [` is "line 2"), so a file it cannot parse
    is parsed again by PyYAML's own parser to say what is wrong.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            line = event.start_mark.line + 1
            nodes += 1
            if nodes > MAX_CONTEXT_VALUES:
                raise ContextError(
                    source,
                    [
                        f"holds more than {MAX_CONTEXT_VALUES:,} keys and values (line {line}), "
                        "where a business-context file has a few hundred; check that this is "
                        "the right file."
                    ],
                )
            if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                raise ContextError(
                    source,
                    [
                        f"uses YAML anchors or aliases (line {line}), which a business-context "
                        "file never needs; write the values out in full."
                    ],
                )
            # A plain << means YAML's merge key wherever it stands (as a value PyYAML fails on it).
            if isinstance(event, yaml.ScalarEvent) and (
                (event.value == "<<" and event.tag is None and event.implicit[0])
                or event.tag == _MERGE_TAG
            ):
                raise ContextError(
                    source,
                    [
                        f"uses the YAML merge key '<<' (line {line}), which a business-context "
                        "file never needs; write the keys out in full (or quote '<<' if it is "
                        "meant as text)."
                    ],
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_CONTEXT_DEPTH:
                    raise ContextError(
                        source,
                        [
                            f"nests values more than {MAX_CONTEXT_DEPTH} levels deep (line "
                            f"{line}), where a business-context file needs about five; check "
                            "the indentation and brackets."
                        ],
                    )
    except yaml.YAMLError as exc:
        problem = _yaml_problem(exc)
    except (RecursionError, MemoryError):
        problem = _TOO_COMPLEX
    else:
        return
    # Outside the handler, so the sentence carries no chained traceback.
    if loader is not yaml.SafeLoader and problem is not _TOO_COMPLEX:
        _check_structure(text, source, yaml.SafeLoader)
    raise ContextError(source, [problem])


def _where(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _yaml_problem(exc: yaml.YAMLError) -> str:
    said = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    detail = f" ({', '.join(part for part in said if part)})" if any(said) else ""
    return f"is not valid YAML{_where(exc)}{detail}; correct it there and try again."
