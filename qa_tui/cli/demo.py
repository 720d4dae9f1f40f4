"""`qa-tui demo`: open the app on a demo contact centre, generating it on first use."""

from __future__ import annotations

import time
from datetime import date

import click

from qa_tui.errors import UsageError


@click.command()
@click.option("--scale", default="small", show_default=True, metavar="small|large",
              help="small: 20 agents over four months; large: 2,000 agents over three years (minutes to generate).")
@click.option("--seed", default=None, metavar="N", help="Random seed; another seed gives another centre [default: 7].")
@click.option("--db", "db", metavar="PATH|URL", help="Where the demo database lives [default: demo-SCALE.db in the user data directory].")
@click.option("--user", "user", metavar="NAME", help="Which demo user to open as [default: manager].")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="Pin the generator's clock (tests, snapshots).")
@click.option("--no-tui", is_flag=True, help="Generate (or check) the database and print the users; do not open the app.")
def demo(scale: str, seed: str | None, db: str | None, user: str | None, today: str | None, no_tui: bool) -> None:
    """Open the app on a demo contact centre, generated once into your data directory and reused after.

    Prints the demo users (one per role) and the passphrase they share.
    """
    from qa_tui.demo.builder import sign_in_demo
    from qa_tui.demo.generator import DEFAULT_SEED, scale_named
    from qa_tui.demo.users import DEFAULT_USER

    chosen = scale_named(scale)
    seed_number = _seed(seed) if seed is not None else DEFAULT_SEED
    user_name = _user(user or DEFAULT_USER)
    pinned_today = _today(today)
    where = _location(db, chosen.name, seed_number, DEFAULT_SEED)
    _generate_unless_present(where, chosen, seed_number, pinned_today)
    _print_users()
    actor = sign_in_demo(where, user_name)
    if no_tui:
        _sign_out(actor)
        return
    _open_app(where, actor)


def _generate_unless_present(where, scale, seed: int, today: date) -> None:
    from qa_tui.demo.builder import create_demo, demo_exists

    if demo_exists(where):
        click.echo(f"Demo centre: {where.describe()} (reused; delete it to generate a new one).")
        return
    started = time.perf_counter()
    with _progress_bar() as progress:
        ctx = create_demo(where, scale=scale, seed=seed, today=today, progress=progress)
    click.echo(f"Demo centre: {where.describe()} ({scale.name}, seed {seed}, {len(ctx.agents):,} agents, "
               f"{len(ctx.interactions):,} contacts; generated in {time.perf_counter() - started:.1f} s).")


def _seed(value: str) -> int:
    if not value.isdigit():
        raise UsageError(f"--seed takes a whole number, not {value!r}.")
    return int(value)


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today takes a date as YYYY-MM-DD, not {value!r}.") from None


def _user(name: str) -> str:
    from qa_tui.demo.users import FEATURED_BY_NAME

    if name not in FEATURED_BY_NAME:
        raise UsageError(f"{name!r} is not a demo user; choose one of {', '.join(FEATURED_BY_NAME)}.")
    return name


def _location(db: str | None, scale: str, seed: int, default_seed: int):
    from qa_tui import config
    from qa_tui.store.engine import resolve_location

    if db:
        return resolve_location(db)
    suffix = "" if seed == default_seed else f"-seed{seed}"
    return resolve_location(str(config.data_dir() / f"demo-{scale}{suffix}.db"))


def _print_users() -> None:
    from qa_tui.demo.users import DEMO_PASSPHRASE, FEATURED_USERS

    click.echo(f"Every demo user's passphrase: {DEMO_PASSPHRASE}")
    for user in FEATURED_USERS:
        click.echo(f"  {user.name:<10} {user.role.label:<12} {user.display_name}: {user.about}")


def _progress_bar():
    """A progress bar on a terminal (stderr), nothing when output is captured."""
    import contextlib

    from rich.console import Console

    from qa_tui.demo.context import no_progress

    console = Console(stderr=True)
    if not console.is_terminal:
        return contextlib.nullcontext(no_progress)
    return _RichStages(console)


class _RichStages:
    """One bar per generator stage, shown while the demo is generated."""

    def __init__(self, console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bars = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=console)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.bars.start()
        return self.update

    def __exit__(self, *exc) -> None:
        self.bars.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(stage, total=None)
        self.bars.update(self.tasks[stage], completed=done, total=total or None)


def _sign_out(actor) -> None:
    from qa_tui.services.unlock import sign_out

    sign_out(actor)


def _open_app(where, actor) -> None:
    from qa_tui.app import QaApp

    click.echo(f"Opening qa-tui as {actor.label}...")
    QaApp(where, actor.name, actor=actor).run()
