"""`qa-tui redact` through click's CliRunner."""

import json

from click.testing import CliRunner

from qa_tui.cli import main

TEXT = "Hi, my name is Grace Hopper, call me on 07911 123456.\n"


def run(args, stdin):
    return CliRunner().invoke(main, ["redact", *args], input=stdin)


def test_plain_text_from_stdin():
    result = run([], TEXT)
    assert result.exit_code == 0
    assert result.output == "Hi, my name is [PERSON 1], call me on [PHONE].\n"


def test_file_argument(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert "[PHONE]" in run([str(path)], None).output


def test_spans_as_json():
    spans = json.loads(run(["--spans"], TEXT).output)
    assert [(TEXT[s["start"]:s["end"]], s["label"]) for s in spans] == [
        ("Grace Hopper", "PERSON"), ("07911 123456", "PHONE")]


def test_jsonl_keeps_fields_and_adds_redacted_and_spans():
    lines = json.dumps({"id": 7, "text": TEXT}) + "\n\n" + json.dumps({"id": 8, "text": "nothing here"}) + "\n"
    out = [json.loads(line) for line in run(["--jsonl", "--spans"], lines).output.splitlines()]
    assert [r["id"] for r in out] == [7, 8]
    assert out[0]["redacted"] == "Hi, my name is [PERSON 1], call me on [PHONE].\n"
    assert out[0]["text"] == TEXT
    assert out[1]["spans"] == []


def test_malformed_jsonl_line_names_the_line():
    result = run(["--jsonl"], '{"text": "ok"}\n{not json\n')
    assert result.exit_code != 0
    assert "Line 2 is not valid JSON" in result.output


def test_jsonl_line_without_text_field():
    result = run(["--jsonl"], '{"body": "x"}\n')
    assert result.exit_code == 2
    assert 'Line 1 must be a JSON object with a "text" string field.' in result.output


def test_importing_the_cli_does_not_import_the_redactor_or_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys, qa_tui.cli; bad = [m for m in ('polars', 'numpy', 'scipy', 'plotext', 'phonenumbers') "
            "if m in sys.modules]; print(bad)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
