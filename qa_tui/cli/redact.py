"""`qa-tui redact [FILE|-] [--spans] [--jsonl]`: redact personal data for pipelines.

Plain text in, redacted text out; `--spans` prints the detected spans as JSON
instead; `--jsonl` reads one JSON object per line with a "text" field, keeps
the other fields and adds "redacted" (and "spans" with `--spans`).
"""

from __future__ import annotations

import json
from typing import TextIO

import click

from qa_tui.errors import UsageError


@click.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--spans", "show_spans", is_flag=True, help="Print the detected spans as JSON.")
@click.option("--jsonl", is_flag=True, help='Each input line is a JSON object with a "text" field.')
def redact(source: TextIO, show_spans: bool, jsonl: bool) -> None:
    """Replace personal data in FILE (or standard input) with typed placeholders and pseudonyms."""
    from qa_tui.privacy.redact import redact as redact_text

    if jsonl:
        for number, line in enumerate(source, start=1):
            if line.strip():
                click.echo(json.dumps(_redact_record(line, number, show_spans, redact_text), ensure_ascii=False))
        return
    result = redact_text(source.read())
    if show_spans:
        click.echo(json.dumps([_span_json(s) for s in result.spans + result.kept], ensure_ascii=False))
    else:
        click.echo(result.text, nl=False)


def _redact_record(line: str, number: int, show_spans: bool, redact_text) -> dict:
    """One JSONL record with "redacted" (and "spans") added; a clear error for a malformed line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UsageError(f"Line {number} is not valid JSON ({error.msg}).") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise UsageError(f'Line {number} must be a JSON object with a "text" string field.')
    result = redact_text(record["text"])
    record["redacted"] = result.text
    if show_spans:
        record["spans"] = [_span_json(s) for s in sorted(result.spans + result.kept)]
    return record


def _span_json(span) -> dict:
    return {"start": span.start, "end": span.end, "label": span.label, "score": round(span.score, 3)}
