"""The deck's slides, one module per part of the story the board hears: the opening (title
and executive summary), the risks (the ranked table and a slide per top risk), the heatmap,
compliance, trends, the decisions asked for, and the appendix.

Each builder takes the `Deck` being built and the `BoardReport`, adds its slides with their
speaker notes, and says everything in the board's words (`reporting.board.words`).
"""
