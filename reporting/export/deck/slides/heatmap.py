"""The risk heatmap: each risk's rank placed by likelihood and impact on a five-by-five grid
of rated squares, with a key naming every ranked risk beside it."""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from reporting.board.palette import MUTED, NAVY, RATING_COLOURS, ink_on
from reporting.board.words import DETAILED_RISKS, GAP_WORDS, IMPACT_WORDS, count, risk_name
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import CELL_X, CELL_Y, INSET_X, INSET_Y, Box, Paragraph, rgb
from reporting.export.deck.measure import fit
from reporting.report import BoardReport
from reporting.translate.scoring import rating


def heatmap_slide(deck: Deck, report: BoardReport) -> None:
    cells: dict[tuple[int, int], list[int]] = {}
    for risk in report.risks:
        cells.setdefault((risk.likelihood, risk.impact), []).append(risk.rank)
    notes = speaker.heatmap(report)
    slide = deck.slide("Risks by control gap and impact", notes)
    gap = Inches(0.2)
    # A narrow slide gives the grid the whole width; the key is then in the notes (the
    # ranks are the top-risks table's).
    narrow = deck.body.width < Inches(10)
    left, right = (deck.body, None) if narrow else deck.body.cols(7.4, 4.6, gap=gap)
    axis = Inches(0.35)
    grid = Box(left.left + axis, left.top, left.width - axis, left.height - axis)
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

    def put(r: int, c: int, paras: list[Paragraph], fill: str, size: float) -> None:
        target = table.cell(r, c)
        target.fill.solid()
        target.fill.fore_color.rgb = rgb(fill)
        deck.write(target.text_frame, paras, size, in_cell=True)
        target.margin_left = target.margin_right = CELL_X
        target.margin_top = target.margin_bottom = CELL_Y
        target.vertical_anchor = MSO_ANCHOR.MIDDLE

    floor = deck.floor
    # One size for the axis words, the largest at which every one fits its cell.
    row_words = [f"{n} {GAP_WORDS[n]}" for n in range(5, 0, -1)]
    col_words = [f"{n} {IMPACT_WORDS[n]}" for n in range(1, 6)]
    pad_x, pad_y = 2 * (INSET_X - CELL_X), 2 * (INSET_Y - CELL_Y)
    axis_size = min(
        [
            fit([Paragraph(t, bold=True)], label_w + pad_x, cell_h + pad_y, 14, floor) or floor
            for t in row_words
        ]
        + [
            fit([Paragraph(t, bold=True)], cell_w + pad_x, label_h + pad_y, 14, floor) or floor
            for t in col_words
        ]
    )
    for r, likelihood in enumerate(range(5, 0, -1)):
        row_label = [Paragraph(row_words[r], bold=True, align=PP_ALIGN.RIGHT)]
        put(r, 0, row_label, "#FFFFFF", axis_size)
        for c, impact in enumerate(range(1, 6), start=1):
            word = rating(likelihood * impact)
            fill = RATING_COLOURS[word]
            ink = ink_on(fill)
            ranked = cells.get((likelihood, impact), [])
            ranks = ", ".join(str(n) for n in ranked)
            name = word.capitalize()
            if ranked:
                name += f": {count(len(ranked), 'risk', 'risks')}"
            paras = [Paragraph(name, colour=ink, align=PP_ALIGN.CENTER)]
            if ranks:
                # The ranks as large as the cell allows, the words at the floor beneath.
                for scale in (1.33, 1.17, 1.0):
                    rank_para = Paragraph(
                        ranks, bold=True, colour=ink, align=PP_ALIGN.CENTER, scale=scale
                    )
                    if fit([rank_para, *paras], cell_w + pad_x, cell_h + pad_y, floor, floor):
                        break
                paras.insert(0, rank_para)
            put(r, c, paras, fill, floor)
    put(5, 0, [Paragraph("")], "#FFFFFF", floor)
    for c in range(1, 6):
        col_label = [Paragraph(col_words[c - 1], bold=True, align=PP_ALIGN.CENTER)]
        put(5, c, col_label, "#FFFFFF", axis_size)
    # Axis names: impact under the grid, likelihood as a rotated label at its left.
    below = Box(grid.left + label_w, grid.top + label_h + 5 * cell_h, 5 * cell_w, axis)
    deck.text(
        slide,
        below,
        [Paragraph("Impact on the business →", bold=True, align=PP_ALIGN.CENTER, colour=MUTED)],
        14,
        floor,
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
        [Paragraph("Control gap →", bold=True, align=PP_ALIGN.CENTER, colour=MUTED)],
        12,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    if right is None:
        key = "; ".join(f"{r.rank}. {risk_name(r)}: {r.rating}" for r in report.risks)
        deck.add_to_notes(slide, f"The ranks in the map: {key}.")
        return
    # The key: what each rank is.
    head, rest = right.take_top(Inches(0.4), Inches(0.05))
    deck.text(slide, head, [Paragraph("Ranked risks", bold=True, colour=NAVY)], 16, 12)
    lines = [
        Paragraph(f"{r.rank}. {risk_name(r)}: {r.rating}", bold=r.rank <= DETAILED_RISKS)
        for r in report.risks
    ]
    size = fit(lines, rest.width, rest.height, 14, floor)
    if size is None:
        size = floor
        while len(lines) > 1 and fit(lines, rest.width, rest.height, size, size) is None:
            lines.pop()
        hidden = len(report.risks) - len(lines) + 1
        lines[-1] = Paragraph(f"…and {hidden} more in the appendix and the workbook", italic=True)
    deck.text(slide, rest, lines, size, size)
