"""The board deck: native, editable PowerPoint built from one `BoardReport`.

Every chart is a PowerPoint chart object and every grid a table, so the board office can
restyle them and edit their data; nothing is a picture. With a company template the
slides are built on its master and layouts (picked by their placeholders); without one, on
python-pptx's default master widened to 16:9, in Arial with navy titles.

Nothing may overflow its box, and PowerPoint's shrink-on-overflow only takes effect once
PowerPoint itself re-flows the text, so sizes are decided here: text is measured with
Arial's character widths (Liberation Sans and Helvetica share them), wrapped as PowerPoint
wraps it, and set at the largest size that fits. What does not fit at the smallest
readable size goes on to a continuation slide (tables, long statements).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from string import ascii_lowercase, ascii_uppercase

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from reporting.catalog import format_value, load_catalog
from reporting.charts import (
    CONTROL_COLOURS,
    CONTROL_WORDS,
    INK,
    RATING_COLOURS,
    STATUS_COLOURS,
    STATUS_WORDS,
    key_metrics,
    metric_series,
)
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, check_template
from reporting.observations import period_labels
from reporting.report import BoardReport, Decision, Driver, Exposure, MetricStatus, Risk
from reporting.translate.scoring import IMPACT_WORDS, LIKELIHOOD_WORDS, rating
from reporting.translate.wording import chance, money

DECK_SECTIONS: dict[str, str] = {
    "summary": "Executive summary",
    "top_risks": "Top risks",
    "heatmap": "Risk heatmap",
    "risk_details": "A slide per top risk",
    "compliance": "Compliance by framework",
    "trends": "Key metric trends",
    "decisions": "Decisions requested",
    "appendix": "Appendix: metrics and their sources",
}

DECK_TITLE = "Cyber risk report to the board"
TOP_RISK_ROWS = 10
DETAIL_RISKS = 5
DETAIL_DRIVERS = 5
TRENDS_PER_SLIDE = 4

NAVY = "#1F3A5F"
MUTED = "#5B6573"
LIGHT = "#F3F5F8"
RULE = "#D0D5DD"
BLUE = "#0072B2"
FONT_NAME = "Arial"

POSTURE_COLOURS = {
    "strong": STATUS_COLOURS["green"],
    "adequate": STATUS_COLOURS["green"],
    "needs attention": STATUS_COLOURS["amber"],
    "weak": STATUS_COLOURS["red"],
}
MOVEMENT_COLOURS = {
    "improving": STATUS_COLOURS["green"],
    "stable": STATUS_COLOURS["none"],
    "worsening": STATUS_COLOURS["red"],
    "new": STATUS_COLOURS["none"],
}
_UNIT_FORMATS = {  # data labels; axes drop the "General" for whole numbers
    "percent": 'General"%"',
    "count": "#,##0",
    "days": 'General" d"',
    "hours": 'General" h"',
    "ratio": "General",
}


class TemplateError(ValueError):
    """The template cannot be used; the message is one sentence for the user."""


def build_deck(
    report: BoardReport,
    *,
    sections: Collection[str] | None = None,
    template: bytes | None = None,
) -> bytes:
    """The board deck as .pptx bytes: the title slide, then the chosen sections in the
    order of `DECK_SECTIONS` (None means all). `template` is a company's .pptx or .potx."""
    chosen = set(DECK_SECTIONS) if sections is None else set(sections)
    unknown = chosen - set(DECK_SECTIONS)
    if unknown:
        raise ValueError(
            f"Unknown deck section(s) {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(DECK_SECTIONS)}."
        )
    deck = _Deck(report, template)
    _title_slide(deck, report)
    builders: dict[str, Callable[[_Deck, BoardReport], None]] = {
        "summary": _summary_slide,
        "top_risks": _top_risks_slides,
        "heatmap": _heatmap_slide,
        "risk_details": _risk_detail_slides,
        "compliance": _compliance_slide,
        "trends": _trend_slides,
        "decisions": _decision_slides,
        "appendix": _appendix_slides,
    }
    for key, build in builders.items():
        if key in chosen:
            build(deck, report)
    return deck.save()


# --- Measuring text -------------------------------------------------------------------------

# Advance widths in thousandths of an em (Helvetica's AFM, which Arial and Liberation Sans
# match); any other character counts as a wide 600.
_UPPER = "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611"
_LOWER = "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500"
_SIGNS = " !\"#$%&'()*+,-./:;<=>?@[]_|–—‘’“”€£·…"
_SIGN_WIDTHS = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 278 278 584 584 584 556 "
    "1015 278 278 556 260 556 1000 222 222 333 333 556 556 278 1000"
)
_WIDTHS: dict[str, int] = {
    **dict.fromkeys("0123456789", 556),
    **dict(zip(ascii_uppercase, map(int, _UPPER.split()), strict=True)),
    **dict(zip(ascii_lowercase, map(int, _LOWER.split()), strict=True)),
    **dict(zip(_SIGNS, map(int, _SIGN_WIDTHS.split()), strict=True)),
}
_BOLD = 1.08  # bold Arial runs about 8 % wider
_LINE = 1.22  # line height as a multiple of the font size (Arial's is 1.15 to 1.2)
_SLACK = 0.95  # share of a line we fill: rounding, kerning and other fonts' widths
_FOREIGN = 1.2  # a template's own font, measured as if it ran this much wider than Arial
_INSET_X = Inches(0.08)
_INSET_Y = Inches(0.05)
_EMU_PER_PT = 12700


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set at `size` points."""
    units = sum(_WIDTHS.get(ch, 600) for ch in text)
    return units * size / 1000 * (_BOLD if bold else 1.0)


def _line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines `text` takes when wrapped at word boundaries into `width` points (long words
    break, as PowerPoint breaks them)."""
    width *= _SLACK
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        space = _text_width(" ", size, bold)
        for word in paragraph.split():
            w = _text_width(word, size, bold)
            if used and used + space + w <= width:
                used += space + w
                continue
            if used:
                lines += 1
            while w > width:  # a word wider than the line breaks over lines
                lines += 1
                w -= width
            used = w
    return lines


@dataclass(frozen=True)
class _Para:
    """One paragraph of a text box; sizes are relative to the box's base size."""

    text: str
    bold: bool = False
    scale: float = 1.0
    colour: str | None = None
    space_before: float = 0.0  # in base-size lines
    align: PP_ALIGN | None = None
    italic: bool = False
    wide: float = 1.0  # width relative to Arial: a template's own font may run wider


def _height(paras: Sequence[_Para], width: float, size: float) -> float:
    """Height in points of the paragraphs wrapped into `width` points at base `size`."""
    total = 0.0
    for p in paras:
        s = size * p.scale
        total += p.space_before * size + _line_count(p.text, width / p.wide, s, p.bold) * s * _LINE
    return total


def _fit(
    paras: Sequence[_Para], width_emu: int, height_emu: int, largest: float, smallest: float
) -> float | None:
    """The largest size (in half points) at which the paragraphs fit the box with no word
    broken across lines, or None."""
    width = (width_emu - 2 * _INSET_X) / _EMU_PER_PT
    height = (height_emu - 2 * _INSET_Y) / _EMU_PER_PT
    longest = [
        max((_text_width(w, p.scale, p.bold) * p.wide for w in p.text.split()), default=0.0)
        for p in paras
    ]
    size = largest
    while size >= smallest - 1e-9:
        fits_words = all(w * size <= width * _SLACK for w in longest)
        if fits_words and _height(paras, width, size) <= height:
            return size
        size -= 0.5
    return None


def _truncate(
    text: str, width_emu: int, height_emu: int, size: float, bold: bool, wide: float = 1.0
) -> str:
    """`text` cut at a word with an ellipsis so it fits the box at `size`."""
    para = [_Para(text, bold=bold, wide=wide)]
    if _fit(para, width_emu, height_emu, size, size):
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that fit
        mid = (low + high + 1) // 2
        shorter = [_Para(" ".join(words[:mid]) + "…", bold=bold, wide=wide)]
        if _fit(shorter, width_emu, height_emu, size, size):
            low = mid
        else:
            high = mid - 1
    return " ".join(words[:low]) + "…"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# --- Geometry and styling -------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    left: int
    top: int
    width: int
    height: int

    def __iter__(self) -> Iterator[int]:
        return iter((self.left, self.top, self.width, self.height))

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def rows(self, *weights: float, gap: int = 0) -> list[_Box]:
        """Split top to bottom in proportion to `weights`."""
        free = self.height - gap * (len(weights) - 1)
        out, top = [], self.top
        for w in weights:
            h = int(free * w / sum(weights))
            out.append(_Box(self.left, top, self.width, h))
            top += h + gap
        return out

    def cols(self, *weights: float, gap: int = 0) -> list[_Box]:
        """Split left to right in proportion to `weights`."""
        free = self.width - gap * (len(weights) - 1)
        out, left = [], self.left
        for w in weights:
            w_emu = int(free * w / sum(weights))
            out.append(_Box(left, self.top, w_emu, self.height))
            left += w_emu + gap
        return out

    def take_top(self, height: int, gap: int = 0) -> tuple[_Box, _Box]:
        head = _Box(self.left, self.top, self.width, height)
        rest = _Box(self.left, self.top + height + gap, self.width, self.height - height - gap)
        return head, rest


def _flat(shape) -> None:
    """No theme shadow: PowerPoint honours the empty effect list, LibreOffice the style."""
    shape.shadow.inherit = False
    for ref in shape.element.xpath("./p:style/a:effectRef"):
        ref.set("idx", "0")


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(fill: str) -> str:
    """White or ink, whichever reads better on `fill`."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_ink = (lum + 0.05) / (_luminance(INK) + 0.05)
    return "#FFFFFF" if on_white >= on_ink else INK


_PLACEHOLDER_EXTRAS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_SUBTITLES = {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY}
_TEMPLATE_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
}
_PRESENTATION_TYPE = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def _open_template(data: bytes) -> Presentation:
    """A company's .pptx, .potx or .ppsx, opened as a presentation, its own slides removed.

    It is checked like an uploaded workbook first (size, expansion, no XML entities)."""
    try:
        check_template("The template", data, limits_in_force())
    except UnreadableFile as problem:
        raise TemplateError(str(problem)) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8")
            if any(t in types for t in _TEMPLATE_TYPES):
                # python-pptx opens presentations only; a template differs by this one type.
                for kind in _TEMPLATE_TYPES:
                    types = types.replace(kind, _PRESENTATION_TYPE)
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                    for item in archive.infolist():
                        body = archive.read(item.filename)
                        if item.filename == "[Content_Types].xml":
                            body = types.encode("utf-8")
                        copy.writestr(item, body)
                data = out.getvalue()
        prs = Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as problem:
        raise TemplateError(
            f"is not a PowerPoint presentation or template (.pptx, .potx): {problem}"
        ) from None
    except Exception as problem:  # a damaged package fails in many ways inside the reader
        raise TemplateError(f"could not be read as a PowerPoint template: {problem}") from None
    if not len(prs.slide_layouts):
        raise TemplateError("has no slide layouts to build on.")
    slide_ids = prs.slides._sldIdLst  # no public API removes a slide
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def _layout_kind(layout) -> str:
    """'title', 'title_only', 'title_content', 'blank' or 'other', from its placeholders."""
    types = [ph.placeholder_format.type for ph in layout.placeholders]
    main = [t for t in types if t not in _PLACEHOLDER_EXTRAS]
    has_title = any(t in _TITLES for t in main)
    rest = [t for t in main if t not in _TITLES]
    if "vertical" in layout.name.casefold():
        return "other"
    if PP_PLACEHOLDER.CENTER_TITLE in main or (
        has_title and rest and set(rest) <= {PP_PLACEHOLDER.SUBTITLE}
    ):
        return "title"
    if has_title and not rest:
        return "title_only"
    if has_title and len(rest) == 1 and rest[0] in {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY}:
        return "title_content"
    if not main:
        return "blank"
    return "other"


class _Deck:
    """The presentation being built: layouts, the content area, and house style."""

    def __init__(self, report: BoardReport, template: bytes | None) -> None:
        self.report = report
        self.own_style = template is None
        if template is None:
            self.prs = Presentation()
            self._widen(Inches(13.333), Inches(7.5))
        else:
            self.prs = _open_template(template)
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        kinds: dict[str, list] = {}
        for layout in self.prs.slide_layouts:
            kinds.setdefault(_layout_kind(layout), []).append(layout)
        self.layouts = kinds
        self.title_layout = self._pick("title", "title_only", "blank", "title_content")
        self.content_layout = self._pick("title_only", "title_content", "blank", "title")
        self.title_box, self.body = self._frame()
        self.count = 0

    # The default master is 4:3; stretch its shapes so a user's added slides match ours.
    def _widen(self, width: int, height: int) -> None:
        factor = width / self.prs.slide_width
        self.prs.slide_width, self.prs.slide_height = width, height
        parts = [self.prs.slide_master, *self.prs.slide_layouts]
        for part in parts:
            for off in part.element.xpath(".//a:xfrm/a:off"):
                off.set("x", str(int(int(off.get("x")) * factor)))
            for ext in part.element.xpath(".//a:xfrm/a:ext"):
                ext.set("cx", str(int(int(ext.get("cx")) * factor)))

    def _pick(self, *kinds: str):
        for kind in kinds:
            if self.layouts.get(kind):
                return self.layouts[kind][0]
        # Every layout has content placeholders: take the one with fewest, and drop them.
        return min(self.prs.slide_layouts, key=lambda layout: len(layout.placeholders))

    def _frame(self) -> tuple[_Box, _Box]:
        """Where titles go and where content may go on a content slide."""
        margin_x = int(self.width * 0.045)
        if self.own_style:
            title = _Box(margin_x, Inches(0.3), self.width - 2 * margin_x, Inches(0.85))
            body = _Box(margin_x, Inches(1.3), title.width, Inches(5.55))
            return title, body
        title_ph = next(
            (
                ph
                for ph in self.content_layout.placeholders
                if ph.placeholder_format.type in _TITLES
            ),
            None,
        )
        if title_ph is not None and title_ph.width and title_ph.height:
            title = _Box(title_ph.left, title_ph.top, title_ph.width, title_ph.height)
        else:
            title = _Box(
                margin_x,
                int(self.height * 0.04),
                self.width - 2 * margin_x,
                int(self.height * 0.12),
            )
        left = max(title.left, int(self.width * 0.03))
        right = min(title.right, self.width - int(self.width * 0.03))
        top = title.bottom + int(self.height * 0.02)
        bottom = self.height - int(self.height * 0.06)
        for ph in self.content_layout.placeholders:
            kind = ph.placeholder_format.type
            if kind in _PLACEHOLDER_EXTRAS and ph.top and ph.top > self.height * 0.75:
                bottom = min(bottom, ph.top - int(self.height * 0.01))
        # Logos and bands the master or layout draws along the bottom stay clear too.
        for shape in [*self.prs.slide_master.shapes, *self.content_layout.shapes]:
            if shape.is_placeholder or shape.top is None or shape.height is None:
                continue
            if shape.top > self.height * 0.7 and shape.height < self.height * 0.3:
                bottom = min(bottom, shape.top - int(self.height * 0.01))
        if bottom - top < self.height * 0.5 or right - left < self.width * 0.6:
            # A title that fills the slide or a narrow one: keep to a sane content area.
            top, bottom = int(self.height * 0.18), int(self.height * 0.93)
            left, right = margin_x, self.width - margin_x
            title = _Box(left, int(self.height * 0.04), right - left, int(self.height * 0.12))
        return title, _Box(left, top, right - left, bottom - top)

    # --- slides ---

    def slide(self, title: str, notes: str, *, opening: bool = False):
        """A new slide with its title set, its unused placeholders removed, and notes. The
        opening slide keeps one subtitle or text placeholder and sets its own title."""
        layout = self.title_layout if opening else self.content_layout
        slide = self.prs.slides.add_slide(layout)
        self.count += 1
        title_shape = None
        subtitle_kept = False
        for ph in list(slide.placeholders):
            kind = ph.placeholder_format.type
            if kind in _TITLES and title_shape is None:
                title_shape = ph
            elif opening and not subtitle_kept and kind in _SUBTITLES:
                subtitle_kept = True
            else:
                ph.element.getparent().remove(ph.element)
        if not opening:
            self._title(slide, title_shape, title)
            if self.own_style:
                self._footer(slide)
        slide.notes_slide.notes_text_frame.text = notes.strip() or title
        return slide

    def _title(self, slide, shape, text: str) -> None:
        box = self.title_box
        if shape is None:
            shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
            shape.name = "Title"
        elif (shape.left, shape.top, shape.width, shape.height) != tuple(box):
            # Our own design, or a template whose title sits where content must go.
            shape.left, shape.top, shape.width, shape.height = box
        colour = NAVY if self.own_style else None
        wide = 1.0 if self.own_style else _FOREIGN
        size = _fit([_Para(text, bold=self.own_style, wide=wide)], box.width, box.height, 28, 16)
        if size is None:
            size = 16
            text = _truncate(text, box.width, box.height, size, self.own_style, wide)
        para = _Para(text, bold=self.own_style, colour=colour, wide=wide)
        self.write(shape.text_frame, [para], size, anchor=MSO_ANCHOR.MIDDLE, placeholder=True)

    def _footer(self, slide) -> None:
        report = self.report
        box = _Box(self.body.left, self.height - Inches(0.45), self.body.width, Inches(0.3))
        left, right = box.cols(10, 1)
        text = f"{report.organization} · {DECK_TITLE} · {period_text(report)}"
        text = _truncate(text, left.width, left.height, 9, False)
        self.text(slide, left, [_Para(text, colour=MUTED)], 9, 9)
        self.text(slide, right, [_Para(str(self.count), colour=MUTED, align=PP_ALIGN.RIGHT)], 9, 9)
        rule = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT,
            box.left,
            box.top - Inches(0.04),
            box.right,
            box.top - Inches(0.04),
        )
        rule.line.color.rgb = _rgb(RULE)
        rule.line.width = Pt(0.75)

    # --- text ---

    def write(
        self,
        frame,
        paras: Sequence[_Para],
        size: float,
        *,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        placeholder: bool = False,
        in_cell: bool = False,
    ) -> None:
        """Set the paragraphs at `size`. Our own boxes and cells are Arial in ink; a
        template's placeholder keeps its font, colour and alignment unless told. A table
        cell takes its margins and anchor from the cell, not the text frame."""
        native = placeholder and not self.own_style
        frame.clear()
        if not in_cell:
            frame.word_wrap = True
            frame.auto_size = MSO_AUTO_SIZE.NONE
            frame.vertical_anchor = anchor
            frame.margin_left = frame.margin_right = _INSET_X
            frame.margin_top = frame.margin_bottom = _INSET_Y
        for i, p in enumerate(paras):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if p.align is not None or not native:
                paragraph.alignment = p.align or PP_ALIGN.LEFT
            paragraph.line_spacing = 1.0
            if p.space_before:
                paragraph.space_before = Pt(p.space_before * size)
            run = paragraph.add_run()
            run.text = p.text
            font = run.font
            font.size = Pt(size * p.scale)
            font.bold = p.bold
            font.italic = p.italic
            if not native:
                font.name = FONT_NAME
            colour = p.colour or (None if native else INK)
            if colour:
                font.color.rgb = _rgb(colour)

    def text(
        self,
        slide,
        box: _Box,
        paras: Sequence[_Para],
        largest: float,
        smallest: float,
        *,
        fill: str | None = None,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        shape_type: MSO_SHAPE | None = None,
        line: str | None = None,
    ) -> float:
        """A text box with the paragraphs at the largest size that fits; the last
        paragraph is cut short when even the smallest size does not fit."""
        size = _fit(paras, box.width, box.height, largest, smallest)
        if size is None:
            size = smallest
            paras = _cut_to_fit(paras, box, size)
        if shape_type is None and fill is None:
            shape = slide.shapes.add_textbox(*box)
        else:
            shape = slide.shapes.add_shape(shape_type or MSO_SHAPE.RECTANGLE, *box)
            if fill:
                shape.fill.solid()
                shape.fill.fore_color.rgb = _rgb(fill)
            else:
                shape.fill.background()
            if line:
                shape.line.color.rgb = _rgb(line)
                shape.line.width = Pt(1)
            else:
                shape.line.fill.background()
            _flat(shape)
        self.write(shape.text_frame, paras, size, anchor=anchor)
        return size

    def chip(self, slide, box: _Box, label: str, fill: str, *, largest: float = 14) -> None:
        """A coloured label that always carries its word."""
        self.text(
            slide,
            box,
            [_Para(label, bold=True, colour=ink_on(fill), align=PP_ALIGN.CENTER)],
            largest,
            8,
            fill=fill,
            anchor=MSO_ANCHOR.MIDDLE,
            shape_type=MSO_SHAPE.ROUNDED_RECTANGLE,
        )

    # --- tables ---

    def table(
        self,
        slide,
        box: _Box,
        columns: Sequence[_Col],
        rows: Sequence[Sequence[_Cell]],
        size: float,
    ):
        """A native table at `size` points, row heights set to the text they hold."""
        widths = _column_widths(columns, box.width)
        heights = [_row_height([_Cell(c.header, bold=True) for c in columns], widths, size)]
        heights += [_row_height(row, widths, size) for row in rows]
        frame = slide.shapes.add_table(
            len(rows) + 1, len(columns), box.left, box.top, box.width, sum(heights)
        )
        table = frame.table
        table.first_row = True
        table.horz_banding = False
        for i, w in enumerate(widths):
            table.columns[i].width = w
        for i, h in enumerate(heights):
            table.rows[i].height = h
        header = [_Cell(c.header, bold=True, fill=NAVY, colour="#FFFFFF") for c in columns]
        for r, row in enumerate([header, *rows]):
            band = "#FFFFFF" if r % 2 else LIGHT
            for c, cell in enumerate(row):
                target = table.cell(r, c)
                fill = cell.fill or band
                target.fill.solid()
                target.fill.fore_color.rgb = _rgb(fill)
                target.margin_left = target.margin_right = _CELL_X
                target.margin_top = target.margin_bottom = _CELL_Y
                target.vertical_anchor = MSO_ANCHOR.MIDDLE
                align = cell.align or columns[c].align
                paras = [
                    _Para(line, bold=cell.bold, colour=cell.colour or ink_on(fill), align=align)
                    for line in cell.text.split("\n")
                ]
                self.write(target.text_frame, paras, size, in_cell=True)
        return frame

    def paged_table(
        self,
        title: str,
        notes: Callable[[int, int], str],
        columns: Sequence[_Col],
        rows: Sequence[Sequence[_Cell]],
        *,
        largest: float = 12,
        smallest: float = 10,
        box: _Box | None = None,
    ) -> list:
        """The rows over as many slides as they need, at one size for all pages."""
        box = box or self.body
        widths = _column_widths(columns, box.width)

        def layout(size: float) -> list[list]:
            header = _row_height([_Cell(c.header, bold=True) for c in columns], widths, size)
            room = box.height - header
            fitted = [_row_to_fit(row, widths, size, room) for row in rows]
            heights = [_row_height(row, widths, size) for row in fitted]
            pages = _pack(fitted, heights, room)
            # Fill the pages evenly rather than leave a stub on the last one.
            total = sum(heights)
            for share in range(20):
                even = _pack(fitted, heights, min(room, total / len(pages) * (1 + share / 20)))
                if len(even) <= len(pages):
                    return even
            return pages

        # The fewest pages, then the largest size that still needs no more of them.
        sizes = [largest - 0.5 * i for i in range(int((largest - smallest) * 2) + 1)]
        fewest = len(layout(smallest))
        size = next(s for s in sizes if len(layout(s)) <= fewest)
        pages = layout(size)
        slides = []
        for i, page in enumerate(pages, start=1):
            name = title if len(pages) == 1 else f"{title} ({i} of {len(pages)})"
            slide = self.slide(name, notes(i, len(pages)))
            self.table(slide, box, columns, page, size)
            slides.append(slide)
        return slides

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _pack(rows: Sequence, heights: Sequence[int], room: float) -> list[list]:
    """Rows into pages of at most `room` height, in order; a page holds one row at least."""
    pages: list[list] = [[]]
    used = 0.0
    for row, h in zip(rows, heights, strict=True):
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += h
    return pages


def _row_to_fit(row: Sequence[_Cell], widths: Sequence[int], size: float, room: int) -> list[_Cell]:
    """A row taller than a whole page has its cells cut short to fit one."""
    if _row_height(row, widths, size) <= room:
        return list(row)
    cells = []
    for cell, width in zip(row, widths, strict=True):
        text = _truncate(cell.text, width - 2 * _CELL_X + 2 * _INSET_X, room, size, cell.bold)
        cells.append(_Cell(text, cell.fill, cell.bold, cell.colour, cell.align))
    return cells


def _cut_to_fit(paras: Sequence[_Para], box: _Box, size: float) -> list[_Para]:
    """Drop trailing paragraphs, then words of the last one, until the box holds them."""
    kept = list(paras)
    while len(kept) > 1 and _fit(kept[:-1], box.width, box.height, size, size) is None:
        kept.pop()
    last = kept[-1]
    head = kept[:-1]
    used = _height(head, (box.width - 2 * _INSET_X) / _EMU_PER_PT, size) * _EMU_PER_PT
    room = max(int(box.height - used - last.space_before * size * _EMU_PER_PT), 1)
    text = _truncate(last.text, box.width, room, size * last.scale, last.bold)
    return [
        *head,
        _Para(text, last.bold, last.scale, last.colour, last.space_before, last.align, last.italic),
    ]


@dataclass(frozen=True)
class _Col:
    header: str
    weight: float
    align: PP_ALIGN = PP_ALIGN.LEFT


@dataclass(frozen=True)
class _Cell:
    text: str
    fill: str | None = None
    bold: bool = False
    colour: str | None = None
    align: PP_ALIGN | None = None


_CELL_X = Inches(0.06)
_CELL_Y = Inches(0.03)


def _column_widths(columns: Sequence[_Col], width: int) -> list[int]:
    total = sum(c.weight for c in columns)
    widths = [int(width * c.weight / total) for c in columns]
    widths[-1] += width - sum(widths)
    return widths


def _row_height(row: Sequence[_Cell], widths: Sequence[int], size: float) -> int:
    lines = max(
        _line_count(cell.text, (w - 2 * _CELL_X) / _EMU_PER_PT, size, cell.bold)
        for cell, w in zip(row, widths, strict=True)
    )
    return int((lines * size * _LINE + 4) * _EMU_PER_PT + 2 * _CELL_Y)


# --- Words shared by the slides -------------------------------------------------------------


def period_text(report: BoardReport) -> str:
    """'Q1 FY27 (2026-Q3)': the quarter as the company says it, and as the calendar does."""
    if report.period_label and report.period_label != report.period:
        return f"{report.period_label} ({report.period})"
    return report.period


def _where(business_unit: str | None) -> str:
    return business_unit or "Company-wide"


def _risk_name(risk: Risk) -> str:
    return f"{risk.title} ({risk.business_unit})" if risk.business_unit else risk.title


def event_range(exposure: Exposure) -> str:
    """'$375k–$6.0M' for one event (p10 to p90), or the annual range when no event range."""
    if exposure.event_p10 is not None and exposure.event_p90 is not None:
        low, high = exposure.event_p10, exposure.event_p90
        return f"{money(low, exposure.currency)}–{money(high, exposure.currency)}"
    low, high = exposure.p10, exposure.p90
    return f"{money(low, exposure.currency)}–{money(high, exposure.currency)} a year"


def _unit(metric_id: str) -> str:
    catalog = load_catalog()
    return catalog[metric_id].unit if metric_id in catalog.metrics else "count"


def _decision_for(report: BoardReport, risk: Risk) -> Decision | None:
    return next((d for d in report.summary.decisions if risk.id in d.risk_ids), None)


def _shown_drivers(risk: Risk) -> list[Driver]:
    """The drivers that weigh most on the risk now (weight times weakness), at most five."""
    ranked = sorted(risk.drivers, key=lambda d: (-d.weight * d.weakness, -d.weight))
    return ranked[:DETAIL_DRIVERS]


def _period_labels(report: BoardReport) -> dict[str, str]:
    return period_labels(report.observations)


# --- Slides ---------------------------------------------------------------------------------


def _title_slide(deck: _Deck, report: BoardReport) -> None:
    layout = deck.title_layout
    notes = (
        f"Good morning. This is our cyber risk report to the board for {period_text(report)}. "
        f"In one line: {report.summary.headline} I will take you through where we stand, "
        "our most significant risks, our compliance position and the decisions we need from you."
    )
    slide = deck.slide(DECK_TITLE, notes, opening=True)
    title = next((ph for ph in slide.placeholders if ph.placeholder_format.type in _TITLES), None)
    subtitle = next(
        (ph for ph in slide.placeholders if ph.placeholder_format.type in _SUBTITLES), None
    )
    w, h = deck.width, deck.height
    # Our own design, or a template's title layout as it is, or (a template without one)
    # the title placed in the upper middle of whatever layout there is.
    placed = deck.own_style or _layout_kind(layout) != "title"
    if deck.own_style:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), h)
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(NAVY)
        band.line.fill.background()
        _flat(band)
        title_box = _Box(Inches(1.1), Inches(1.7), w - Inches(2.2), Inches(1.5))
        sub_box = _Box(Inches(1.1), Inches(3.45), w - Inches(2.2), Inches(2.4))
    elif placed:
        title_box = _Box(int(w * 0.08), int(h * 0.22), int(w * 0.84), int(h * 0.22))
        sub_box = _Box(int(w * 0.08), int(h * 0.47), int(w * 0.84), int(h * 0.3))
    else:
        title_box = _Box(title.left, title.top, title.width, title.height)
        sub_box = (
            _Box(subtitle.left, subtitle.top, subtitle.width, subtitle.height)
            if subtitle is not None
            else _Box(title_box.left, title_box.bottom, title_box.width, int(h * 0.25))
        )
    navy = NAVY if deck.own_style else None
    wide = 1.0 if deck.own_style else _FOREIGN
    heading = _Para(DECK_TITLE, bold=deck.own_style, colour=navy, wide=wide)
    size = _fit([heading], title_box.width, title_box.height, 40, 20) or 20
    if title is None:
        title = slide.shapes.add_textbox(*title_box)
        title.name = "Title"
    elif placed:
        title.left, title.top, title.width, title.height = title_box
    deck.write(title.text_frame, [heading], size, anchor=MSO_ANCHOR.BOTTOM, placeholder=True)

    native = subtitle is not None and not deck.own_style
    if subtitle is None:
        subtitle = slide.shapes.add_textbox(*sub_box)
        subtitle.name = "Subtitle"
    elif placed:
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = sub_box
    wide = _FOREIGN if native else 1.0
    organisation = report.organization
    lines = [
        _Para(organisation, bold=True, colour=navy, wide=wide),
        _Para(
            period_text(report),
            scale=0.8,
            space_before=0.3,
            colour=MUTED if deck.own_style else None,
            wide=wide,
        ),
    ]
    size = _fit(lines, sub_box.width, sub_box.height, 28, 12)
    if size is None:
        size = 12
        organisation = _truncate(organisation, sub_box.width, sub_box.height // 2, 12, True, wide)
        lines[0] = _Para(organisation, bold=True, colour=navy, wide=wide)
    deck.write(subtitle.text_frame, lines, size, anchor=MSO_ANCHOR.TOP, placeholder=native)


def _summary_slide(deck: _Deck, report: BoardReport) -> None:
    summary = report.summary
    answers = summary.answers
    questions = [
        ("Are we adequately protected?", answers.protected),
        ("What are our most significant risks?", answers.top_risks),
        ("Are we meeting our regulatory obligations?", answers.obligations),
        ("Could an incident materially affect the business?", answers.material_impact),
    ]
    notes = (
        f"{summary.headline} "
        + " ".join(f"{q} {a}" for q, a in questions)
        + " I will come back to the decisions at the end."
    )
    slide = deck.slide("Executive summary", notes)
    gap = Inches(0.15)
    strip, grid = deck.body.take_top(Inches(0.55), gap)
    posture_box, direction_box, headline_box = strip.cols(2.2, 2.2, 7.7, gap=gap)
    deck.chip(
        slide,
        posture_box,
        f"Posture: {summary.posture.capitalize()}",
        POSTURE_COLOURS[summary.posture],
    )
    deck.chip(
        slide,
        direction_box,
        f"Direction: {summary.direction.capitalize()}",
        MOVEMENT_COLOURS[summary.direction],
    )
    deck.text(
        slide, headline_box, [_Para(summary.headline, bold=True)], 16, 10, anchor=MSO_ANCHOR.MIDDLE
    )
    top, bottom = grid.rows(1, 1, gap=gap)
    boxes = [*top.cols(1, 1, gap=gap), *bottom.cols(1, 1, gap=gap)]
    contents = [
        [_Para(q, bold=True, colour=NAVY), _Para(a, space_before=0.35)] for q, a in questions
    ]
    # One size for the four boxes, so none looks louder than the others.
    sizes = [_fit(c, b.width, b.height, 16, 10) for c, b in zip(contents, boxes, strict=True)]
    size = min((s for s in sizes if s is not None), default=10)
    for box, content in zip(boxes, contents, strict=True):
        deck.text(slide, box, content, size, min(size, 10), fill=LIGHT)


def _top_risks_slides(deck: _Deck, report: BoardReport) -> None:
    risks = report.risks[:TOP_RISK_ROWS]
    if not risks:
        slide = deck.slide("Top risks", "The metrics point to no cyber risk this quarter.")
        deck.text(slide, deck.body, [_Para("No risks were identified from the metrics.")], 20, 12)
        return
    columns = [
        _Col("#", 0.45, PP_ALIGN.CENTER),
        _Col("Risk", 2.75),
        _Col("Business unit", 1.5),
        _Col("Rating", 1.05, PP_ALIGN.CENTER),
        _Col("Trend", 1.1, PP_ALIGN.CENTER),
        _Col("One event could cost (p10–p90)", 1.75),
        _Col("Chance in a year", 2.0),
        _Col("Owner", 1.7),
    ]
    rows = [
        [
            _Cell(str(r.rank)),
            _Cell(r.title, bold=True),
            _Cell(_where(r.business_unit)),
            _Cell(r.rating.capitalize(), fill=RATING_COLOURS[r.rating], bold=True),
            _Cell(r.trend.capitalize()),
            _Cell(event_range(r.exposure)),
            _Cell(chance(r.exposure.annual_probability).capitalize()),
            _Cell(r.owner),
        ]
        for r in risks
    ]
    outside = len(report.outside_appetite)
    first = risks[0]

    def notes(page: int, pages: int) -> str:
        lead = (
            f"These are our {len(risks)} most significant cyber risks, ranked by their impact "
            "on the business, not by technical severity. "
            f"{outside} of {len(report.risks)} risks are outside the board's appetite. "
            f"At the top is {_risk_name(first).lower()}, rated {first.rating} and {first.trend}: "
            f"one event would probably cost {event_range(first.exposure)}. "
            "Each rating is likelihood, from the state of our controls, times impact, from what "
            "the business unit does and the data it holds."
        )
        return lead if page == 1 else f"Top risks, continued (page {page} of {pages})."

    title = f"Our top {len(risks)} risks, ranked by business impact"
    deck.paged_table(title, notes, columns, rows, largest=13, smallest=10)


def _heatmap_slide(deck: _Deck, report: BoardReport) -> None:
    cells: dict[tuple[int, int], list[int]] = {}
    for risk in report.risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk.rank)
    by_rating: dict[str, int] = {}
    for risk in report.risks:
        by_rating[risk.rating] = by_rating.get(risk.rating, 0) + 1
    spread = ", ".join(
        f"{by_rating[r]} {r}" for r in ("critical", "high", "moderate", "low") if r in by_rating
    )
    notes = (
        "This map places each risk by how likely it is, given the state of our controls, and "
        "how much it would hurt the business. The numbers are the risks' ranks; the colour "
        "and word of each square come from likelihood times impact. "
        f"Of our {len(report.risks)} risks: {spread or 'none'}. "
        "The top-right corner is where the board's attention belongs."
    )
    slide = deck.slide("Risks by likelihood and impact", notes)
    gap = Inches(0.2)
    left, right = deck.body.cols(7.4, 4.6, gap=gap)
    axis = Inches(0.35)
    grid = _Box(left.left + axis, left.top, left.width - axis, left.height - axis)
    # Likelihood rows from 5 (top) to 1, impact columns 1 to 5, words in the first column
    # and the last row.
    label_w = int(grid.width * 0.17)
    cell_w = (grid.width - label_w) // 5
    label_h = Inches(0.5)
    cell_h = (grid.height - label_h) // 5
    frame = slide.shapes.add_table(
        6, 6, grid.left, grid.top, label_w + 5 * cell_w, label_h + 5 * cell_h
    )
    frame.name = "Risk heatmap"
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    table.columns[0].width = label_w
    for c in range(1, 6):
        table.columns[c].width = cell_w
    for r in range(5):
        table.rows[r].height = cell_h
    table.rows[5].height = label_h
    rank_size = 16 if cell_w >= Inches(1.0) else 12

    def put(r: int, c: int, paras: list[_Para], fill: str, size: float) -> None:
        target = table.cell(r, c)
        target.fill.solid()
        target.fill.fore_color.rgb = _rgb(fill)
        deck.write(target.text_frame, paras, size, in_cell=True)
        target.margin_left = target.margin_right = _CELL_X
        target.margin_top = target.margin_bottom = _CELL_Y
        target.vertical_anchor = MSO_ANCHOR.MIDDLE

    # One size for the axis words, the largest at which every one fits its cell.
    row_words = [f"{n} {LIKELIHOOD_WORDS[n]}" for n in range(5, 0, -1)]
    col_words = [f"{n} {IMPACT_WORDS[n]}" for n in range(1, 6)]
    pad_x, pad_y = 2 * (_INSET_X - _CELL_X), 2 * (_INSET_Y - _CELL_Y)
    axis_size = min(
        [
            _fit([_Para(t, bold=True)], label_w + pad_x, cell_h + pad_y, 11, 7) or 7
            for t in row_words
        ]
        + [
            _fit([_Para(t, bold=True)], cell_w + pad_x, label_h + pad_y, 11, 7) or 7
            for t in col_words
        ]
    )
    for r, likelihood in enumerate(range(5, 0, -1)):
        put(r, 0, [_Para(row_words[r], bold=True, align=PP_ALIGN.RIGHT)], "#FFFFFF", axis_size)
        for c, impact in enumerate(range(1, 6), start=1):
            word = rating(likelihood * impact)
            fill = RATING_COLOURS[word]
            ink = ink_on(fill)
            ranks = ", ".join(str(n) for n in cells.get((likelihood, impact), []))
            paras = [_Para(word.capitalize(), scale=0.6, colour=ink, align=PP_ALIGN.CENTER)]
            size = rank_size
            if ranks:
                rank_para = _Para(ranks, bold=True, colour=ink, align=PP_ALIGN.CENTER)
                both = [rank_para, paras[0]]
                size = _fit(both, cell_w + pad_x, cell_h + pad_y, rank_size, 8) or 8
                paras.insert(0, rank_para)
            put(r, c, paras, fill, size)
    put(5, 0, [_Para("")], "#FFFFFF", 10)
    for c in range(1, 6):
        put(5, c, [_Para(col_words[c - 1], bold=True, align=PP_ALIGN.CENTER)], "#FFFFFF", axis_size)
    # Axis names: impact under the grid, likelihood as a rotated label at its left.
    below = _Box(grid.left + label_w, grid.top + label_h + 5 * cell_h, 5 * cell_w, axis)
    deck.text(
        slide,
        below,
        [_Para("Impact on the business →", bold=True, align=PP_ALIGN.CENTER, colour=MUTED)],
        12,
        9,
    )
    side = slide.shapes.add_textbox(
        left.left - (5 * cell_h - axis) // 2,
        grid.top + (5 * cell_h) // 2 - axis // 2,
        5 * cell_h,
        axis,
    )
    side.rotation = 270
    deck.write(
        side.text_frame,
        [_Para("Likelihood →", bold=True, align=PP_ALIGN.CENTER, colour=MUTED)],
        12,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    # The key: what each rank is.
    head, rest = right.take_top(Inches(0.4), Inches(0.05))
    deck.text(slide, head, [_Para("Ranked risks", bold=True, colour=NAVY)], 16, 12)
    lines = [
        _Para(f"{r.rank}. {_risk_name(r)}: {r.rating}", bold=r.rank <= DETAIL_RISKS)
        for r in report.risks
    ]
    size = _fit(lines, rest.width, rest.height, 13, 9)
    if size is None:
        size = 9
        while len(lines) > 1 and _fit(lines, rest.width, rest.height, size, size) is None:
            lines.pop()
        hidden = len(report.risks) - len(lines) + 1
        lines[-1] = _Para(f"…and {hidden} more in the appendix and the workbook", italic=True)
    deck.text(slide, rest, lines, size, size)


def _risk_detail_slides(deck: _Deck, report: BoardReport) -> None:
    for risk in report.risks[:DETAIL_RISKS]:
        _risk_detail_slide(deck, report, risk)


def _risk_detail_slide(deck: _Deck, report: BoardReport, risk: Risk) -> None:
    decision = _decision_for(report, risk)
    ask = decision.ask if decision else risk.response
    exposure = risk.exposure
    money_line = (
        f"One event would probably cost {event_range(exposure)} (10th to 90th percentile); "
        f"{chance(exposure.annual_probability)} of at least one in a year; "
        f"expected loss {money(exposure.mean, exposure.currency)} a year."
    )
    notes = f"Risk {risk.rank}: {_risk_name(risk)}. {risk.statement} " + (
        f"What we ask of the board: {ask}" if decision else ""
    )
    title = f"{risk.rank}. {risk.title}" + (f": {risk.business_unit}" if risk.business_unit else "")
    slide = deck.slide(title, notes)
    gap = Inches(0.15)
    strip, body = deck.body.take_top(Inches(0.42), Inches(0.12))
    chips = strip.cols(1.6, 1.9, 3.6, 5.0, gap=gap)
    deck.chip(slide, chips[0], risk.rating.capitalize(), RATING_COLOURS[risk.rating])
    deck.chip(slide, chips[1], f"Trend: {risk.trend}", MOVEMENT_COLOURS[risk.trend])
    appetite = (
        f"Within {risk.appetite} appetite"
        if risk.within_appetite
        else f"Outside {risk.appetite} appetite"
    )
    deck.chip(slide, chips[2], appetite, STATUS_COLOURS["green" if risk.within_appetite else "red"])
    deck.text(
        slide,
        chips[3],
        [_Para(f"Owner: {risk.owner}", bold=True, align=PP_ALIGN.RIGHT)],
        14,
        9,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    facts = [
        _Para("Exposure", bold=True, colour=NAVY),
        _Para(money_line),
        _Para(
            "Decision asked" if decision else "Response", bold=True, colour=NAVY, space_before=0.4
        ),
        _Para(ask),
    ]
    statement = [_Para("The risk", bold=True, colour=NAVY), _Para(risk.statement, space_before=0.3)]
    # The statement matters most: widen its column (narrowing the chart's) before carrying
    # any of it to another slide.
    for weights in ((6.3, 5.7), (7.0, 5.0), (7.6, 4.4)):
        left, right = body.cols(*weights, gap=Inches(0.25))
        # Share the column so the smaller of the two text sizes is as large as it can be.
        best = None
        facts_h = int(left.height * 0.22)
        while facts_h <= left.height * 0.5:
            top, bottom = left.rows(left.height - facts_h, facts_h, gap=Inches(0.12))
            fact_size = _fit(facts, bottom.width, bottom.height, 13, 10)
            size = _fit(statement, top.width, top.height, 13, 10.5)
            if fact_size is not None and size is not None:
                score = (min(size, fact_size), size)
                if best is None or score > best[0]:
                    best = (score, top, bottom, size, fact_size)
            facts_h += Inches(0.1)
        if best is not None:
            _, statement_box, facts_box, size, fact_size = best
            break
        facts_h = int(left.height * 0.35)
        statement_box, facts_box = left.rows(left.height - facts_h, facts_h, gap=Inches(0.12))
        fact_size = _fit(facts, facts_box.width, facts_box.height, 13, 10)
        size = None
    rest: list[str] = []
    if size is None:
        # Too long even small: keep whole sentences here and carry the rest over.
        size = 10.5
        sentences = _sentences(risk.statement)
        while len(sentences) > 1:
            rest.insert(0, sentences.pop())
            kept = " ".join(sentences) + " (Continued on the next slide.)"
            shown = [statement[0], _Para(kept, space_before=0.3)]
            if _fit(shown, statement_box.width, statement_box.height, size, size):
                statement = shown
                break
        else:
            statement = [statement[0], _Para(sentences[0], space_before=0.3)]
    deck.text(slide, statement_box, statement, size, size)
    deck.text(slide, facts_box, facts, fact_size or 10, 10, fill=LIGHT)

    drivers = _shown_drivers(risk)
    if drivers:
        columns = [
            _Col("Driving metric", 3.2),
            _Col("Value", 1.0, PP_ALIGN.RIGHT),
            _Col("Target", 1.0, PP_ALIGN.RIGHT),
            _Col("Status", 1.2, PP_ALIGN.CENTER),
        ]
        rows = [
            [
                _Cell(d.name + (f" ({d.business_unit})" if _elsewhere(d, risk) else "")),
                _Cell(format_value(d.value, _unit(d.metric_id))),
                _Cell(format_value(d.target, _unit(d.metric_id))),
                _Cell(STATUS_WORDS[d.status], fill=STATUS_COLOURS[d.status], bold=True),
            ]
            for d in drivers
        ]
        widths = _column_widths(columns, right.width)

        def table_height(size: float) -> int:
            head = _row_height([_Cell(c.header, bold=True) for c in columns], widths, size)
            return head + sum(_row_height(r, widths, size) for r in rows)

        # The table at the largest size that leaves the chart half the column.
        table_size = next(
            (z for z in (10.5, 10, 9.5, 9) if table_height(z) <= right.height * 0.5), 9
        )
        table_h = table_height(table_size)
        chart_box, table_box = right.rows(right.height - table_h, table_h, gap=Inches(0.1))
        _driver_chart(deck, slide, chart_box, risk, drivers)
        deck.table(slide, table_box, columns, rows, table_size)
        hidden = len(risk.drivers) - len(drivers)
        if hidden:
            slide.notes_slide.notes_text_frame.text += (
                f" The slide shows the {len(drivers)} metrics that weigh most on this risk now; "
                f"{hidden} more are in the appendix."
            )
    else:
        deck.text(
            slide, right, [_Para("No metric data drives this risk yet.", italic=True)], 14, 10
        )

    if rest:
        more = deck.slide(
            f"{title} (continued)", f"The rest of the risk statement. {' '.join(rest)}"
        )
        deck.text(more, deck.body, [_Para(" ".join(rest))], 16, 10)


def _elsewhere(driver: Driver, risk: Risk) -> bool:
    """A driver measured in another business unit than the risk's is named with it."""
    return bool(driver.business_unit) and driver.business_unit != risk.business_unit


def _driver_chart(deck: _Deck, slide, box: _Box, risk: Risk, drivers: Sequence[Driver]) -> None:
    """How far each driver is from its target (0 on target, 100 far off), a bar per driver
    coloured by its status, labelled with the value against the target and the word."""
    data = CategoryChartData(number_format="0")
    data.categories = [
        _short(d.name + (f" ({d.business_unit})" if _elsewhere(d, risk) else ""), 60)
        for d in drivers
    ]
    data.add_series("Shortfall against target", [round(d.weakness * 100, 1) for d in drivers])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    frame.name = "Driver chart"
    chart = frame.chart
    _style_chart(deck, chart, 10)
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = "How far each driving metric is from its target"
    _style_title(deck, chart, 11)
    plot = chart.plots[0]
    plot.gap_width = 55
    plot.vary_by_categories = False
    series = plot.series[0]
    series.invert_if_negative = False
    for i, driver in enumerate(drivers):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(STATUS_COLOURS[driver.status])
        unit = _unit(driver.metric_id)
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        frame_ = label.text_frame
        frame_.text = f"{format_value(driver.value, unit)} vs {format_value(driver.target, unit)}"
        for run in frame_.paragraphs[0].runs:
            run.font.size = Pt(9)
            run.font.color.rgb = _rgb(INK)
            run.font.name = FONT_NAME
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.maximum_scale = 170  # room for the labels beyond the longest bar
    axis.visible = False
    axis.has_major_gridlines = False
    categories = chart.category_axis
    categories.reverse_order = True  # the heaviest driver on top
    categories.tick_labels.font.size = Pt(9)
    categories.format.line.color.rgb = _rgb(RULE)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _style_chart(deck: _Deck, chart, size: float) -> None:
    chart.font.size = Pt(size)
    chart.font.name = FONT_NAME
    chart.font.color.rgb = _rgb(INK)


def _style_title(deck: _Deck, chart, size: float) -> None:
    for paragraph in chart.chart_title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.name = FONT_NAME
            run.font.color.rgb = _rgb(NAVY)


def _compliance_slide(deck: _Deck, report: BoardReport) -> None:
    basis = (
        report.compliance[0].basis
        if report.compliance
        else "Indicator-based status from security metrics, not an audit opinion."
    )
    notes = f"{report.summary.answers.obligations} To be clear: {basis}"
    slide = deck.slide("Compliance by framework", notes)
    if not report.compliance:
        deck.text(slide, deck.body, [_Para("No framework is in scope.")], 20, 12)
        return
    body, note_box = deck.body.rows(deck.body.height - Inches(0.45), Inches(0.45), gap=Inches(0.05))
    left, right = body.cols(7.6, 4.4, gap=Inches(0.3))
    data = CategoryChartData(number_format="#,##0;;;")  # zero counts carry no label
    data.categories = [f.framework for f in report.compliance]
    for state in ("met", "partial", "not_met", "no_evidence"):
        data.add_series(CONTROL_WORDS[state], [getattr(f, state) for f in report.compliance])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *left, data)
    frame.name = "Compliance chart"
    chart = frame.chart
    _style_chart(deck, chart, 12)
    chart.has_title = True
    chart.chart_title.text_frame.text = "Controls per framework, by status"
    _style_title(deck, chart, 13)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(11)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 100
    for state, series in zip(
        ("met", "partial", "not_met", "no_evidence"), plot.series, strict=True
    ):
        colour = CONTROL_COLOURS[state]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = "#,##0;;;"
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.size = Pt(11)
        labels.font.bold = True
        labels.font.color.rgb = _rgb(ink_on(colour))
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = _rgb(RULE)
    chart.value_axis.tick_labels.font.size = Pt(10)

    head, rest = right.take_top(Inches(0.4), Inches(0.05))
    deck.text(slide, head, [_Para("Where the largest gaps are", bold=True, colour=NAVY)], 16, 12)
    paras: list[_Para] = []
    for framework in report.compliance:
        with_evidence = framework.met + framework.partial + framework.not_met
        share = (
            f"{framework.met} of {with_evidence} evidenced controls met"
            if with_evidence
            else "no evidence yet"
        )
        paras.append(
            _Para(f"{framework.framework}: {share}", bold=True, space_before=0.5 if paras else 0)
        )
        if framework.gaps:
            paras.append(_Para(framework.gaps[0]))
    deck.text(slide, rest, paras, 13, 9.5)
    deck.text(
        slide, note_box, [_Para(basis, italic=True, colour=MUTED)], 12, 9, anchor=MSO_ANCHOR.MIDDLE
    )


def _trend_slides(deck: _Deck, report: BoardReport) -> None:
    metric_ids = key_metrics(report)
    if not metric_ids:
        slide = deck.slide("Key metric trends", "There is no company-wide metric to trend yet.")
        deck.text(slide, deck.body, [_Para("No company-wide metric to trend yet.")], 20, 12)
        return
    current = {m.metric_id: m for m in report.metrics if m.business_unit is None}
    movers = {
        m.metric_id: m.text
        for m in report.summary.improvements + report.summary.deteriorations
        if m.business_unit is None
    }
    count = math.ceil(len(metric_ids) / TRENDS_PER_SLIDE)
    per_page = math.ceil(len(metric_ids) / count)
    pages = [metric_ids[i : i + per_page] for i in range(0, len(metric_ids), per_page)]
    labels = _period_labels(report)
    for n, page in enumerate(pages, start=1):
        said = []
        for metric_id in page:
            metric = current.get(metric_id)
            if metric is None:
                continue
            line = (
                movers.get(metric_id) or f"{metric.name}: {format_value(metric.value, metric.unit)}"
            )
            said.append(
                f"{line}, against a target of {format_value(metric.target, metric.unit)}, "
                f"{STATUS_WORDS[metric.status].lower()}."
            )
        notes = (
            "The measures that moved most this quarter, or that drive our top risks, over the "
            "last quarters against their targets. " + " ".join(said)
        )
        title = "Key metric trends" + (f" ({n} of {len(pages)})" if len(pages) > 1 else "")
        slide = deck.slide(title, notes)
        gap = Inches(0.2)
        if len(page) == 4:
            top, bottom = deck.body.rows(1, 1, gap=gap)
            boxes = [*top.cols(1, 1, gap=gap), *bottom.cols(1, 1, gap=gap)]
        else:  # one row, no taller than a chart reads well
            row = _Box(
                deck.body.left, deck.body.top, deck.body.width, min(deck.body.height, Inches(4.8))
            )
            boxes = row.cols(*[1] * len(page), gap=gap)
        for metric_id, box in zip(page, boxes, strict=False):
            _trend_chart(deck, slide, box, report, metric_id, current.get(metric_id), labels)


def _trend_chart(
    deck: _Deck,
    slide,
    box: _Box,
    report: BoardReport,
    metric_id: str,
    metric: MetricStatus | None,
    labels: dict[str, str],
) -> None:
    catalog = load_catalog()[metric_id]
    points = dict(metric_series(report, metric_id))
    periods = [p for p in report.periods if p in points]
    target = metric.target if metric else catalog.target
    chart_box, status_box = box.rows(box.height - Inches(0.42), Inches(0.42), gap=Inches(0.04))
    data = CategoryChartData(number_format=_UNIT_FORMATS.get(catalog.unit, "General"))
    data.categories = [labels.get(p, p) for p in periods]
    data.add_series("Actual", [points[p] for p in periods])
    data.add_series("Target", [target for _ in periods])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *chart_box, data)
    frame.name = f"Trend {metric_id}"
    chart = frame.chart
    _style_chart(deck, chart, 10)
    chart.has_title = True
    chart.chart_title.text_frame.text = catalog.name
    _style_title(deck, chart, 12)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(9)
    value, goal = chart.plots[0].series
    value.smooth = False
    value.format.line.color.rgb = _rgb(BLUE)
    value.format.line.width = Pt(2.5)
    value.marker.size = 7
    value.marker.format.fill.solid()
    value.marker.format.fill.fore_color.rgb = _rgb(BLUE)
    value.marker.format.line.color.rgb = _rgb(BLUE)
    labels_ = value.data_labels
    labels_.show_value = True
    labels_.number_format = _UNIT_FORMATS.get(catalog.unit, "General")
    labels_.number_format_is_linked = False
    labels_.position = XL_LABEL_POSITION.ABOVE
    labels_.font.size = Pt(9)
    goal.smooth = False
    goal.format.line.color.rgb = _rgb(STATUS_COLOURS["green"])
    goal.format.line.width = Pt(1.75)
    goal.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    goal.marker.style = XL_MARKER_STYLE.NONE
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb(RULE)
    axis.tick_labels.font.size = Pt(9)
    low, high, step = _axis_range(
        [points[p] for p in periods] + [target], catalog.unit, percent=catalog.unit == "percent"
    )
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.tick_labels.number_format = _UNIT_FORMATS.get(catalog.unit, "General").replace(
        "General", "0"
    )
    axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(9)
    if metric is not None:
        chip_w = min(Inches(1.25), status_box.width // 3)
        chip, words = status_box.cols(
            chip_w, status_box.width - chip_w - Inches(0.1), gap=Inches(0.1)
        )
        deck.chip(
            slide, chip, STATUS_WORDS[metric.status], STATUS_COLOURS[metric.status], largest=10
        )
        deck.text(
            slide,
            words,
            [
                _Para(
                    f"Now {format_value(metric.value, metric.unit)}, target "
                    f"{format_value(metric.target, metric.unit)}"
                    + (f", {metric.movement}" if metric.previous is not None else ""),
                    colour=MUTED,
                )
            ],
            10,
            8,
            anchor=MSO_ANCHOR.MIDDLE,
        )


def _axis_range(values: Sequence[float], unit: str, *, percent: bool) -> tuple[float, float, float]:
    """A value axis with round ticks (at most about six) and room above for the labels;
    percentages zoom in on their range, other units start at zero."""
    high = max(values, default=1.0)
    low = min(values, default=0.0) if percent else 0.0
    span = (high - low) or max(abs(high), 1.0)
    raw = span * 1.4 / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if unit == "count":
        step = max(1.0, float(math.ceil(step)))
    floor = max(0.0, math.floor((low - span * 0.2) / step) * step) if percent else 0.0
    ceiling = math.ceil((high + span * 0.3) / step) * step
    if percent:
        ceiling = min(ceiling, 100.0) if high <= 100 else ceiling
    return floor, max(ceiling, floor + step), step


def _decision_slides(deck: _Deck, report: BoardReport) -> None:
    decisions = report.summary.decisions
    if not decisions:
        slide = deck.slide(
            "Decisions requested",
            "Every risk is within the board's appetite this quarter: no decision is needed today.",
        )
        deck.text(
            slide,
            deck.body,
            [_Para("No decision is needed: every risk is within the board's appetite.")],
            20,
            12,
        )
        return
    columns = [
        _Col("Risk", 2.3),
        _Col("The board is asked", 3.6),
        _Col("Options", 4.4),
        _Col("Owner", 1.7),
    ]
    rows = [
        [
            _Cell(d.title + (f" ({d.business_unit})" if d.business_unit else ""), bold=True),
            _Cell(d.ask),
            _Cell("\n".join(f"{i}. {o}" for i, o in enumerate(d.options, start=1))),
            _Cell(d.owner),
        ]
        for d in decisions
    ]

    def notes(page: int, pages: int) -> str:
        shown = decisions if pages == 1 else None
        lead = (
            f"We ask the board for {len(decisions)} decision(s). For each risk outside "
            "appetite the options are to accept it and record the acceptance, to fund the "
            "work that brings it back, or to set a date by which its owner does so. "
        )
        if shown is None:
            return lead + f"Page {page} of {pages}."
        return lead + " ".join(f"{d.title}: {d.ask}" for d in shown)

    deck.paged_table("Decisions requested", notes, columns, rows, largest=12, smallest=10)


def _appendix_slides(deck: _Deck, report: BoardReport) -> None:
    metrics = sorted(report.metrics, key=lambda m: (m.domain, m.name, m.business_unit or ""))
    columns = [
        _Col("Metric", 3.3),
        _Col("Business unit", 1.6),
        _Col("Value", 1.0, PP_ALIGN.RIGHT),
        _Col("Target", 1.0, PP_ALIGN.RIGHT),
        _Col("Status", 1.2, PP_ALIGN.CENTER),
        _Col("Source (file, sheet, cell)", 4.0),
    ]
    rows = [
        [
            _Cell(m.name),
            _Cell(_where(m.business_unit)),
            _Cell(format_value(m.value, m.unit)),
            _Cell(format_value(m.target, m.unit)),
            _Cell(STATUS_WORDS[m.status], fill=STATUS_COLOURS[m.status], bold=True),
            _Cell(str(m.source)),
        ]
        for m in metrics
    ]
    if not rows:
        slide = deck.slide("Appendix: metrics", "No metric was reported for this quarter.")
        deck.text(slide, deck.body, [_Para("No metric was reported for this quarter.")], 20, 12)
        return

    def notes(page: int, pages: int) -> str:
        return (
            f"For reference, page {page} of {pages}: every measurement behind this report for "
            f"{period_text(report)}, with its target, its status and the file, sheet and cell it "
            "came from, so any number in this pack can be traced back to its source."
        )

    deck.paged_table(
        f"Appendix: metrics for {report.period_label or report.period}",
        notes,
        columns,
        rows,
        largest=10,
        smallest=9,
    )
