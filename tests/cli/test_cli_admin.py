"""The command line end to end: each command, its --help, and one-sentence errors with a non-zero exit."""

import pytest
from click.testing import CliRunner

from qa_tui import __version__
from qa_tui.cli import main

PASS = "correct horse battery"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_TUI_DB", str(tmp_path / "qa.db"))
    runner = CliRunner()

    def invoke(*args, passphrase=PASS, new=None, input=None):
        env = {"QA_TUI_PASSPHRASE": passphrase}
        if new:
            env["QA_TUI_NEW_PASSPHRASE"] = new
        return runner.invoke(main, list(args), env=env, input=input)

    return invoke


@pytest.fixture
def initialised(run):
    result = run("init", "--user", "ann")
    assert result.exit_code == 0, result.output
    return run


def _all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from _all_commands(command, prefix + (name,))


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("path", list(_all_commands(main)), ids=" ".join)
def test_every_command_has_help(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_init_asks_twice_on_the_terminal(tmp_path):
    result = CliRunner().invoke(main, ["init", "--db", str(tmp_path / "t.db"), "--user", "ann"], input=f"{PASS}\n{PASS}\n")
    assert result.exit_code == 0, result.output
    assert "Created" in result.output and (tmp_path / "t.db.keys").exists()


def test_user_lifecycle(initialised):
    run = initialised
    assert run("--user", "ann", "user", "add", "bob", "--role", "assessor", new="bob passphrase").exit_code == 0
    listing = run("--user", "ann", "user", "list").output
    assert "bob" in listing and "assessor" in listing
    assert run("--user", "ann", "user", "role", "bob", "qa_manager").exit_code == 0
    assert run("--user", "bob", "user", "passwd", passphrase="bob passphrase", new="bob's new one").exit_code == 0
    assert run("--user", "ann", "user", "disable", "bob", "--reason", "left").exit_code == 0
    result = run("--user", "bob", "user", "list", passphrase="bob's new one")
    assert result.exit_code == 1 and "no active account named 'bob'" in result.output


def test_keys_rotate_and_audit_verify(initialised):
    assert "replaced by" in initialised("--user", "ann", "keys", "rotate").output
    result = initialised("--user", "ann", "audit", "verify")
    assert result.exit_code == 0 and "Audit trail intact" in result.output


@pytest.mark.parametrize("args, passphrase, message", [
    (("--user", "ann", "user", "list"), "wrong passphrase!", "Wrong passphrase for ann."),
    (("--user", "nobody", "user", "list"), PASS, "no active account named 'nobody'"),
    (("--db", "missing.db", "--user", "ann", "user", "list"), PASS, "There is no qa-tui database at"),
    (("--user", "ann", "user", "add", "x y", "--role", "agent"), PASS, "not a valid user name"),
    (("--db", "postgresql://nobody@127.0.0.1:1/x", "--user", "ann", "user", "list"), PASS, "Cannot reach PostgreSQL"),
    (("--db", "mysql://x/y", "user", "list"), PASS, "Unsupported database URL"),
])
def test_bad_input_gets_one_sentence_and_non_zero_exit(initialised, args, passphrase, message):
    result = initialised(*args, passphrase=passphrase, new="new passphrase")
    assert result.exit_code != 0
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_forbidden_action_is_refused(initialised):
    initialised("--user", "ann", "user", "add", "ana", "--role", "analyst", new="ana passphrase")
    result = initialised("--user", "ana", "keys", "rotate", passphrase="ana passphrase")
    assert result.exit_code == 1 and "ana (analyst) may not rotate the master key." in result.output


def test_no_passphrase_without_a_terminal(initialised):
    result = CliRunner().invoke(main, ["--user", "ann", "user", "list"], input="")
    assert result.exit_code != 0 and "No passphrase was given" in result.output


def test_opening_the_app_on_a_missing_database_fails_cleanly(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "There is no qa-tui database" in result.output
