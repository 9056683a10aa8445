"""The board deck: native, editable PowerPoint built from one `BoardReport`.

Every chart is a PowerPoint chart object and every grid a table, so the board office can
restyle them and edit their data; nothing is a picture. With a company template the
slides are built on its master and layouts (picked by their placeholders); without one, on
python-pptx's default master widened to 16:9, in Arial with navy titles.

Nothing may overflow its box: text is measured and set at the largest size that fits, and
what does not fit at the smallest readable size goes on to a continuation slide (tables,
long statements). The board's words and colours come from `reporting.board`.

Where each part lives:

- `build`: `build_deck` and `DECK_SECTIONS`, the sections in the order they are told.
- `builder`: `Deck`, the presentation being built: slides, titles, footers, notes, text
  boxes, chips and native tables paged over slides.
- `corporate`: a company's template: opening it (`TemplateError`), its layouts by kind,
  and where titles and content may go on them.
- `measure`: text measurement and fitting: widths, wrapping, the size that fits a box,
  rows that fit a page.
- `canvas`: the values slides are drawn with: `Box`, `Paragraph`, `Column`, `Cell`,
  margins, the house font and colours.
- `charts`: the native charts (drivers, compliance, trends): series, labels, number formats
  and axis ranges.
- `slides`: a module per part of the deck (opening, risks, heatmap, compliance, trends,
  decisions, appendix).
"""

from reporting.export.deck.build import DECK_SECTIONS, build_deck
from reporting.export.deck.corporate import TemplateError
from reporting.export.deck.slides.risks import TOP_RISK_ROWS

__all__ = ["DECK_SECTIONS", "TOP_RISK_ROWS", "TemplateError", "build_deck"]
