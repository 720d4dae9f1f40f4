"""Generate the labelled UK contact-centre fixtures: `benchmarks/data/uk_contact_centre.jsonl`.

Deterministic (fixed seed). Each line: id, kind, text, spans [{start, end, label}]
and `known` (the values an interaction's records would hold: customer and agent names).
Run from anywhere: `python benchmarks/make_uk_fixtures.py`.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from uk_fixtures.cast import build_cast  # noqa: E402
from uk_fixtures.templates import ALL  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w+)\}")
OUTPUT = HERE / "data" / "uk_contact_centre.jsonl"
DOCS_PER_TEMPLATE = 6
SEED = 20240611


def render(template: str, cast: dict) -> tuple[str, list[dict]]:
    """Fill `template` from `cast`, returning the text and its labelled spans."""
    parts, spans, pos, last = [], [], 0, 0
    for match in PLACEHOLDER.finditer(template):
        literal = template[last:match.start()]
        parts.append(literal)
        pos += len(literal)
        for text, label in cast[match.group(1)]:
            if label:
                spans.append({"start": pos, "end": pos + len(text), "label": label})
            parts.append(text)
            pos += len(text)
        last = match.end()
    parts.append(template[last:])
    return "".join(parts), spans


def known_values(cast: dict) -> dict:
    """What the interaction's records know: the customer's name and the agent's name."""
    return {"customer_names": [cast["CFULL"][0][0]], "agent_names": [cast["AGFULL"][0][0].split()[0]]}


def generate() -> list[dict]:
    """All fixture documents, in a stable order."""
    rng = random.Random(SEED)
    docs = []
    for kind, templates in ALL.items():
        for t_index, template in enumerate(templates):
            for copy in range(DOCS_PER_TEMPLATE):
                cast = build_cast(rng)
                text, spans = render(template, cast)
                docs.append({"id": f"uk_{kind}_{t_index:02d}_{copy}", "kind": kind, "text": text,
                             "spans": spans, "known": known_values(cast)})
    return docs


def main() -> None:
    docs = generate()
    OUTPUT.parent.mkdir(exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {len(docs)} documents to {OUTPUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
