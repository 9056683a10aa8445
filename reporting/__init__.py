"""Board Brief's domain: from security metric workbooks to a board report.

Pure Python, no user interface: the Streamlit app, the CLI, notebooks and tests all
call it the same way.
"""

__version__ = "0.1.0"
