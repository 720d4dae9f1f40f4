"""Rendering the service review: Markdown with text charts, HTML with inline SVG charts (no scripts, no fetches)."""

from qa_tui.report.render import to_html, to_markdown

__all__ = ["to_html", "to_markdown"]
