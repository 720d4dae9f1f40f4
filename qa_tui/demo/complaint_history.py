"""A demo complaint's whole story, drawn up front (`ComplaintPlan`), and the two ways it reaches the database:
walked step by step through the complaint service, or written as a row of a complaint log exported from the
centre's previous system and imported through the complaints import kind.

Both ways store the same complaint, so the demo can import its history in bulk and walk only the recent ones.
"""

from __future__ import annotations

import csv
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from qa_tui.errors import QaTuiError
from qa_tui.services import complaints
from qa_tui.services.complaints import NewComplaint
from qa_tui.services.interactions import interaction_id_for
from qa_tui.services.session import Actor

RESOLUTION = "Apologised, put it right and explained what happens next."
HEAT_NOTES = "Let the customer finish first."
LESSON = "Shared at the team huddle; checklist updated."


@dataclass(frozen=True)
class ComplaintPlan:
    """What happens to one complaint, and when (None: that step has not happened by the demo's today)."""

    item: NewComplaint
    contact_ref: str
    """The external reference of the contact complained about."""
    escalation: tuple[str, date] | None = None
    acknowledged: date | None = None
    heat: tuple[str, ...] | None = None
    investigating: date | None = None
    resolution: tuple[str, str, float | None, date] | None = None
    """(root cause, redress, amount, on)."""
    follow_up: tuple[bool, int, str, date] | None = None
    """(recovered, score, the customer's answer, on)."""
    closed: date | None = None


def walk(actor: Actor, complaint_id: uuid.UUID, plan: ComplaintPlan) -> None:
    """The plan through the service, a step at a time, as a complaints handler would have recorded it."""
    if plan.escalation:
        complaints.escalate(actor, complaint_id, plan.escalation[0], on=plan.escalation[1])
    if plan.acknowledged:
        complaints.acknowledge(actor, complaint_id, plan.acknowledged)
    if plan.heat:
        complaints.record_heat(actor, complaint_id, plan.heat, HEAT_NOTES)
    if plan.investigating:
        complaints.investigate(actor, complaint_id, plan.investigating)
    if plan.resolution:
        cause, redress, amount, on = plan.resolution
        complaints.resolve(actor, complaint_id, root_cause=cause, resolution=RESOLUTION, redress=redress,
                           amount=amount, on=on)
    if plan.follow_up:
        recovered, score, answer, on = plan.follow_up
        complaints.follow_up(actor, complaint_id, recovered=recovered, score=score, answer=answer, on=on)
    if plan.closed:
        complaints.learn(actor, complaint_id, LESSON, plan.closed)


def linked(actor: Actor, plan: ComplaintPlan) -> NewComplaint:
    """The plan's complaint, linked to the contact it is about (as the import links it, by the contact's reference)."""
    from dataclasses import replace

    return replace(plan.item, interaction_id=interaction_id_for(actor, plan.contact_ref))


def log_row(number: int, plan: ComplaintPlan) -> dict:
    """The plan as a line of the previous system's complaint log (customer, agent and team come from the contact)."""
    item, esc, res, fol = plan.item, plan.escalation, plan.resolution, plan.follow_up
    return {
        "Complaint ref": f"LEGACY-{number:06d}", "Received": item.received_on, "Channel": item.channel,
        "Category": item.category, "Severity": item.severity, "Product": item.product, "Complaint": item.text,
        "Contact": plan.contact_ref, "Owner": item.owner, "Legal": ", ".join(item.legal),
        "Escalated": esc and esc[1], "Escalation reason": esc and esc[0], "Acknowledged": plan.acknowledged,
        "HEAT steps": ", ".join(plan.heat or ()), "HEAT notes": HEAT_NOTES if plan.heat else None,
        "Investigation started": plan.investigating, "Resolved": res and res[3], "Root cause": res and res[0],
        "Resolution": RESOLUTION if res else None, "Redress": res and res[1],
        "Amount": None if not res or res[2] is None else repr(res[2]),  # repr: the float reads back exactly
        "Followed up": fol and fol[3], "Recovered": fol and ("yes" if fol[0] else "no"),
        "Follow-up score": fol and fol[1], "Follow-up answer": fol and fol[2],
        "Lesson learned": LESSON if plan.closed else None, "Closed": plan.closed,
    }


def import_history(actor: Actor, plans: Sequence[ComplaintPlan], progress: Callable[[int, int], None]) -> int:
    """Write the plans as a complaint log and import it; every row must go in (a rejected one is a demo bug)."""
    from qa_tui.services.imports import import_file

    with tempfile.TemporaryDirectory(prefix="qa-tui-demo-") as folder:
        path = Path(folder) / "complaint-log.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            rows = [log_row(n + 1, plan) for n, plan in enumerate(plans)]
            writer = csv.DictWriter(out, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        report = import_file(actor, "complaints", path, strict=True,
                             progress=lambda step, done, total: progress(done, total) if step == "writing" else None)
    if report.strict_refused:
        raise QaTuiError(f"The demo's complaint log did not import: {report.errors[0].sentence()}.")
    return report.imported
