"""Stages of the demo generator: each adds one part of the centre, in an order set by `after`.

A later feature adds its own stage by dropping a module into `qa_tui/demo/stages/` with a function decorated by
`@demo_stage("name", after=("interactions",))`; every module there is imported, so no list needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from qa_tui.demo.context import DemoContext

StageFunction = Callable[["DemoContext"], None]


@dataclass(frozen=True)
class Stage:
    name: str
    run: StageFunction
    after: tuple[str, ...] = ()


_REGISTRY: dict[str, Stage] = {}


def demo_stage(name: str, *, after: Iterable[str] = ()) -> Callable[[StageFunction], StageFunction]:
    """Register a function as the demo stage `name`, run once every stage named in `after` has run."""

    def register(function: StageFunction) -> StageFunction:
        if name in _REGISTRY and _REGISTRY[name].run is not function:
            raise ValueError(f"Two demo stages are named {name!r}.")
        _REGISTRY[name] = Stage(name, function, tuple(after))
        return function

    return register


def registered_stages() -> list[Stage]:
    """Every stage in `qa_tui/demo/stages/`, in an order that respects `after`."""
    _import_stage_modules()
    return ordered(_REGISTRY.values())


def _import_stage_modules() -> None:
    from qa_tui.demo import stages

    for module in sorted(pkgutil.iter_modules(stages.__path__), key=lambda m: m.name):
        importlib.import_module(f"{stages.__name__}.{module.name}")


def ordered(stages: Iterable[Stage]) -> list[Stage]:
    """A topological order, alphabetical among stages that are free to run (so the order never drifts)."""
    pending = {stage.name: stage for stage in stages}
    for stage in pending.values():
        unknown = set(stage.after) - pending.keys()
        if unknown:
            raise ValueError(f"Demo stage {stage.name!r} runs after unknown stage(s) {sorted(unknown)}.")
    done: list[Stage] = []
    while pending:
        ready = sorted(name for name, stage in pending.items() if not set(stage.after) & pending.keys())
        if not ready:
            raise ValueError(f"Demo stages {sorted(pending)} wait for each other.")
        done.append(pending.pop(ready[0]))
    return done
