"""Improvement actions run through Plan, Do, Check, Act.

An action starts from a finding, states a SMART objective on a named metric (a baseline captured from the data over
a baseline window, a target, an owner and a due date), lists risks with contingencies, training and communication
tasks and stakeholders, and moves through the PDCA stages with a date and notes for each. Check compares the
metric over a post window with the baseline window; its result is kept as JSON so the evidence never changes
under the reader. Free text is redacted as it enters.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from qa_tui.store.models.base import created_field, id_field, version_field


class ImprovementAction(SQLModel, table=True):
    __tablename__ = "improvement_action"

    id: uuid.UUID = id_field()
    reference: str = Field(max_length=24, unique=True)
    title: str = Field(max_length=200)
    finding_kind: str = Field(max_length=32, description="criterion, theme, complaint_root_cause, calibration, review")
    finding: str = Field(description="what was found, in words")
    objective: str = Field(description="the SMART objective in words")
    metric: str = Field(max_length=64, description="a metric name from the metric registry")
    scope_kind: str = Field(default="centre", max_length=16, description="centre, site, team or agent")
    scope_id: uuid.UUID | None = None
    criterion_key: str | None = Field(default=None, max_length=64)
    baseline_start: date
    baseline_end: date
    baseline_value: float
    baseline_n: int
    target: float
    owner: str = Field(max_length=64)
    due_on: date
    stage: str = Field(default="plan", max_length=16, index=True)
    plan_on: date
    do_on: date | None = None
    check_on: date | None = None
    act_on: date | None = None
    closed_on: date | None = None
    notes: str = Field(default="{}", description="JSON: stage -> notes")
    risks: str = Field(default="[]", description="JSON list of {risk, contingency}")
    tasks: str = Field(default="[]", description="JSON list of {kind: training|communication, text, due, done}")
    stakeholders: str = Field(default="[]", description="JSON list of names or groups")
    post_start: date | None = None
    post_end: date | None = None
    check_result: str | None = Field(default=None, description="JSON: the comparison, the chart and the verdict")
    outcome: str = Field(default="", max_length=16, description="met or missed, once checked")
    variance_cause: str = Field(default="", description="the analysed cause when the outcome missed the target")
    decision: str = Field(default="", max_length=16, description="at Act: adopt, adapt or abandon")
    created_by: str = Field(max_length=64)
    created_at: datetime = created_field()
    version: int = version_field()
