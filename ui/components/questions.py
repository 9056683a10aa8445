"""The four board questions, each with the report's answer."""

from __future__ import annotations

import streamlit as st

from reporting.board.words import QUESTIONS
from reporting.report import BoardReport
from ui.components.elements import html_block, text


def show(report: BoardReport) -> None:
    answers = report.summary.answers
    questions = [(question, getattr(answers, key)) for key, question in QUESTIONS]
    for row in (questions[:2], questions[2:]):
        columns = st.columns(2)
        for column, (question, answer) in zip(columns, row, strict=True):
            with column.container(border=True):
                html_block(
                    f"<div style='font-weight:700;font-size:1.1rem'>{text(question)}</div>"
                    f"<div style='font-size:1.02rem;margin-top:6px'>{text(answer)}</div>"
                )
