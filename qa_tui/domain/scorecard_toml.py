"""Scorecards as readable TOML files, for organisations that keep them under version control.

The layout (see the shipped templates in ``qa_tui/domain/templates/``)::

    format = 1
    name = "Phone call review"
    version = 1
    methods = ["call_review"]
    pass_mark = 80

    [[sections]]
    key = "opening"
    title = "Opening"

    [[sections.criteria]]
    key = "greeting"
    question = "Did the agent open the call warmly and professionally?"
    type = "scale"            # yes_no | scale | points
    weight = 1
    servqual = "assurance"

    [[sections.criteria.levels]]
    value = 0
    label = "Not met"
    anchor = "No greeting, or a curt one."

A bad file raises `UsageError` naming the line and field at fault, e.g.
``line 42: criterion 'greeting' field 'weight' must be a positive number``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from qa_tui.domain.scorecard import (
    Compliance,
    Criterion,
    CriterionType,
    Level,
    Method,
    Path,
    Scorecard,
    ScorecardError,
    Section,
    Servqual,
)
from qa_tui.domain.toml_lines import key_lines, line_of
from qa_tui.domain.toml_writer import TomlWriter
from qa_tui.errors import UsageError

FORMAT = 1
_SCORECARD_FIELDS = {"format", "name", "version", "description", "methods", "pass_mark",
                     "critical_fail_zeroes_score", "sections"}  # fmt: skip
_SECTION_FIELDS = {"key", "title", "description", "criteria"}
_CRITERION_FIELDS = {"key", "question", "type", "guidance", "levels", "max_points", "weight", "na_allowed",
                     "critical", "bonus", "fail_at_or_below", "servqual", "compliance"}  # fmt: skip
_LEVEL_FIELDS = {"value", "label", "anchor"}
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_scorecard_toml(text: str) -> Scorecard:
    """Parse and validate a scorecard TOML document; raises UsageError naming the line at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(str(error)) from None
    try:
        return _scorecard(data)
    except ScorecardError as error:
        raise UsageError(f"line {line_of(key_lines(text), error.path)}: {error}") from None


def dump_scorecard_toml(card: Scorecard) -> str:
    """Write ``card`` as TOML that `load_scorecard_toml` reads back to an equal scorecard."""
    out = TomlWriter()
    out.comment(f"qa-tui scorecard: {card.name}, version {card.version}")
    out.values(format=FORMAT, name=card.name, version=card.version)
    out.values(description=card.description or None, methods=[m.value for m in card.methods])
    out.values(pass_mark=card.pass_mark, critical_fail_zeroes_score=card.critical_fail_zeroes_score)
    for section in card.sections:
        out.table("sections", key=section.key, title=section.title, description=section.description or None)
        for criterion in section.criteria:
            _dump_criterion(out, criterion)
    return out.text()


def _dump_criterion(out: TomlWriter, c: Criterion) -> None:
    out.table("sections.criteria", key=c.key, question=c.question, type=c.type.value, weight=c.weight)
    out.values(max_points=c.max_points, fail_at_or_below=c.fail_at_or_below)
    out.values(na_allowed=c.na_allowed or None, critical=c.critical or None, bonus=c.bonus or None)
    out.values(servqual=c.servqual and c.servqual.value, compliance=[tag.value for tag in c.compliance] or None)
    out.values(guidance=c.guidance or None)
    for level in c.levels:
        out.table("sections.criteria.levels", value=level.value, label=level.label, anchor=level.anchor)


def _syntax_error(message: str) -> UsageError:
    position = _SYNTAX_POSITION.search(message)
    if not position:
        return UsageError(f"TOML syntax error: {message}")
    detail = message[: position.start()]
    return UsageError(f"line {position.group(1)}: TOML syntax error: {detail} (column {position.group(2)})")


# --- building the dataclasses, with the path of every field for error lines ----------------


def _scorecard(data: dict[str, Any]) -> Scorecard:
    _check_fields(data, _SCORECARD_FIELDS, "scorecard", ())
    if data.get("format", FORMAT) != FORMAT:
        raise ScorecardError(f"scorecard field 'format' must be {FORMAT}", ("format",))
    _require_fields(data, ("name", "version", "sections"), "scorecard", ())
    fields = {name: data[name] for name in _SCORECARD_FIELDS - {"format", "methods", "sections"} if name in data}
    if "methods" in data:
        fields["methods"] = _enum_list(data, "methods", Method, "scorecard", ())
    tables = _table_list(data, "sections", "scorecard", ())
    sections = tuple(_section(table, ("sections", index)) for index, table in enumerate(tables))
    return Scorecard(sections=sections, **fields)


def _section(data: dict[str, Any], path: Path) -> Section:
    what = _name("section", data, path)
    _check_fields(data, _SECTION_FIELDS, what, path)
    _require_fields(data, ("key", "title", "criteria"), what, path)
    tables = _table_list(data, "criteria", what, path)
    criteria = tuple(_criterion(table, path + ("criteria", index)) for index, table in enumerate(tables))
    fields = {name: data[name] for name in ("key", "title", "description") if name in data}
    return _located(lambda: Section(criteria=criteria, **fields), path)


def _criterion(data: dict[str, Any], path: Path) -> Criterion:
    what = _name("criterion", data, path)
    _check_fields(data, _CRITERION_FIELDS, what, path)
    _require_fields(data, ("key", "question", "type"), what, path)
    fields = dict(data)
    fields["type"] = _enum(data, "type", CriterionType, what, path)
    if "servqual" in data:
        fields["servqual"] = _enum(data, "servqual", Servqual, what, path)
    fields["compliance"] = _enum_list(data, "compliance", Compliance, what, path)
    levels = _table_list(data, "levels", what, path) if "levels" in data else []
    fields["levels"] = tuple(_level(table, what, path + ("levels", i)) for i, table in enumerate(levels))
    return _located(lambda: Criterion(**fields), path)


def _level(data: dict[str, Any], owner: str, path: Path) -> Level:
    what = f"{owner} level {path[-1] + 1}"
    _check_fields(data, _LEVEL_FIELDS, what, path)
    _require_fields(data, ("value", "label", "anchor"), what, path)
    return Level(data["value"], data["label"], data["anchor"])


def _located(build: Callable[[], T], path: Path) -> T:
    try:
        return build()
    except ScorecardError as error:
        raise error.under(path) from None


def _name(kind: str, data: dict[str, Any], path: Path) -> str:
    key = data.get("key")
    return f"{kind} '{key}'" if isinstance(key, str) and key else f"{kind} {path[-1] + 1}"


def _check_fields(data: dict[str, Any], allowed: set[str], what: str, path: Path) -> None:
    for name in data:
        if name not in allowed:
            raise ScorecardError(f"{what} has unknown field '{name}'", path + (name,))


def _require_fields(data: dict[str, Any], names: tuple[str, ...], what: str, path: Path) -> None:
    for name in names:
        if name not in data:
            raise ScorecardError(f"{what} is missing field '{name}'", path)


def _table_list(data: dict[str, Any], name: str, what: str, path: Path) -> list[dict[str, Any]]:
    tables = data[name]
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise ScorecardError(f"{what} field '{name}' must be a list of tables ([[...]])", path + (name,))
    return tables


def _enum(data: dict[str, Any], name: str, kind: type[E], what: str, path: Path) -> E:
    return _member(data[name], kind, f"{what} field '{name}' must be one of", path + (name,))


def _enum_list(data: dict[str, Any], name: str, kind: type[E], what: str, path: Path) -> tuple[E, ...]:
    values = data.get(name, [])
    if not isinstance(values, list):
        raise ScorecardError(f"{what} field '{name}' must be a list", path + (name,))
    message = f"{what} field '{name}' entries must be among"
    return tuple(_member(value, kind, message, path + (name, index)) for index, value in enumerate(values))


def _member(value: object, kind: type[E], message: str, path: Path) -> E:
    try:
        return kind(value)
    except (ValueError, TypeError):
        raise ScorecardError(f"{message} {', '.join(kind)}", path) from None
