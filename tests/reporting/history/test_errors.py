"""What cannot be done is one sentence, on SQLite and PostgreSQL: never a traceback, and never
the data of the row the database refused."""

from __future__ import annotations

import pytest

from reporting.history import HistoryError, HistoryStore
from tests.reporting.history.helpers import CONTEXT, nul_upload


def test_an_unreachable_database_is_one_sentence():
    with pytest.raises(HistoryError, match="could not be opened"):
        HistoryStore("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_a_write_the_database_refuses_is_one_sentence_without_the_row(store):
    files, handed = nul_upload()
    broken = handed.observations[0].model_copy(
        update={"value": None, "label": "SECRET-LABEL", "note": "SECRET-NOTE"}
    )
    with pytest.raises(HistoryError) as refused:
        store.add(files, handed.model_copy(update={"observations": [broken]}), CONTEXT)
    message = str(refused.value)
    assert message.startswith("The upload could not be stored (")
    assert "SECRET" not in message and "\n" not in message
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    assert store.uploads() == []  # all or nothing
