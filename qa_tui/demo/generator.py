"""Run every registered stage on a signed-in admin: the demo centre, deterministic for a seed and a day."""

from __future__ import annotations

from datetime import date

from qa_tui.demo.context import SCALES, DemoContext, Progress, Scale, no_progress
from qa_tui.demo.registry import registered_stages
from qa_tui.errors import UsageError
from qa_tui.services.session import Actor

DEFAULT_SEED = 7


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise UsageError(f"{name!r} is not a demo scale; choose one of {', '.join(SCALES)}.") from None


def generate(actor: Actor, *, scale: Scale | str = "small", seed: int = DEFAULT_SEED, today: date | None = None,
             progress: Progress = no_progress) -> DemoContext:
    """Fill the actor's (empty) database with a demo centre; returns the context with everything generated.

    Writes only through services, as `actor` (an admin). The same seed and `today` give the same centre.
    """
    scale = scale_named(scale) if isinstance(scale, str) else scale
    ctx = DemoContext(actor=actor, seed=seed, scale=scale, today=today or date.today(), progress=progress)
    ctx.note("demo", seed, scale, ctx.today)
    for stage in registered_stages():
        ctx.progress(stage.name, 0, 0)
        stage.run(ctx)
    return ctx
