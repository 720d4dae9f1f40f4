"""Text and JSON shapes for `qa-tui stats compare | sample-size | control-chart`.

Text fits 80 columns; JSON keeps full precision. Pure functions of results.
"""

from __future__ import annotations

import math
import textwrap

WIDTH = 80
_STATISTIC = {"two-proportion z": "z", "Welch t": "t", "Mann-Whitney U": "U"}


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Wrap a paragraph to 80 columns; continuation lines take `hanging` (default `indent`)."""
    later = indent if hanging is None else hanging
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=later)


def comparison_text(result) -> str:
    """A before/after comparison for people."""
    level = _percent if result.kind == "rate" else _number
    scale = 100 if result.kind == "rate" else 1
    unit = " points" if result.kind == "rate" else ""
    stat = f"{_STATISTIC[result.test]} = {result.statistic:.4g}"
    if result.df is not None:
        stat += f", df = {result.df:.1f}"
    lines = [
        f"{result.test} test on a {result.kind}, after minus before "
        f"({result.confidence:.0%} confidence)",
        f"  before      {level(result.before):>10}   n = {result.n_before}",
        f"  after       {level(result.after):>10}   n = {result.n_after}",
        f"  difference  {result.difference * scale:>+10.4g}{unit}   CI "
        f"{result.ci_low * scale:+.4g} to {result.ci_high * scale:+.4g}",
        f"  {stat}, p = {result.p_value:.3g}",
        f"  {result.effect_name} = {result.effect_size:.3g} ({result.effect_magnitude})",
        wrap(result.verdict),
    ]
    return "\n".join(lines + [wrap(note, "Note: ") for note in result.notes])


def needed_text(kind: str, margin: float, needed: int, rate: float, confidence: float) -> str:
    """How many evaluations a target margin needs."""
    if kind == "rate":
        what = f"a pass-rate margin of at most +/-{margin * 100:.3g} points at a rate of {rate:.0%}"
    else:
        what = f"a mean-score margin of at most +/-{margin:.4g}"
    return wrap(f"{needed} evaluations give {what} ({confidence:.0%} confidence).")


def margin_text(kind: str, payload: dict) -> str:
    """The precision of N evaluations, and the adequacy verdict when a team level was given."""
    interval = payload["interval"]
    show = _percent if kind == "rate" else _number
    what = "pass rate" if kind == "rate" else "mean score"
    margin = interval["margin"] * (100 if kind == "rate" else 1)
    unit = " points" if kind == "rate" else ""
    lines = [wrap(f"{interval['n']} evaluations: {what} {show(interval['estimate'])}, margin "
                  f"+/-{margin:.3g}{unit} ({interval['confidence']:.0%} interval "
                  f"{show(interval['low'])} to {show(interval['high'])}).")]
    if "verdict" in payload:
        lines.append(wrap(f"Team {show(payload['team'])}. {payload['verdict']}"))
    return "\n".join(lines)


def chart_payload(kind: str, periods: list[str], charts: list, shift: str | None) -> dict:
    """The JSON document of a control chart command."""
    return {"kind": kind, "periods": periods, "sustained_shift": shift,
            "charts": [chart.to_dict() for chart in charts]}


def chart_text(periods: list[str], charts: list, shift: str | None) -> str:
    """A table of the first chart, a summary of the second, and every rule breach."""
    main = charts[0]
    lines = [_chart_title(main, len(periods)), _row("period", "value", "LCL", "centre", "UCL",
                                                    "rules")]
    flags = _flags_by_point(main)
    for i, period in enumerate(periods):
        lines.append(_row(period, *(_number(s[i]) for s in (main.values, main.lower,
                                                             main.centre, main.upper)),
                          flags.get(i, "")))
    lines += _breaches(main, periods)
    for other in charts[1:]:
        lines += ["", _summary(other)] + _breaches(other, periods)
    if shift:
        lines += ["", f"Since the baseline the process has shifted {shift} and stayed there."]
    return "\n".join(lines)


def _chart_title(chart, count: int) -> str:
    source = "all" if chart.baseline == count else f"the first {chart.baseline} of"
    left_out = f", leaving out {len(chart.excluded)}" if chart.excluded else ""
    return f"{chart.name} chart; limits from {source} {count} periods{left_out}"


def _row(period: str, *cells: str) -> str:
    label = period if len(period) <= 16 else period[:15] + "~"
    *numbers, rules = cells
    return (f"{label:<16}" + "".join(f"{c:>11}" for c in numbers) + f"  {rules}").rstrip()


def _flags_by_point(chart) -> dict[int, str]:
    rules: dict[int, set[int]] = {}
    for violation in chart.violations:
        for i in violation.indices:
            rules.setdefault(i, set()).add(violation.rule)
    return {i: ",".join(str(r) for r in sorted(found)) for i, found in rules.items()}


def _breaches(chart, periods: list[str]) -> list[str]:
    if not chart.violations:
        return [f"No run-rule breaches on the {chart.name.lower()} chart."]
    lines = [f"Breaches on the {chart.name.lower()} chart:"]
    for v in chart.violations:
        where = ", ".join(periods[i] for i in v.indices)
        lines.append(wrap(f"rule {v.rule} ({v.to_dict()['description']}), {v.side}: {where}",
                          "  ", "      "))
    return lines


def _summary(chart) -> str:
    return (f"{chart.name} chart: centre {_number(chart.centre[-1])}, limits "
            f"{_number(chart.lower[-1])} to {_number(chart.upper[-1])}.")


def _number(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.4g}"


def _percent(value: float) -> str:
    return f"{value:.1%}"
