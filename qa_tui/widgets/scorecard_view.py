"""Read-only renderings of scorecards: one version as a tree of sections, criteria, levels and anchors, and
what changed between two versions. Plain Rich renderables, so they wrap to any width."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from qa_tui.domain.scorecard import Criterion, CriterionType, Scorecard
from qa_tui.domain.scorecard_compare import SCORE_CHANGES, ScorecardComparison


def status_text(status: str) -> str:
    """'✎ draft' or '✓ published'."""
    return {"draft": "✎ draft", "published": "✓ published"}.get(status, status)


def scorecard_tree(card: Scorecard) -> Tree:
    methods = ", ".join(m.value.replace("_", " ") for m in card.methods)
    tree = Tree(Text(f"Pass mark {card.pass_mark:g}% · for {methods}", style="bold"))
    if card.description:
        tree.add(Text(card.description, style="italic"))
    for section in card.sections:
        branch = tree.add(Text(f"{section.title} ({section.key})", style="bold"))
        if section.description:
            branch.add(Text(section.description, style="italic"))
        for criterion in section.criteria:
            _criterion(branch, criterion)
    return tree


def _criterion(branch: Tree, criterion: Criterion) -> None:
    node = branch.add(Text.assemble((f"{criterion.key}: ", "bold"), criterion.question, f"  [{_flags(criterion)}]"))
    if criterion.guidance:
        node.add(Text(f"Guidance: {criterion.guidance}", style="italic"))
    if criterion.type is CriterionType.SCALE:
        for level in criterion.levels:
            node.add(Text.assemble((f"{level.value} {level.label}", "bold"), f" — {level.anchor}"))
    elif criterion.type is CriterionType.POINTS:
        node.add(f"0 to {criterion.max_points} points; fails at or below {criterion.fail_threshold}")
    else:
        node.add("Yes or No; No fails")


def _flags(criterion: Criterion) -> str:
    flags = [criterion.type.value.replace("_", "/"), f"weight {criterion.weight:g}"]
    flags += ["! critical"] if criterion.critical else []
    flags += ["+ bonus"] if criterion.bonus else []
    flags += ["N/A allowed"] if criterion.na_allowed else []
    return ", ".join(flags)


def comparison_view(old_label: str, new_label: str, comparison: ScorecardComparison) -> Group:
    """Which criteria changed and how, whether overall scores stay comparable, and changed settings."""
    verdict = ("✓ Scores on both versions can be compared." if comparison.scores_comparable
               else "✗ Scores on these versions do not mean the same thing: flag comparisons across them.")
    parts: list = [Text(f"{old_label} → {new_label}", style="bold"), Text(verdict)]
    if comparison.settings:
        parts.append(Text(f"Settings changed: {', '.join(comparison.settings)}"))
    if not comparison.changes:
        parts.append(Text("No criterion changed."))
        return Group(*parts)
    table = Table(box=None, pad_edge=False, expand=True)
    table.add_column("Criterion", ratio=1)
    table.add_column("Changed", ratio=2)
    table.add_column("Affects scores", ratio=1)
    by_key: dict[str, list] = {}
    for change in comparison.changes:
        by_key.setdefault(change.key, []).append(change.kind)
    for key, kinds in by_key.items():
        affects = "! yes" if set(kinds) & SCORE_CHANGES else "no"
        table.add_row(key, ", ".join(str(kind) for kind in kinds), affects)
    return Group(*parts, table)
