"""Escaping user-supplied text before it reaches Streamlit markdown."""

from __future__ import annotations

import re

# Everything markdown, Streamlit's colour/emoji directives or KaTeX could interpret.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")


def md(text: object) -> str:
    """User text made inert inside st.markdown / st.error and friends."""
    return _SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
