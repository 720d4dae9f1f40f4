"""`qa-tui stats ...`: statistics on CSV input for analysts, JSON out.

Each statistic's command lives in its own module and is added to this group;
heavy libraries (polars, scipy) are imported inside the commands, never here.
"""

from __future__ import annotations

import click


@click.group()
def stats() -> None:
    """Agreement, comparisons, sample sizes and control charts on CSV files."""


from qa_tui.cli.stats_spc import compare, control_chart, sample_size  # noqa: E402

stats.add_command(compare)
stats.add_command(sample_size)
stats.add_command(control_chart)

from qa_tui.cli.stats_agreement import agreement  # noqa: E402

stats.add_command(agreement)
