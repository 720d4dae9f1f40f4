"""Comparing two versions of a scorecard, so that trends across versions can be flagged."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qa_tui.domain.scorecard import Criterion, Scorecard


class ChangeKind(StrEnum):
    """What changed about a criterion between two scorecard versions."""

    ADDED = "added"
    REMOVED = "removed"
    WORDING = "wording"  # question or guidance
    LEVELS = "levels"  # scale levels (values, labels, anchors) or max points
    WEIGHT = "weight"
    TYPE = "type"
    RULES = "rules"  # N/A allowed, critical, bonus, fail threshold
    TAGS = "tags"  # SERVQUAL dimension or compliance references
    MOVED = "moved"  # to another section


# Changes after which a criterion's scores no longer mean the same thing.
SCORE_CHANGES = frozenset(
    {ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.LEVELS, ChangeKind.WEIGHT, ChangeKind.TYPE, ChangeKind.RULES}
)
_ASPECTS: dict[ChangeKind, tuple[str, ...]] = {
    ChangeKind.WORDING: ("question", "guidance"),
    ChangeKind.LEVELS: ("levels", "max_points"),
    ChangeKind.WEIGHT: ("weight",),
    ChangeKind.TYPE: ("type",),
    ChangeKind.RULES: ("na_allowed", "critical", "bonus", "fail_at_or_below"),
    ChangeKind.TAGS: ("servqual", "compliance"),
}


@dataclass(frozen=True, slots=True)
class CriterionChange:
    """One kind of change to one criterion (a criterion may have several)."""

    key: str
    kind: ChangeKind


@dataclass(frozen=True)
class ScorecardComparison:
    """Differences between two versions of a scorecard."""

    changes: tuple[CriterionChange, ...]
    settings: tuple[str, ...]  # scorecard-level fields that changed, e.g. "pass_mark"

    @property
    def scores_comparable(self) -> bool:
        """True when overall scores of both versions can be compared without a flag."""
        settings_that_matter = {"pass_mark", "critical_fail_zeroes_score"}
        return not settings_that_matter & set(self.settings) and not self.changed_keys(SCORE_CHANGES)

    def changed_keys(self, kinds: frozenset[ChangeKind] = frozenset(ChangeKind)) -> frozenset[str]:
        """Keys of the criteria with a change of one of these kinds."""
        return frozenset(change.key for change in self.changes if change.kind in kinds)


def compare_scorecards(old: Scorecard, new: Scorecard) -> ScorecardComparison:
    """List what changed from ``old`` to ``new``: criteria added, removed or altered, and settings."""
    old_by_key, new_by_key = old.criteria_by_key, new.criteria_by_key
    changes = [CriterionChange(key, ChangeKind.REMOVED) for key in old_by_key if key not in new_by_key]
    for key, criterion in new_by_key.items():
        if key not in old_by_key:
            changes.append(CriterionChange(key, ChangeKind.ADDED))
            continue
        changes.extend(CriterionChange(key, kind) for kind in _criterion_changes(old_by_key[key], criterion))
        if _section_of(old, key) != _section_of(new, key):
            changes.append(CriterionChange(key, ChangeKind.MOVED))
    settings = ("name", "description", "methods", "pass_mark", "critical_fail_zeroes_score")
    changed_settings = tuple(name for name in settings if getattr(old, name) != getattr(new, name))
    return ScorecardComparison(tuple(changes), changed_settings)


def _criterion_changes(old: Criterion, new: Criterion) -> list[ChangeKind]:
    return [
        kind
        for kind, aspects in _ASPECTS.items()
        if any(getattr(old, aspect) != getattr(new, aspect) for aspect in aspects)
    ]


def _section_of(card: Scorecard, key: str) -> str:
    return next(s.key for s in card.sections if key in {c.key for c in s.criteria})
