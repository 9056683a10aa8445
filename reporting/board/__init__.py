"""Board language and look: the one home of the words and colours every view uses.

The screen, the deck, the workbook, the memo and the charts read the `BoardReport` and
say it with these words (`words`: the four questions, quarter and risk names, money,
status words) in these colours (`palette`), so that they cannot drift apart.
"""
