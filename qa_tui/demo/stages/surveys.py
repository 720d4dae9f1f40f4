"""Survey responses (CSAT, NPS, CES, FCR with verbatims) for about a third of the contacts, and comment cards and
focus-group notes, imported through the same service as a customer's files (so redaction and encryption apply).
At a scale with more responses than that (`Scale.survey_responses`), the rest answer for contacts the centre handled
but did not record: they name the agent and the channel, spread over the days by the working week.

Where the evaluations stage has scored a contact (`ctx.extras["evaluations"]["scores"]`: interaction index ->
score 0-100), that contact's CSAT follows its QA score; otherwise it follows the agent's skill.
"""

from __future__ import annotations

import random
import tempfile
from datetime import timedelta
from itertools import accumulate
from pathlib import Path
from typing import Iterator

from qa_tui.demo.context import DemoContext, interaction_ref
from qa_tui.demo.registry import demo_stage
from qa_tui.demo.stages.interactions import CHANNEL_WEIGHTS, AgentPicker, daily_counts, moment

SURVEY_SHARE = 0.3
VERBATIM_SHARE = 0.35
GOOD = ("Sorted in one call, thank you.", "Really friendly and helpful.", "Explained everything clearly.",
        "Quick and polite, no waiting.", "Knew exactly what to do with my refund.")
BAD = ("Waited forty minutes on hold.", "Still not fixed after three calls.", "Rude and dismissive.",
       "Passed around to another department twice.", "My bill is still wrong and nobody called back.",
       "Didn't know the answer and I had to chase it.")
UNRECORDED_CHANNELS = [c.value for c in CHANNEL_WEIGHTS if c.value != "mystery_shop"]
UNRECORDED_SUMS = list(accumulate(w for c, w in CHANNEL_WEIGHTS.items() if c.value != "mystery_shop"))
CARDS = ("The branch was clean but the queue was too long.", "Staff were kind and patient with my mum.",
         "Nobody explained the new charges.", "Great service at the counter today.")


@demo_stage("surveys", after=("interactions",))
def create_surveys(ctx: DemoContext) -> None:
    from qa_tui.services.imports import import_file

    rng = ctx.rng("surveys")
    scores = ctx.extras.get("evaluations", {}).get("scores", {})
    with tempfile.TemporaryDirectory() as folder:
        surveys = Path(folder) / "demo-surveys.csv"
        with surveys.open("w", encoding="utf-8") as out:
            out.write("Response ID,Date,Contact ID,Agent,Channel,CSAT,NPS,CES,Resolved,Comment\n")
            recorded = 0
            for line in _recorded_contact_lines(ctx, rng, scores):
                out.write(line)
                recorded += 1
            out.writelines(_unrecorded_contact_lines(ctx, ctx.scale.survey_responses - recorded))
        import_file(ctx.actor, "surveys", surveys, progress=lambda step, done, total: ctx.progress("surveys", done, total))
        cards = Path(folder) / "demo-feedback.csv"
        cards.write_text(_feedback_csv(ctx, rng), encoding="utf-8")
        import_file(ctx.actor, "feedback", cards)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _recorded_contact_lines(ctx: DemoContext, rng: random.Random, scores: dict) -> Iterator[str]:
    for index in range(len(ctx.interactions)):
        if rng.random() >= SURVEY_SHARE:
            continue
        contact = ctx.interactions[index]
        quality = scores.get(index, 100 * ctx.agents[contact.agent].skill) / 100
        yield _response_line(ctx, rng, f"S-{index + 1:07d}", contact.occurred_at, quality, contact=interaction_ref(index))


def _unrecorded_contact_lines(ctx: DemoContext, more: int) -> Iterator[str]:
    if more <= 0:
        return
    rng = ctx.rng("surveys-unrecorded")  # a stream of its own: the recorded contacts' responses stay as they were
    picker, number = AgentPicker(ctx), 0
    for day, count in daily_counts(ctx.start, ctx.today, more):
        for _ in range(count):
            number += 1
            agent = picker.pick(rng, day)
            channel = rng.choices(UNRECORDED_CHANNELS, cum_weights=UNRECORDED_SUMS)[0]
            yield _response_line(ctx, rng, f"U-{number:08d}", moment(rng, day), ctx.agents[agent].skill,
                                 agent=ctx.agents[agent], channel=channel)


def _response_line(ctx, rng, ref: str, contacted, quality: float, *, contact: str = "", agent=None, channel: str = "") -> str:
    """One response, a day or two after the contact; its scores follow `quality` (0-1) with some noise."""
    mood = min(1.0, max(0.0, rng.gauss(quality, 0.18)))
    csat, nps, ces = 1 + round(mood * 4), round(mood * 10), 7 - round(mood * 6)
    resolved = "yes" if rng.random() < 0.45 + 0.5 * mood else "no"
    comment = rng.choice(GOOD if mood > 0.6 else BAD) if rng.random() < VERBATIM_SHARE else ""
    when = contacted + timedelta(hours=rng.randint(1, 48))
    ctx.note("survey", ref, csat, nps, ces, resolved, comment)
    return (f"{ref},{when:%Y-%m-%d %H:%M:%S},{contact},{agent.id if agent else ''},{channel},{csat},{nps},{ces},"
            f"{resolved},{_quote(comment) if comment else ''}\n")


def _feedback_csv(ctx: DemoContext, rng: random.Random) -> str:
    lines = ["Card ID,Date,Type,Site,Notes"]
    for n in range(max(20, len(ctx.interactions) // 100)):
        site = rng.choice(ctx.sites).name
        kind = "focus group" if n % 10 == 0 else "comment card"
        day = ctx.start + timedelta(days=rng.randrange(max(1, ctx.scale.days)))
        lines.append(f"F-{n + 1:06d},{day:%Y-%m-%d},{kind},{_quote(site)},{_quote(rng.choice(CARDS))}")
        ctx.note("feedback", n, site, kind, day)
    return "\n".join(lines) + "\n"
