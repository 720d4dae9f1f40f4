"""The service review as a list of blocks (headings, paragraphs, tables, charts, lists), rendered to Markdown or HTML.

Both formats come from the same blocks, so they always say the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Sequence

from qa_tui.report.charts import svg_bars, svg_line, text_bars

if TYPE_CHECKING:
    from qa_tui.services.report import ServiceReview

NO_DATA = "No data for this yet in the period and scope chosen."


@dataclass(frozen=True)
class Heading:
    text: str
    anchor: str = ""
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Chart:
    kind: str  # "line" or "bars"
    title: str
    labels: Sequence[str]
    values: Sequence[float]
    unit: str = ""
    reference: float | None = None
    reference_label: str = ""


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str] = field(default_factory=list)


def blocks(review: "ServiceReview") -> list:
    out: list = [Heading(f"Service review: {review.start} to {review.end}", "top", 1),
                 Para(f"Scope: {review.scope}. Prepared on {review.generated_on}. Personal data is left out: agents and "
                      "customers appear only in counts, and quoted text was redacted as it entered.")]
    out += _plan(review) + _data(review) + _analysis(review) + _complaints(review) + _actions(review)
    out += [Heading("Recommendations", "recommendations")]
    out += [Bullets([f"{r.text} (see: {r.evidence})" for r in review.recommendations])] if review.recommendations \
        else [Para("No recommendation follows from the data in this period.")]
    return out


def _plan(review) -> list:
    out = [Heading("1. Measurement plan", "plan"), Heading("Standards and KPIs", "standards", 3)]
    out += [_table(review.standards)] if review.standards else [Para("No scorecard was used in this period, so there is no QA standard to report against.")]
    if review.complaint_policy:
        out.append(Para(f"Complaint standard: {review.complaint_policy}"))
    out += [Heading("Methods and sample sizes", "sampling", 3),
            Para("Contacts are scored against the scorecards above by the methods listed. The sample each team needs "
                 "is the number of evaluations whose 95% Wilson interval for the pass rate is no wider than ±5 "
                 "points at the rate observed; the centre line uses the cautious 50% rate and the finite population "
                 "of contacts handled.")]
    out += [_table(review.sampling)] if review.sampling else [Para(NO_DATA)]
    return out


def _data(review) -> list:
    out = [Heading("2. Data collected", "data"), Heading("Contacts handled", "contacts", 3)]
    out += [_table(review.contacts)] if review.contacts else [Para(NO_DATA)]
    out += [Heading("Evaluations by method", "volumes", 3)]
    out += [_table(review.volumes)] if review.volumes else [Para("No evaluations were submitted for contacts in this period.")]
    return out


def _analysis(review) -> list:
    out = [Heading("3. Analysis", "analysis"), Heading("QA score trend", "trend", 3)]
    if review.weekly:
        labels = [str(w["week"]) for w in review.weekly]
        target = _pass_mark(review)
        out += [Chart("line", "Weekly QA pass rate", labels, [w["pass_rate"] for w in review.weekly], "%"),
                Chart("line", "Weekly average QA score", labels, [w["average_score"] for w in review.weekly], "",
                      target, "pass mark"), _table(review.weekly)]
    else:
        out.append(Para(NO_DATA))
    out.append(Heading("Pareto of failing criteria", "pareto", 3))
    if review.pareto:
        top = review.pareto[:10]
        out += [Chart("bars", "Failures by criterion (most first)", [p["criterion"] for p in top],
                      [p["failures"] for p in top]),
                _table([{k: v for k, v in p.items() if k != "question"} for p in review.pareto])]
    else:
        out.append(Para("No criterion failed in this period." if review.weekly else NO_DATA))
    out.append(Heading("SERVQUAL dimensions", "servqual", 3))
    if review.servqual:
        out += [Chart("bars", "Share of marks earned by SERVQUAL dimension", [s["dimension"] for s in review.servqual],
                      [s["share_of_marks"] for s in review.servqual], "%"), _table(review.servqual)]
    else:
        out.append(Para("No scored criterion carries a SERVQUAL tag in this period."))
    out += [Heading("Calibration agreement", "calibration", 3), Para(review.calibration)]
    return out


def _pass_mark(review) -> float | None:
    marks = {s["target"] for s in review.standards}
    if len(marks) != 1:
        return None
    return float(next(iter(marks)).split(">=")[1].strip(" %"))


def _complaints(review) -> list:
    c = review.complaints
    out = [Heading("4. Complaints", "complaints")]
    if c is None or c.total == 0:
        return out + [Para("No complaints were received in this period and scope.")]
    rate = f"{c.rate_per_thousand:.2f} per 1,000 contacts" if c.rate_per_thousand is not None else "no contacts to rate against"
    resolve = (f"median {c.median_days_to_resolve:.0f} days, mean {c.mean_days_to_resolve:.1f} days ({c.resolved} resolved)"
               if c.resolved else "none resolved yet")
    out += [Para(f"{c.total} complaints ({rate}). Time to resolve: {resolve}. Deadlines breached: "
                 f"{c.acknowledge_breaches} acknowledgements, {c.final_breaches} final responses. Escalated: {c.escalated}. "
                 f"Service recovery: {c.recovered} of {c.followed_up} followed up said their satisfaction recovered.")]
    weekly = [(str(w), 1000 * n / k if k else 0.0) for w, n, k in c.weekly]
    out += [Chart("line", "Complaints per 1,000 contacts by week", [w for w, _ in weekly], [v for _, v in weekly]),
            Chart("bars", "Complaints by category", [k for k, _ in c.categories], [n for _, n in c.categories])]
    if c.root_causes:
        out.append(Chart("bars", "Complaints by root cause", [k for k, _ in c.root_causes], [n for _, n in c.root_causes]))
    else:
        out.append(Para("No complaint has a root cause recorded yet."))
    return out


def _actions(review) -> list:
    out = [Heading("5. Improvement actions", "actions")]
    if not review.actions:
        return out + [Para("No improvement actions fall in this period.")]
    for a in review.actions:
        out.append(Heading(f"{a.row.reference} {a.row.title} ({a.row.stage.title()})", a.row.reference.lower(), 3))
        out.append(Para(f"Finding ({a.finding_kind.replace('_', ' ')}): {a.finding} Objective: {a.objective} "
                        f"Metric: {a.metric.label} for {a.row.scope}; baseline {a.row.baseline} "
                        f"({a.baseline_window[0]} to {a.baseline_window[1]}, n = {a.baseline_n}); target {a.row.target}; "
                        f"owner {a.row.owner}; due {a.row.due_on}."))
        if not a.check:
            out.append(Para("Not checked yet: there is no after-the-change evidence."))
            continue
        out += _evidence(a)
    return out


def _evidence(a) -> list:
    check, comparison, chart = a.check, a.check["comparison"], a.check.get("chart", {})
    scale = a.metric.scale if a.metric.kind == "rate" else 1.0
    low, high = comparison["ci_low"] * scale, comparison["ci_high"] * scale
    out = [Table(["", "baseline", "after", "difference", "95% CI", "test", "p", "effect"],
                 [[a.metric.label, a.metric.fmt(check["baseline"]), a.metric.fmt(check["post"]),
                   f"{comparison['difference'] * scale:+.1f}", f"{low:+.1f} to {high:+.1f}", comparison["test"],
                   f"{comparison['p_value']:.3g}", f"{comparison['effect_name']} {comparison['effect_size']:+.2f} "
                   f"({comparison['effect_magnitude']})"]]),
           Para(f"{comparison['verdict']} Target {'met ✓' if check['met'] else 'missed ✗'}."
                + (f" Cause of the variance: {a.variance_cause}" if a.variance_cause else ""))]
    if "values" in chart:
        shift = {"up": "The process shifted up and stayed shifted.", "down": "The process shifted down and stayed shifted."}
        out += [Chart("line", f"{a.metric.label} by week (first {chart['baseline']} weeks are the baseline)",
                      chart["labels"], [v * chart["scale"] for v in chart["values"]], a.metric.unit,
                      chart["centre"][0] * chart["scale"], "baseline centre"),
                Para(shift.get(chart.get("shift"), "No sustained shift on the control chart (8 weeks on one side)."))]
    return out


def _table(rows: list[dict]) -> Table:
    columns = list(rows[0])
    return Table([c.replace("_", " ") for c in columns], [[r[c] for c in columns] for r in rows])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 0.01 and value else f"{value:,.1f}"
    return str(value)


# --- Markdown ---------------------------------------------------------------------------------------------


def to_markdown(review: "ServiceReview") -> str:
    parts = []
    for block in blocks(review):
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            parts.append(_md_table(block))
        elif isinstance(block, Chart):
            reference = f" ({block.reference_label} {block.reference:.1f}{block.unit})" if block.reference is not None else ""
            parts.append(f"**{block.title}**{reference}\n\n```text\n{text_bars(block.labels, block.values, unit=block.unit)}\n```")
    return "\n\n".join(parts) + "\n"


def _md_table(table: Table) -> str:
    def line(cells) -> str:
        return "| " + " | ".join(_cell(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(table.columns), "|" + "---|" * len(table.columns), *(line(r) for r in table.rows)])


# --- HTML -------------------------------------------------------------------------------------------------

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
.chart .series{stroke:#1f5fa8;stroke-width:2}.chart .point{fill:#1f5fa8}.chart .bar{fill:#1f5fa8}
.chart .axis{stroke:#888}.chart .reference{stroke:#a33}.chart text{font-size:11px}.chart .chart-title{font-weight:bold}"""


def to_html(review: "ServiceReview") -> str:
    body = []
    for block in blocks(review):
        if isinstance(block, Heading):
            body.append(f'<h{block.level} id="{escape(block.anchor)}">{escape(block.text)}</h{block.level}>')
        elif isinstance(block, Para):
            body.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            body.append("<ul>" + "".join(f"<li>{_linked(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{escape(str(c))}</th>" for c in block.columns)
            rows = "".join("<tr>" + "".join(f"<td>{escape(_cell(c))}</td>" for c in row) + "</tr>" for row in block.rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(block, Chart):
            draw = svg_line if block.kind == "line" else svg_bars
            extra = {"reference": block.reference, "reference_label": block.reference_label} if block.kind == "line" else {}
            body.append(draw(block.labels, block.values, title=block.title, unit=block.unit, **extra))
    title = escape(f"Service review {review.start} to {review.end}")
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def _linked(item: str) -> str:
    """Turn the trailing '(see: anchor)' of a recommendation into a link to its section."""
    text, _, anchor = item.rpartition(" (see: ")
    if not text:
        return escape(item)
    anchor = anchor.rstrip(")")
    return f'{escape(text)} (see <a href="#{escape(anchor)}">{escape(anchor)}</a>)'
