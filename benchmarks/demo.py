"""Demo centre benchmark: time to generate the small centre and, with --large, the large one; rows per second.

    python benchmarks/demo.py [--large] [--fraction F] [--profile] [--keep DIR]

--fraction F generates the large centre's structure (sites, teams, agents, staff, three years) with F of its
customers, contacts and survey responses, to see quickly where the time of a full large run would go.

Key slots use the demo's own scrypt cost (N=2**12). Prints one line per stage and one per scale.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import pstats
import tempfile
import time
from datetime import date
from pathlib import Path

from qa_tui.demo.builder import create_demo
from qa_tui.demo.context import SCALES
from qa_tui.store.engine import resolve_location

TODAY = date(2026, 3, 2)


class StageClock:
    """Collects how long each stage ran, from the generator's progress calls."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.order: list[str] = []

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.started:
            self.started[stage] = time.perf_counter()
            self.order.append(stage)

    def durations(self, end: float) -> dict[str, float]:
        ends = [self.started[s] for s in self.order[1:]] + [end]
        return {stage: finish - self.started[stage] for stage, finish in zip(self.order, ends)}


def run(scale, profile: bool, keep: str | None = None) -> None:
    place = contextlib.nullcontext(tempfile.mkdtemp(dir=keep)) if keep else tempfile.TemporaryDirectory()
    with place as folder:
        clock, profiler = StageClock(), cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        ctx = create_demo(resolve_location(str(Path(folder) / "demo.db")), scale=scale, seed=7, today=TODAY, progress=clock)
        elapsed = time.perf_counter() - started
        if profiler:
            profiler.disable()
        _report(getattr(scale, "name", scale), ctx, clock.durations(time.perf_counter()), elapsed, Path(folder) / "demo.db")
        if keep:
            print(f"kept in {folder}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def _report(scale, ctx, durations, elapsed, path) -> None:
    rows = {"agents": len(ctx.agents), "customers": len(ctx.customers), "interactions": len(ctx.interactions),
            "staff": len(ctx.staff), "org": len(ctx.teams)}
    for stage, seconds in durations.items():
        count = rows.get(stage)
        rate = f", {count / seconds:,.0f} rows/s" if count and seconds > 0 else ""
        print(f"  {scale} {stage:<13} {seconds:7.1f} s  {count or '':>8}{rate}")
    total_rows = sum(rows.values())
    size = sum(p.stat().st_size for p in path.parent.iterdir()) / 2**20
    print(f"{scale}: {elapsed:.1f} s in all, {total_rows:,} rows ({total_rows / elapsed:,.0f} rows/s), {size:,.0f} MiB on disk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also generate the large centre (minutes)")
    parser.add_argument("--fraction", type=float, help="only the large centre's structure, at this share of its volume")
    parser.add_argument("--profile", action="store_true", help="print the functions that took longest")
    parser.add_argument("--keep", metavar="DIR", help="generate into a new folder under DIR and keep it")
    args = parser.parse_args()
    if args.fraction:
        large = SCALES["large"]
        run(dataclasses.replace(large, customers=round(large.customers * args.fraction),
                                interactions=round(large.interactions * args.fraction),
                                survey_responses=round(large.survey_responses * args.fraction)), args.profile, args.keep)
        return
    run("small", args.profile, args.keep)
    if args.large:
        run("large", args.profile, args.keep)


if __name__ == "__main__":
    main()
