"""Small charts without a plotting library: text bars for Markdown and terminals, inline SVG for HTML.

Every chart carries its numbers as text too (labels and values), so nothing is read from colour or shape alone.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

BAR = "█"
HALF = "▌"


def text_bars(labels: Sequence[str], values: Sequence[float], *, width: int = 40, unit: str = "",
              maximum: float | None = None) -> str:
    """A horizontal bar chart in text: one line per label, the value written after its bar."""
    if not values:
        return "(no data)"
    top = maximum if maximum is not None else max(max(values), 1e-9)
    pad = max(len(label) for label in labels)
    lines = []
    for label, value in zip(labels, values):
        cells = max(0.0, value) / top * width if top else 0
        bar = BAR * int(cells) + (HALF if cells - int(cells) >= 0.5 else "")
        lines.append(f"{label.ljust(pad)} │{bar} {value:.1f}{unit}")
    return "\n".join(lines)


def svg_line(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "",
             reference: float | None = None, reference_label: str = "", width: int = 640, height: int = 220) -> str:
    """An inline SVG line chart with a point and a value label per point and an optional dashed reference line."""
    if not values:
        return f"<p>{escape(title)}: no data.</p>"
    left, right, top, bottom = 48, 16, 28, 36
    low = min(list(values) + ([reference] if reference is not None else []))
    high = max(list(values) + ([reference] if reference is not None else []))
    low, high = (low - 1, high + 1) if high == low else (low - (high - low) * 0.1, high + (high - low) * 0.1)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / max(len(values) - 1, 1))

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>',
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" class="axis"/>',
             f'<polyline points="{points}" fill="none" class="series"/>']
    if reference is not None:
        parts.append(f'<line x1="{left}" y1="{y(reference):.1f}" x2="{width - right}" y2="{y(reference):.1f}" '
                     f'class="reference" stroke-dasharray="6 4"/>'
                     f'<text x="{width - right}" y="{y(reference) - 4:.1f}" text-anchor="end" class="note">'
                     f'{escape(reference_label)} {reference:.1f}{escape(unit)}</text>')
    step = max(1, len(values) // 8)
    for i, (label, v) in enumerate(zip(labels, values)):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" class="point"><title>{escape(label)}: '
                     f'{v:.1f}{escape(unit)}</title></circle>')
        if i % step == 0 or i == len(values) - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 14}" text-anchor="middle" class="tick">'
                         f'{escape(label)}</text><text x="{x(i):.1f}" y="{y(v) - 6:.1f}" text-anchor="middle" '
                         f'class="value">{v:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_bars(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "",
             width: int = 640) -> str:
    """An inline SVG horizontal bar chart, each bar labelled with its name and value."""
    if not values:
        return f"<p>{escape(title)}: no data.</p>"
    row, label_width, top = 22, 220, 28
    height = top + row * len(values) + 8
    scale = (width - label_width - 70) / max(max(values), 1e-9)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    for i, (label, v) in enumerate(zip(labels, values)):
        y = top + i * row
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" class="tick">{escape(label[:34])}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{max(v, 0) * scale:.1f}" height="{row - 6}" class="bar"/>'
                     f'<text x="{label_width + max(v, 0) * scale + 4:.1f}" y="{y + 14}" class="value">{v:.1f}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)
