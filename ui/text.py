"""User-supplied text made inert before it reaches Streamlit's markdown.

The escaping lives in `reporting.text` (pure Python, shared with the exports); these are
the short names the pages use:

- `md(text)`: for st.markdown, st.caption, st.error, titles, labels and friends
  (`reporting.text.markdown_literal`);
- `html_text(text)`: inside our HTML blocks rendered with unsafe_allow_html
  (`reporting.text.html_literal`);
- `WORD_JOINER`: the invisible character both insert where Streamlit would still rewrite
  plain text (links, shortcodes, icons, arrows), which tests strip to read the text.

See `reporting.text` for why escaping alone is not enough.
"""

from __future__ import annotations

from reporting.text import WORD_JOINER, defuse
from reporting.text import html_literal as html_text
from reporting.text import markdown_literal as md

__all__ = ["WORD_JOINER", "defuse", "html_text", "md"]
