"""The presentation being built: its master and layouts, its title and content areas, and
the drawing every slide shares: slides with their titles, footers and notes, text set at
the size that fits, coloured chips, and native tables, paged over slides when long.

Without a company template the deck is python-pptx's default master widened to 16:9, in
Arial with navy titles and a footer; with one, its layouts and fonts are kept.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from reporting.board.palette import INK, LIGHT, MUTED, NAVY, RULE, ink_on
from reporting.board.words import PACK_TITLE, report_quarter
from reporting.export.deck.canvas import (
    APPENDIX_FLOOR,
    CELL_X,
    CELL_Y,
    FONT_NAME,
    INSET_X,
    INSET_Y,
    MAIN_FLOOR,
    Box,
    Cell,
    Column,
    Notes,
    Paragraph,
    flat,
    rgb,
)
from reporting.export.deck.corporate import (
    SUBTITLES,
    TITLES,
    choose_layouts,
    open_template,
    template_frame,
)
from reporting.export.deck.measure import (
    FOREIGN_WIDTH,
    column_widths,
    cut_to_fit,
    fit,
    fitting_columns,
    pack,
    row_height,
    row_to_fit,
    truncate,
)
from reporting.report import BoardReport


class Deck:
    """The presentation being built: layouts, the content area, and house style."""

    def __init__(self, report: BoardReport, template: bytes | None) -> None:
        self.report = report
        self.own_style = template is None
        if template is None:
            self.prs = Presentation()
            self._widen(Inches(13.333), Inches(7.5))
        else:
            self.prs = open_template(template)
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        self.title_layout, self.content_layout = choose_layouts(self.prs)
        self.title_box, self.body = self._frame()
        self.count = 0
        self.floor = MAIN_FLOOR  # the smallest text on the slide being drawn

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

    def _frame(self) -> tuple[Box, Box]:
        """Where titles go and where content may go on a content slide."""
        if not self.own_style:
            return template_frame(self.prs, self.content_layout)
        margin_x = int(self.width * 0.045)
        title = Box(margin_x, Inches(0.3), self.width - 2 * margin_x, Inches(0.85))
        body = Box(margin_x, Inches(1.3), title.width, Inches(5.55))
        return title, body

    # --- slides ---

    def slide(
        self, title: str, notes: Notes | str, *, opening: bool = False, appendix: bool = False
    ):
        """A new slide with its title set, its unused placeholders removed, and notes. The
        opening slide keeps one subtitle or text placeholder and sets its own title. Text on
        it is never smaller than the floor: 12 pt, or 10 pt in the appendix."""
        layout = self.title_layout if opening else self.content_layout
        slide = self.prs.slides.add_slide(layout)
        self.count += 1
        self.floor = APPENDIX_FLOOR if appendix else MAIN_FLOOR
        title_shape = None
        subtitle_kept = False
        for ph in list(slide.placeholders):
            kind = ph.placeholder_format.type
            if kind in TITLES and title_shape is None:
                title_shape = ph
            elif opening and not subtitle_kept and kind in SUBTITLES:
                subtitle_kept = True
            else:
                ph.element.getparent().remove(ph.element)
        if not opening:
            self._title(slide, title_shape, title)
            self._footer(slide)
        text = notes.text() if isinstance(notes, Notes) else notes.strip()
        slide.notes_slide.notes_text_frame.text = text or title
        return slide

    def add_to_notes(self, slide, text: str) -> None:
        """Add a paragraph to the slide's speaker notes."""
        frame = slide.notes_slide.notes_text_frame
        frame.text = f"{frame.text}\n\n{text}".strip()

    def _title(self, slide, shape, text: str) -> None:
        box = self.title_box
        if shape is None:
            shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
            shape.name = "Title"
        elif (shape.left, shape.top, shape.width, shape.height) != tuple(box):
            # Our own design, or a template whose title sits where content must go.
            shape.left, shape.top, shape.width, shape.height = box
        colour = NAVY if self.own_style else None
        wide = 1.0 if self.own_style else FOREIGN_WIDTH
        size = fit([Paragraph(text, bold=self.own_style, wide=wide)], box.width, box.height, 28, 16)
        if size is None:
            size = 16
            shown = truncate(text, box.width, box.height, size, self.own_style, wide)
            self.add_to_notes(slide, f"The title in full: {text}")
            text = shown
        para = Paragraph(text, bold=self.own_style, colour=colour, wide=wide)
        self.write(shape.text_frame, [para], size, anchor=MSO_ANCHOR.MIDDLE, placeholder=True)

    def _footer(self, slide) -> None:
        """The organisation, pack and quarter, and the slide number: in a template's own
        footer and number placeholders where its layout has them, else drawn in ours."""
        report = self.report
        text = f"{report.organization} · {PACK_TITLE} · {report_quarter(report)}"
        size = self.floor
        places = {ph.placeholder_format.type: ph for ph in self.content_layout.placeholders}
        footer = None if self.own_style else places.get(PP_PLACEHOLDER.FOOTER)
        number = None if self.own_style else places.get(PP_PLACEHOLDER.SLIDE_NUMBER)
        box = Box(self.body.left, self.height - Inches(0.44), self.body.width, Inches(0.36))
        if not self.own_style:
            box = Box(
                self.body.left, self.body.bottom, self.body.width, self.height - self.body.bottom
            )
            box = Box(
                box.left,
                box.top + max(0, box.height - Inches(0.36)),
                box.width,
                min(box.height, Inches(0.36)),
            )
        left, right = box.cols(10, 1)
        for layout_ph, drawn, words, align in (
            (footer, left, text, PP_ALIGN.LEFT),
            (number, right, str(self.count), PP_ALIGN.RIGHT),
        ):
            if layout_ph is not None:
                shape = self._placeholder_like(slide, layout_ph)
                room = Box(layout_ph.left, layout_ph.top, layout_ph.width, layout_ph.height)
                words = _shortest_fit(words, room, size, FOREIGN_WIDTH)
                para = Paragraph(words, align=align, wide=FOREIGN_WIDTH)
                self.write(shape.text_frame, [para], size, placeholder=True)
                if layout_ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
                    _number_field(shape.text_frame.paragraphs[0])
                continue
            words = _shortest_fit(words, drawn, size, 1.0)
            shape = slide.shapes.add_textbox(*drawn)
            shape.name = "Slide number" if align == PP_ALIGN.RIGHT else "Footer"
            self.write(shape.text_frame, [Paragraph(words, colour=MUTED, align=align)], size)
            if align == PP_ALIGN.RIGHT:
                _number_field(shape.text_frame.paragraphs[0])
        if self.own_style:
            rule = slide.shapes.add_connector(
                MSO_CONNECTOR.STRAIGHT,
                box.left,
                box.top - Inches(0.04),
                box.right,
                box.top - Inches(0.04),
            )
            rule.line.color.rgb = rgb(RULE)
            rule.line.width = Pt(0.75)

    def _placeholder_like(self, slide, layout_ph):
        """The slide's copy of a layout's footer or number placeholder, placed as it is."""
        slide.shapes.clone_placeholder(layout_ph)
        idx = layout_ph.placeholder_format.idx
        return next(ph for ph in slide.placeholders if ph.placeholder_format.idx == idx)

    # --- text ---

    def write(
        self,
        frame,
        paras: Sequence[Paragraph],
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
            frame.margin_left = frame.margin_right = INSET_X
            frame.margin_top = frame.margin_bottom = INSET_Y
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
                font.color.rgb = rgb(colour)

    def text(
        self,
        slide,
        box: Box,
        paras: Sequence[Paragraph],
        largest: float,
        smallest: float,
        *,
        fill: str | None = None,
        anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
        shape_type: MSO_SHAPE | None = None,
        line: str | None = None,
    ) -> float:
        """A text box with the paragraphs at the largest size that fits, never below the
        slide's floor; what does not fit even at the floor is left off at a sentence and
        said in full in the speaker notes."""
        smallest = max(smallest, self.floor)
        largest = max(largest, smallest)
        size = fit(paras, box.width, box.height, largest, smallest)
        if size is None:
            size = smallest
            paras, left_out = cut_to_fit(paras, box, size)
            if left_out:
                self.add_to_notes(slide, f"Not on the slide for room: {left_out}")
        if shape_type is None and fill is None:
            shape = slide.shapes.add_textbox(*box)
        else:
            shape = slide.shapes.add_shape(shape_type or MSO_SHAPE.RECTANGLE, *box)
            if fill:
                shape.fill.solid()
                shape.fill.fore_color.rgb = rgb(fill)
            else:
                shape.fill.background()
            if line:
                shape.line.color.rgb = rgb(line)
                shape.line.width = Pt(1)
            else:
                shape.line.fill.background()
            flat(shape)
        self.write(shape.text_frame, paras, size, anchor=anchor)
        return size

    def chip(
        self, slide, box: Box, label: str | Sequence[str], fill: str, *, largest: float = 14
    ) -> None:
        """A coloured label that always carries its word: the first of the wordings given
        (longest first) that fits the chip at the floor."""
        wordings = [label] if isinstance(label, str) else list(label)

        def para(text: str) -> Paragraph:
            return Paragraph(text, bold=True, colour=ink_on(fill), align=PP_ALIGN.CENTER)

        text = next(
            (w for w in wordings if fit([para(w)], box.width, box.height, self.floor, self.floor)),
            wordings[-1],
        )
        self.text(
            slide,
            box,
            [para(text)],
            largest,
            self.floor,
            fill=fill,
            anchor=MSO_ANCHOR.MIDDLE,
            shape_type=MSO_SHAPE.ROUNDED_RECTANGLE,
        )

    # --- tables ---

    def table(
        self,
        slide,
        box: Box,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        size: float,
        widths: Sequence[int] | None = None,
    ):
        """A native table at `size` points (never below the floor), row heights set to the
        text they hold."""
        size = max(size, self.floor)
        widths = widths or column_widths(columns, box.width, rows, size)
        heights = [row_height([Cell(c.header, bold=True) for c in columns], widths, size)]
        heights += [row_height(row, widths, size) for row in rows]
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
        header = [Cell(c.header, bold=True, fill=NAVY, colour="#FFFFFF") for c in columns]
        for r, row in enumerate([header, *rows]):
            band = "#FFFFFF" if r % 2 else LIGHT
            for c, cell in enumerate(row):
                target = table.cell(r, c)
                fill = cell.fill or band
                target.fill.solid()
                target.fill.fore_color.rgb = rgb(fill)
                target.margin_left = target.margin_right = CELL_X
                target.margin_top = target.margin_bottom = CELL_Y
                target.vertical_anchor = MSO_ANCHOR.MIDDLE
                align = cell.align or columns[c].align
                paras = [
                    Paragraph(line, bold=cell.bold, colour=cell.colour or ink_on(fill), align=align)
                    for line in cell.text.split("\n")
                ]
                self.write(target.text_frame, paras, size, in_cell=True)
        return frame

    def fitted_table(
        self,
        slide,
        box: Box,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        largest: float,
        smallest: float,
    ) -> int:
        """A native table at the largest size, in half points, whose rows fit the box; when
        none does, the first rows that fit at the smallest. Returns how many rows it shows."""
        smallest = max(smallest, self.floor)
        largest = max(largest, smallest)
        dropped = [c.header for c in columns]
        columns, rows = fitting_columns(columns, rows, box.width, smallest)
        dropped = [h for h in dropped if h not in {c.header for c in columns}]
        if dropped:
            self.add_to_notes(slide, _left_off(dropped))

        def height(size: float, shown: Sequence[Sequence[Cell]]) -> int:
            widths = column_widths(columns, box.width, rows, size)
            head = row_height([Cell(c.header, bold=True) for c in columns], widths, size)
            return head + sum(row_height(r, widths, size) for r in shown)

        sizes = [largest - 0.5 * i for i in range(int((largest - smallest) * 2) + 1)]
        size = next((z for z in sizes if height(z, rows) <= box.height), None)
        shown = list(rows)
        if size is None:
            size = smallest
            while len(shown) > 1 and height(size, shown) > box.height:
                shown.pop()
        self.table(slide, box, columns, shown, size, column_widths(columns, box.width, rows, size))
        return len(shown)

    def paged_table(
        self,
        title: str,
        notes: Callable[[int, int], Notes | str],
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        *,
        largest: float = 12,
        smallest: float = 12,
        box: Box | None = None,
        appendix: bool = False,
    ) -> list:
        """The rows over as many slides as they need, at one size for all pages; `notes`
        gives each page's notes from its number and the count of pages."""
        smallest = max(smallest, APPENDIX_FLOOR if appendix else MAIN_FLOOR)
        largest = max(largest, smallest)
        box = box or self.body
        dropped = [c.header for c in columns]
        columns, rows = fitting_columns(columns, rows, box.width, smallest)
        dropped = [h for h in dropped if h not in {c.header for c in columns}]

        def layout(size: float) -> list[list]:
            widths = column_widths(columns, box.width, rows, size)
            header = row_height([Cell(c.header, bold=True) for c in columns], widths, size)
            room = box.height - header
            fitted = [row_to_fit(row, widths, size, room) for row in rows]
            heights = [row_height(row, widths, size) for row in fitted]
            pages = pack(fitted, heights, room)
            # Fill the pages evenly rather than leave a stub on the last one.
            total = sum(heights)
            for share in range(20):
                even = pack(fitted, heights, min(room, total / len(pages) * (1 + share / 20)))
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
            slide = self.slide(name, notes(i, len(pages)), appendix=appendix)
            if dropped:
                self.add_to_notes(slide, _left_off(dropped))
            self.table(
                slide, box, columns, page, size, column_widths(columns, box.width, rows, size)
            )
            slides.append(slide)
        return slides

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _left_off(headers: list[str]) -> str:
    return (
        f"Left off this slide's table for room: {', '.join(headers)}; the workbook has every "
        "column."
    )


def _shortest_fit(text: str, box: Box, size: float, wide: float) -> str:
    """The footer as it fits: in full, then without the pack's name, then the organisation
    alone, cut short only as a last resort."""
    parts = text.split(" · ")
    tries = [text, f"{parts[0]} · {parts[-1]}", parts[0]] if len(parts) == 3 else [text]
    height = max(box.height, Inches(0.3))
    for attempt in tries:
        if fit([Paragraph(attempt, wide=wide)], box.width, height, size, size):
            return attempt
    return truncate(tries[-1], box.width, height, size, False, wide)


def _number_field(paragraph) -> None:
    """Turn the paragraph's one run into PowerPoint's slide-number field, so a slide moved
    or added by hand keeps a right number."""
    run = paragraph.runs[0]._r
    field = run.makeelement(
        qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"}
    )
    for child in list(run):
        field.append(child)
    run.addprevious(field)
    run.getparent().remove(run)
