"""Streamlit glue shared by the pages: session state, caching, safe text. No business rules."""
