"""The complaint process as pure rules: the vocabularies, the policy's deadlines, which step may follow which, how
dates must run, and what the stored HEAT and legal records look like.

Both ways a complaint enters the store use these: the complaint service, step by step, and the complaint import,
which replays a whole lifecycle from another system's log. One rule each, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from qa_tui.domain import working_days as wd

SEVERITIES = ("low", "medium", "high", "critical")
CHANNELS = ("call", "email", "letter", "chat", "branch", "social")
STATUSES = ("received", "acknowledged", "investigating", "resolved", "followed_up", "closed")
HEAT_STEPS = ("hear", "empathise", "apologise", "take_ownership")
REDRESS = ("none", "apology", "repair", "replacement", "refund", "goodwill")
LEGAL = {
    "cra_repair": "Consumer Rights Act 2015: repair",
    "cra_replacement": "Consumer Rights Act 2015: replacement",
    "cra_refund": "Consumer Rights Act 2015: refund",
    "data_protection": "Data protection (UK GDPR, Data Protection Act 2018)",
    "equality": "Equality Act 2010: reasonable adjustments",
}
ESCALATION_LEVELS = {1: "team leader", 2: "complaints manager", 3: "head of service", 4: "ombudsman referral"}
DEFAULT_CATEGORIES = ("Billing", "Service", "Product fault", "Delivery", "Staff conduct", "Data protection",
                      "Accessibility")
DEFAULT_ROOT_CAUSES = ("People: knowledge gap", "People: behaviour", "Process: unclear policy",
                       "Process: hand-off failure", "System: billing error", "System: outage",
                       "Product: fault", "Third party: supplier")

BEFORE = {"acknowledged": ("received",), "investigating": ("acknowledged",),
          "resolved": ("acknowledged", "investigating"), "followed_up": ("resolved",),
          "closed": ("resolved", "followed_up")}
"""The statuses each step may follow: the one rule for the order of the process."""
DATE_COLUMN = {"acknowledged": "acknowledged_on", "investigating": "investigating_on", "resolved": "resolved_on",
               "followed_up": "followed_up_on", "closed": "closed_on"}
STEPS = tuple(BEFORE)
"""The dated steps, in the order of the process."""


@dataclass(frozen=True)
class NewComplaint:
    received_on: date
    channel: str
    category: str
    severity: str
    text: str
    product: str = ""
    legal: tuple[str, ...] = ()
    customer_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None
    agent_id: uuid.UUID | None = None
    interaction_id: uuid.UUID | None = None
    owner: str | None = None


@dataclass(frozen=True)
class Policy:
    acknowledge_working_days: int = 3
    final_response_weeks: int = 8
    roll_forward: bool = False
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    root_causes: tuple[str, ...] = DEFAULT_ROOT_CAUSES

    def deadlines(self, received: date) -> tuple[date, date]:
        ack = wd.Policy("acknowledgement", self.acknowledge_working_days, wd.Unit.WORKING_DAYS)
        final = wd.Policy("final response", self.final_response_weeks, wd.Unit.WEEKS, self.roll_forward)
        return wd.deadline_for(ack, received), wd.deadline_for(final, received)


def countdown_label(countdown: wd.Countdown) -> str:
    """Countdown in words with a symbol, never by colour alone."""
    if countdown.status is wd.Status.BREACHED:
        return f"✗ breached {-countdown.working_days_remaining}wd"
    if countdown.status is wd.Status.MET:
        return "✓ met"
    if countdown.status is wd.Status.DUE_TODAY:
        return "! due today"
    return f"{countdown.working_days_remaining}wd left"


def status_word(status: str) -> str:
    return status.replace("_", " ")


def intake_problem(item: NewComplaint, policy: Policy, today: date) -> str | None:
    """Why the service refuses to log `item` (a sentence), or None."""
    if item.severity not in SEVERITIES:
        return f"Severity must be one of {', '.join(SEVERITIES)}, not {item.severity!r}."
    if item.channel not in CHANNELS:
        return f"The channel must be one of {', '.join(CHANNELS)}, not {item.channel!r}."
    if item.category not in policy.categories:
        return f"{item.category!r} is not a complaint category; the policy has {', '.join(policy.categories)}."
    unknown = set(item.legal) - LEGAL.keys()
    if unknown:
        return f"Unknown legal angle {sorted(unknown)[0]!r}; choose from {', '.join(LEGAL)}."
    if not (item.text or "").strip():
        return "A complaint needs the customer's words or a summary of them."
    if item.received_on > today:
        return f"A complaint cannot be received in the future ({item.received_on})."
    return None


def may_follow(status: str, step: str) -> bool:
    """Whether `step` may be taken when a complaint is at `status`."""
    return status in BEFORE[step]


def date_problem(on: date, earliest: date, today: date) -> str | None:
    """'before' when a step dated `on` comes before `earliest`, 'future' when after today, else None."""
    if on < earliest:
        return "before"
    if on > today:
        return "future"
    return None


def last_step_date(received: date, dates: Iterable[date | None]) -> date:
    """The latest of the received date and the dates of the steps taken so far."""
    return max(d for d in (received, *dates) if d is not None)


DONE = {"received": "received", "acknowledged": "acknowledged", "investigating": "investigation started",
        "resolved": "resolved", "followed_up": "followed up", "closed": "closed", "escalated": "escalated"}
"""Each step as the end of "the complaint was ...", for the lifecycle's reasons."""


def lifecycle_problem(received: date, dates: Mapping[str, date | None], today: date,
                      escalated_on: date | None = None) -> str | None:
    """Why a whole lifecycle could not have been walked through the service, as one reason, or None.

    `dates` holds each step's date (None when the step was not taken). The steps are replayed in order under the
    service's own rules, so an import accepts exactly the lifecycles the service could have produced.
    """
    if received > today:
        return f"received on {received}, which is in the future"
    status, last = "received", received
    for step in STEPS:
        on = dates.get(step)
        if on is None:
            continue
        if not may_follow(status, step):
            return f"{DONE[step]} on {on} but never {DONE[BEFORE[step][0]]}"  # the earliest step it may follow
        problem = _dated(step, on, last, status, today)
        if problem:
            return problem
        status, last = step, on
    return _escalation_problem(received, dates.get("closed"), escalated_on, today)


def _dated(step: str, on: date, earliest: date, previous: str, today: date) -> str | None:
    problem = date_problem(on, earliest, today)
    if problem == "before":
        return f"{DONE[step]} on {on}, before it was {DONE[previous]} ({earliest})"
    if problem == "future":
        return f"{DONE[step]} on {on}, which is in the future"
    return None


def _escalation_problem(received: date, closed: date | None, on: date | None, today: date) -> str | None:
    if on is None:
        return None
    if closed is not None and on > closed:
        return f"escalated on {on}, after it was closed ({closed})"
    return _dated("escalated", on, received, "received", today)


def status_after(dates: Mapping[str, date | None]) -> str:
    """The status a complaint reaches once the dated steps are taken (the last of them)."""
    return next((step for step in reversed(STEPS) if dates.get(step) is not None), "received")


def heat_record(done: Iterable[str], steps: Iterable[str]) -> str:
    """The stored HEAT record: the steps covered so far and now, in the order of the model."""
    covered = set(done) | set(steps)
    return json.dumps([s for s in HEAT_STEPS if s in covered])


def legal_record(legal: Iterable[str]) -> str:
    return json.dumps(sorted(set(legal)))


def reference(number: int) -> str:
    """The complaint's reference in the log (numbered in the order complaints were logged)."""
    return f"C-{number:06d}"


def resolution_problem(redress: str, resolution: str, amount: float | None) -> str | None:
    if redress not in REDRESS:
        return f"Redress must be one of {', '.join(REDRESS)}, not {redress!r}."
    if not (resolution or "").strip():
        return "A resolution says what was done for the customer."
    if amount is not None and amount < 0:
        return "A redress amount cannot be negative."
    return None


def score_problem(score: int | None) -> str | None:
    if score is not None and not 1 <= score <= 5:
        return "A follow-up satisfaction score runs from 1 to 5."
    return None
