"""The main areas of the app, in the order of their keys. Screens are imported only when an area is opened."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    key: str
    label: str
    """Short name for the navigation bar (it must fit 80 columns)."""
    summary: str
    """What the area holds, for the palette and for areas not built yet."""
    screen: str = "qa_tui.screens.planned:PlannedAreaScreen"

    def make_screen(self) -> Screen:
        module, name = self.screen.split(":")
        screen_class = getattr(importlib.import_module(module), name)
        return screen_class(self)


AREAS: tuple[Area, ...] = (
    Area("home", "Home", "1", "Home", "Figures for your scope at a glance.", "qa_tui.screens.home:HomeScreen"),
    Area("queue", "Review queue", "2", "Queue",
         "The evaluations due from you under the sampling plan, due and overdue, and the next contact to score.",
         "qa_tui.screens.queue:QueueScreen"),
    Area("evaluations", "Evaluations", "3", "Evals",
         "Scored contacts and mystery shops with their feedback, acknowledgements, disputes and revisions.",
         "qa_tui.screens.evaluations:EvaluationsScreen"),
    Area("calibration", "Calibration", "4", "Calib",
         "Calibration sessions: blind scoring, the reveal, agreement statistics corrected for chance, and assessor drift.",
         "qa_tui.screens.calibration:CalibrationScreen"),
    Area("trends", "Trends", "5", "Trends",
         "QA scores, mystery shops, CSAT, NPS, FCR and complaints over time, with targets and control charts.",
         "qa_tui.screens.trends:TrendsScreen"),
    Area("complaints", "Complaints", "6", "Complaints",
         "The complaint log with deadlines, escalations, root causes and service-recovery follow-up.",
         "qa_tui.screens.complaints:ComplaintsScreen"),
    Area("actions", "Improvement actions", "7", "Actions",
         "Improvement actions through Plan, Do, Check, Act, with before-and-after evidence.",
         "qa_tui.screens.actions:ActionsScreen"),
    Area("scorecards", "Scorecards", "8", "Cards",
         "Versioned scorecards for call reviews, mystery shops and live observation, and their templates.",
         "qa_tui.screens.scorecards:ScorecardsScreen"),
    Area("admin", "Admin", "9", "Admin", "Users and roles, the audit trail, retention and erasure.",
         "qa_tui.screens.admin:AdminScreen"),
)

AREAS_BY_ID = {area.id: area for area in AREAS}
