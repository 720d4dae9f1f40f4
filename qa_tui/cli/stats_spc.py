"""`qa-tui stats compare | sample-size | control-chart`: change, precision and stability.

Heavy libraries load inside each command (via the analytics modules), so
`qa-tui --help` stays fast. Text output fits 80 columns; `--json` prints one
JSON document for scripts.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from qa_tui.cli.stats_spc_input import Row, read_rows
from qa_tui.errors import UsageError

CSV_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_TESTS = {"auto": "auto", "welch": "Welch t", "mann-whitney": "Mann-Whitney U"}


def _emit(payload: dict, text: str, as_json: bool) -> None:
    click.echo(json.dumps(payload, indent=2) if as_json else text)


@click.command("compare")
@click.argument("file", type=CSV_FILE)
@click.option("--kind", type=click.Choice(["rate", "score"]), required=True,
              help="rate: pass/fail outcomes; score: numeric scores.")
@click.option("--test", "test_name", type=click.Choice(list(_TESTS)), default="auto",
              show_default=True, help="For scores: Welch t, Mann-Whitney U, or chosen by shape.")
@click.option("--confidence", type=float, default=0.95, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def compare(file: Path, kind: str, test_name: str, confidence: float, as_json: bool) -> None:
    """Did a metric change between a before and an after window?

    FILE.csv has a header with the columns `window` and `value`, one row per
    observation (an evaluation, a survey answer...). `window` is `before` or
    `after`. With --kind rate a value is a pass or fail (1/0, yes/no,
    true/false, pass/fail) and the two-proportion z test runs, with Newcombe's
    interval for the difference; with --kind score a value is a number and
    Welch's t test (or Mann-Whitney U for small skewed windows) runs.
    Differences are after minus before. Rows are numbered as in a
    spreadsheet (the header is row 1).
    """
    from qa_tui.analytics.compare import compare as run_compare
    from qa_tui.cli.stats_spc_text import comparison_text

    before, after = _windows(read_rows(file, ("window", "value")), kind)
    result = run_compare(kind, before, after, confidence, _TESTS[test_name])
    _emit(result.to_dict(), comparison_text(result), as_json)


def _windows(rows: list[Row], kind: str) -> tuple[list[float], list[float]]:
    windows: dict[str, list[float]] = {"before": [], "after": []}
    for row in rows:
        name = row.text("window").lower()
        if name not in windows:
            raise row.error(f"window {name!r} is neither 'before' nor 'after'")
        value = row.outcome_in("value") if kind == "rate" else row.number_in("value")
        windows[name].append(value)
    return windows["before"], windows["after"]


@click.command("sample-size")
@click.option("--kind", type=click.Choice(["rate", "score"]), required=True,
              help="rate: a pass rate (Wilson interval); score: a mean score (t interval).")
@click.option("--n", "n", type=int, help="Evaluations done: report their margin of error.")
@click.option("--margin", type=float,
              help="Target margin (a share such as 0.05 for rates): report the N needed.")
@click.option("--rate", type=float, default=0.5, show_default=True,
              help="Observed or expected pass rate (0.5 is the cautious guess).")
@click.option("--sd", type=float, help="Standard deviation of scores (needed for --kind score).")
@click.option("--mean", type=float, help="The agent's mean score (with --team).")
@click.option("--team", type=float, help="Team pass rate or mean: is the agent distinguishable?")
@click.option("--population", type=int, help="Contacts in the period, for the finite correction.")
@click.option("--confidence", type=float, default=0.95, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def sample_size(kind: str, n: int | None, margin: float | None, rate: float, sd: float | None,
                mean: float | None, team: float | None, population: int | None,
                confidence: float, as_json: bool) -> None:
    """Margin of error of N evaluations, or the N needed for a margin.

    Give exactly one of --n (how precise are these evaluations?) or --margin
    (how many evaluations do I need?). Rates use the Wilson interval at
    --rate; scores use the t interval with --sd. --population applies the
    finite population correction when the number of contacts is known. With
    --n and --team, also say whether the agent (--rate, or --mean for scores)
    can be told apart from the team.
    """
    from qa_tui.cli.stats_spc_text import margin_text, needed_text

    if (n is None) == (margin is None):
        raise UsageError("Give either --n (to get the margin) or --margin (to get the "
                         "evaluations needed), but not both.")
    if kind == "score" and sd is None:
        raise UsageError("Scores need --sd, the standard deviation of the scores.")
    if margin is not None:
        needed = _needed(kind, margin, rate, sd, confidence, population)
        payload = {"kind": kind, "margin": margin, "evaluations_needed": needed}
        _emit(payload, needed_text(kind, margin, needed, rate, confidence), as_json)
        return
    payload = _precision(kind, n, rate, sd, mean, team, confidence, population)
    _emit(payload, margin_text(kind, payload), as_json)


def _needed(kind: str, margin: float, rate: float, sd: float | None, confidence: float,
            population: int | None) -> int:
    from qa_tui.analytics.sample_size import evaluations_for_mean, evaluations_for_rate

    if kind == "rate":
        return evaluations_for_rate(margin, rate, confidence, population)
    return evaluations_for_mean(margin, sd, confidence, population)


def _precision(kind: str, n: int, rate: float, sd: float | None, mean: float | None,
               team: float | None, confidence: float, population: int | None) -> dict:
    from qa_tui.analytics import sample_size as ss

    if kind == "rate":
        if not 0 <= rate <= 1:
            raise UsageError(f"The pass rate must be between 0 and 1, not {rate}.")
        if team is not None:
            return ss.rate_adequacy(rate * n, n, team, confidence, population).to_dict()
        return {"interval": ss.rate_margin(rate * n, n, confidence, population).to_dict()}
    if team is not None:
        if mean is None:
            raise UsageError("Comparing with --team needs the agent's --mean score.")
        return ss.mean_adequacy(mean, sd, n, team, confidence, population).to_dict()
    centre = 0.0 if mean is None else mean
    return {"interval": ss.mean_margin(centre, sd, n, confidence, population).to_dict()}


@click.command("control-chart")
@click.argument("file", type=CSV_FILE)
@click.option("--kind", type=click.Choice(["individuals", "xbar-r", "p"]), required=True,
              help="individuals (XmR), xbar-r (subgroups), or p (proportions).")
@click.option("--baseline", type=int,
              help="Compute limits from the first N periods only, then apply them to all.")
@click.option("--exclude", multiple=True, metavar="PERIOD",
              help="Leave a baseline period out of the limits (its cause is known); repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def control_chart(file: Path, kind: str, baseline: int | None, exclude: tuple[str, ...],
                  as_json: bool) -> None:
    """Control chart with Western Electric run rules.

    FILE.csv has a header with the columns `period` and `value` (and `n` for
    --kind p), in time order:

    \b
      individuals  one row per period; value is the measurement (e.g. weekly
                   mean QA score).
      xbar-r       several rows per period, all periods with the same count
                   (2 to 25); each row is one observation of the subgroup.
      p            one row per period; value is the number of failures (or
                   complaints...) out of n evaluations (or contacts).

    Rules: 1 a point beyond 3 sigma; 2 two of three beyond 2 sigma on one
    side; 3 four of five beyond 1 sigma on one side; 4 eight in a row on one
    side. Rows are numbered as in a spreadsheet (the header is row 1).
    """
    from qa_tui.analytics import spc
    from qa_tui.cli.stats_spc_text import chart_payload, chart_text

    periods, charts = _charts(spc, kind, read_rows(file, _CHART_COLUMNS[kind]), baseline,
                              exclude)
    shift = spc.sustained_shift(charts[0])
    _emit(chart_payload(kind, periods, charts, shift), chart_text(periods, charts, shift),
          as_json)


_CHART_COLUMNS = {"individuals": ("period", "value"), "xbar-r": ("period", "value"),
                  "p": ("period", "value", "n")}


def _charts(spc, kind: str, rows: list[Row], baseline: int | None, exclude: tuple[str, ...]):
    if kind == "xbar-r":
        periods, groups = _subgroups(rows)
        pair = spc.xbar_r_chart(groups, baseline, _positions(periods, exclude))
        return periods, [pair.location, pair.dispersion]
    periods = _unique_periods(rows)
    skip = _positions(periods, exclude)
    if kind == "p":
        counts = [row.whole_number_in("value") for row in rows]
        sizes = [row.whole_number_in("n") for row in rows]
        for row, count, size in zip(rows, counts, sizes, strict=True):
            if not 0 < size or count > size:
                raise row.error(f"value {count} must be between 0 and n ({size}), n at least 1")
        return periods, [spc.p_chart(counts, sizes, baseline, skip)]
    pair = spc.individuals_chart([row.number_in("value") for row in rows], baseline, skip)
    return periods, [pair.location, pair.dispersion]


def _unique_periods(rows: list[Row]) -> list[str]:
    seen: set[str] = set()
    for row in rows:
        period = row.text("period")
        if period in seen:
            raise row.error(f"period {period!r} appears twice; this chart takes one row per period")
        seen.add(period)
    return [row.text("period") for row in rows]


def _subgroups(rows: list[Row]) -> tuple[list[str], list[list[float]]]:
    groups: dict[str, list[float]] = {}
    for row in rows:
        groups.setdefault(row.text("period"), []).append(row.number_in("value"))
    sizes = {len(values) for values in groups.values()}
    if len(sizes) > 1:
        first, *_ = groups
        odd = next(p for p, v in groups.items() if len(v) != len(groups[first]))
        raise UsageError(f"Period {odd!r} has {len(groups[odd])} observations but period "
                         f"{first!r} has {len(groups[first])}; subgroups must be equal.")
    return list(groups), list(groups.values())


def _positions(periods: list[str], exclude: tuple[str, ...]) -> list[int]:
    unknown = [p for p in exclude if p not in periods]
    if unknown:
        raise UsageError(f"Cannot exclude period {unknown[0]!r}: it is not in the file.")
    return [periods.index(p) for p in exclude]
