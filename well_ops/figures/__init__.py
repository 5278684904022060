"""Plotly figures built from plain data (formatting of loaded data; below state, above domain)."""
