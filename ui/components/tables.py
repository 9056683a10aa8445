"""Tables that show themselves: every row of a page on the page (the table never scrolls
inside itself), each column as wide as its header and its content, long text wrapped
rather than cut, never "None" or "nan" in a cell, and a page selector for a table longer
than a screen.

Streamlit's grid draws on a canvas, so widths are estimated from the text: the header must
fit whole (with its sort, edit and help icons), and the content fits when the columns
together fit the page; when they do not, the widest text columns share what is left and
their text wraps (Streamlit wraps text only in rows taller than 4rem).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

PAGE_ROWS = 25  # more rows than this is more than a screen: the table is paged
PAGE_WIDTH = 1120  # px: the main column of a wide page on a laptop screen (1140 at 1600)
HEADER_CHAR, CONTENT_CHAR = 6.8, 6.4  # px per character of 14px Source Sans (measured)
PADDING = 14  # px: a cell's padding either side, with a little to spare for wide letters
HEADER_ICONS = 6  # px: room for the header's own marks
EDIT_ICON, HELP_ICON = 18, 8
NARROWEST, WIDEST = 48, 560  # px
LINE = 19  # px: one line of wrapped text (14px type)
WRAPPED_ROW = 69  # px: the shortest row Streamlit wraps text in (taller than 4rem)
MOST_LINES = 8  # a row never cuts its text short; this only bounds a wild estimate
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}


def cell(value: Any) -> Any:
    """A cell as a reader sees it: nothing at all for a missing value, never None or nan."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # a list or an array is never missing as a whole
        pass
    return value


def clean(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every missing text cell empty (number columns keep their type; their
    missing values are drawn empty by the grid's placeholder)."""
    frame = frame.copy()
    for name in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[name]) and not pd.api.types.is_bool_dtype(
            frame[name]
        ):
            frame[name] = frame[name].map(cell).astype(object)
    return frame


def _text_width(values: Iterable[Any]) -> float:
    longest = max((len(str(cell(v))) for v in values), default=0)
    return longest * CONTENT_CHAR + 2 * PADDING


def _header_width(name: str, config: Mapping[str, Any] | None, editable: bool) -> float:
    label = (config or {}).get("label") or name
    width = len(str(label)) * HEADER_CHAR + 2 * PADDING + HEADER_ICONS
    if editable:
        width += EDIT_ICON
    if (config or {}).get("help"):
        width += HELP_ICON
    return width


def _is_text(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series)
        or pd.api.types.is_bool_dtype(series)
        or series.map(lambda v: isinstance(v, list | tuple)).any()
    )


def layout(
    frame: pd.DataFrame,
    column_config: Mapping[str, Any] | None = None,
    *,
    editable: Iterable[str] = (),
    page_width: int = PAGE_WIDTH,
) -> tuple[dict[str, Any], int | None]:
    """The column config with a width in pixels for every column, and the row height that
    lets the wrapped columns show their text (None: one line is enough)."""
    given = {  # a column's config: a mapping, a label, or None to hide the column
        name: dict(c) if isinstance(c, Mapping) else c if c is None else {"label": c}
        for name, c in (column_config or {}).items()
    }
    editable = set(editable)
    header, natural, text = {}, {}, {}
    for name in frame.columns:
        if name in given and given[name] is None:
            continue
        config = given.get(name) or {}
        header[name] = _header_width(name, config, name in editable)
        wanted = config.get("width")
        if isinstance(wanted, str):
            wanted = NAMED_WIDTHS.get(wanted)
        content = _text_width(frame[name]) if len(frame) else 0
        # Only plain text wraps (a choice from a list, a bar or a box does not).
        kind = (config.get("type_config") or {}).get("type")
        text[name] = _is_text(frame[name]) and wanted is None and kind in (None, "text")
        natural[name] = min(WIDEST, max(NARROWEST, header[name], wanted or content))
    widths = dict(natural)
    lines = 1
    if sum(widths.values()) > page_width:
        # The widest text columns give way: every column wider than a common cap is cut
        # to it (never below its header), the cap chosen so that the columns fill the
        # page, and the text of the columns cut wraps.
        def fitted(cap: float) -> dict[str, float]:
            return {n: max(header[n], min(w, cap)) if text[n] else w for n, w in natural.items()}

        low, high = 0.0, max(natural.values())
        for _ in range(40):
            cap = (low + high) / 2
            low, high = (cap, high) if sum(fitted(cap).values()) <= page_width else (low, cap)
        widths = fitted(low)
        for n in widths:
            if text[n] and widths[n] < natural[n]:
                content = _text_width(frame[n]) - 2 * PADDING
                # Words wrap whole, so a line holds a little less than its width.
                room = max(widths[n] - 18, 1)  # the grid pads a cell by 8.5px a side
                lines = max(lines, math.ceil(content * 1.08 / room))
    config = {
        name: {**(given.get(name) or {}), "width": round(width)} for name, width in widths.items()
    }
    for name, value in given.items():
        config.setdefault(name, value)  # hidden columns stay hidden
    row_height = None if lines <= 1 else max(WRAPPED_ROW, 12 + LINE * min(lines, MOST_LINES))
    return config, row_height


def page(rows: int, key: str, page_rows: int = PAGE_ROWS) -> slice:
    """The rows of the page chosen: every row, or for more than `page_rows` a page
    selector and the rows of its page."""
    if rows <= page_rows:
        return slice(0, rows)
    starts = list(range(0, rows, page_rows))
    names = {s: f"Rows {s + 1}–{min(s + page_rows, rows)} of {rows}" for s in starts}
    left, _ = st.columns([1, 3])
    start = left.selectbox(
        "Page",
        starts,
        format_func=names.get,
        key=f"{key}_page",
        help=f"{page_rows} rows a page, so the table fits the screen.",
    )
    return slice(start, min(start + page_rows, rows))


def show(
    frame: pd.DataFrame,
    *,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    page_rows: int = PAGE_ROWS,
    page_width: int = PAGE_WIDTH,
) -> None:
    """A read-only table: paged when long, every row of the page shown, columns sized."""
    frame = clean(frame)
    frame = frame.iloc[page(len(frame), key, page_rows)]
    config, row_height = layout(frame, column_config, page_width=page_width)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height="content",
        column_config=config,
        row_height=row_height,
        placeholder="",
        key=key,
    )


def static(
    frame: pd.DataFrame, *, key: str, page_rows: int = PAGE_ROWS, alt: str | None = None
) -> None:
    """A table of long text for reading, not sorting: each row as tall as its own text
    (a grid's rows are all as tall as its tallest), paged when long. Cells are markdown in
    st.table, so every text is made literal."""
    from ui.text import md

    frame = clean(frame)
    frame = frame.iloc[page(len(frame), key, page_rows)]
    st.table(
        frame.map(lambda v: md(v) if isinstance(v, str) and v else v),
        hide_index=True,
        alt=alt,
    )


def editor(
    frame: pd.DataFrame,
    *,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    disabled: Iterable[str] = (),
    page_rows: int = PAGE_ROWS,
    page_width: int = PAGE_WIDTH,
) -> pd.DataFrame:
    """An editable table, paged when long: `frame` as the user has edited it, every
    page's edits kept while another page is shown (edit cells only, no rows added). The
    first page's editor has `key` itself; `forget(key)` starts afresh."""
    disabled = list(disabled)
    frame = clean(frame)
    pending: dict[Any, dict[str, Any]] = st.session_state.setdefault(f"{key}_pending", {})
    rows = page(len(frame), key, page_rows)
    shown = frame.iloc[rows].copy()
    for index, cells in pending.items():
        if index in shown.index:
            for name, value in cells.items():
                shown.at[index, name] = value
    editable = [n for n in frame.columns if n not in disabled]
    config, row_height = layout(shown, column_config, editable=editable, page_width=page_width)
    edited = st.data_editor(
        shown,
        hide_index=True,
        width="stretch",
        height="content",
        disabled=disabled,
        column_config=config,
        row_height=row_height,
        placeholder="",
        key=key if rows.start == 0 else f"{key}_from_{rows.start}",
    )
    for index, row in edited.iterrows():
        changed = {n: row[n] for n in editable if row[n] != frame.at[index, n]}
        if changed:
            pending[index] = changed
        else:
            pending.pop(index, None)
    result = frame.copy()
    for index, cells in pending.items():
        if index in result.index:
            for name, value in cells.items():
                result.at[index, name] = value
    return result


def forget(key: str) -> None:
    """Drop an editor's edits on every page (its rows are about to change)."""
    for name in [k for k in st.session_state if k == key or str(k).startswith(f"{key}_")]:
        if name != f"{key}_page":
            del st.session_state[name]
