"""Building the deck: the sections a deck may have, in the order they are told, and
`build_deck`, which puts the title slide and the chosen sections on one `Deck`."""

from __future__ import annotations

from collections.abc import Callable, Collection

from reporting.export.deck.builder import Deck
from reporting.export.deck.corporate import TemplateError
from reporting.export.deck.slides.appendix import appendix_slides
from reporting.export.deck.slides.budget import (
    budget_slides,
    change_slide,
    loss_slide,
    materiality_slide,
)
from reporting.export.deck.slides.caveats import caveats_slide
from reporting.export.deck.slides.compliance import compliance_slide
from reporting.export.deck.slides.decisions import decision_slides
from reporting.export.deck.slides.follow_ups import follow_up_slide
from reporting.export.deck.slides.heatmap import heatmap_slide
from reporting.export.deck.slides.movers import movers_slide
from reporting.export.deck.slides.opening import summary_slide, title_slide
from reporting.export.deck.slides.risks import risk_detail_slides, top_risks_slides
from reporting.export.deck.slides.trends import trend_slides
from reporting.report import BoardReport

DECK_SECTIONS: dict[str, str] = {
    "summary": "Executive summary",
    "follow_ups": "What we decided last time",
    "movers": "What changed since last quarter",
    "top_risks": "Top risks",
    "heatmap": "Risk heatmap",
    "risk_details": "A slide per top risk",
    "change": "What changed, in money",
    "losses": "Losses against tolerance and insurance",
    "materiality": "Materiality worksheet",
    "compliance": "Compliance by framework",
    "trends": "Key metric trends",
    "decisions": "Decisions requested",
    "budget": "What the budget buys",
    "caveats": "What this pack does not cover",
    "appendix": "Appendix: metrics and their sources",
}

_BUILDERS: dict[str, Callable[[Deck, BoardReport], None]] = {
    "summary": summary_slide,
    "follow_ups": follow_up_slide,
    "movers": movers_slide,
    "top_risks": top_risks_slides,
    "heatmap": heatmap_slide,
    "risk_details": risk_detail_slides,
    "change": change_slide,
    "losses": loss_slide,
    "materiality": materiality_slide,
    "compliance": compliance_slide,
    "trends": trend_slides,
    "decisions": decision_slides,
    "budget": budget_slides,
    "caveats": caveats_slide,
    "appendix": appendix_slides,
}


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
    try:
        deck = Deck(report, template)
        title_slide(deck, report)
        for key in DECK_SECTIONS:
            if key in chosen:
                _BUILDERS[key](deck, report)
        return deck.save()
    except TemplateError:
        raise
    except Exception:
        if template is None:
            raise
        # A template that opened can still fail once its layouts and masters are used.
        raise TemplateError(
            "could not be used: its slide masters or layouts are damaged or incomplete; open "
            "it in PowerPoint, check View > Slide Master, and save it again."
        ) from None
