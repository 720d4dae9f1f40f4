"""`qa-tui demo` end to end with --no-tui: generate, print users and passphrase, reuse, and one-sentence errors."""

import pytest
from click.testing import CliRunner

from qa_tui.cli import main
from qa_tui.demo.users import DEMO_PASSPHRASE, FEATURED_USERS
from qa_tui.services import accounts
from qa_tui.services.unlock import sign_in
from qa_tui.store.engine import resolve_location

TODAY = "2026-03-02"


def _demo(*args, env=None):
    return CliRunner().invoke(main, ["demo", "--today", TODAY, *args], env=env)


def test_generates_prints_users_then_reuses(tmp_path):
    db = tmp_path / "centre.db"
    first = _demo("--db", str(db), "--no-tui")
    assert first.exit_code == 0, first.output
    assert "generated in" in first.output and DEMO_PASSPHRASE in first.output
    assert all(user.name in first.output for user in FEATURED_USERS)
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []
    again = _demo("--db", str(db), "--no-tui", "--user", "leader")
    assert again.exit_code == 0, again.output
    assert "reused" in again.output and "generated in" not in again.output


def test_default_database_is_in_the_user_data_directory(tmp_path):
    from qa_tui import config

    result = _demo("--no-tui")
    assert result.exit_code == 0, result.output
    assert (config.data_dir() / "demo-small.db").exists()
    assert str(config.data_dir() / "demo-small.db") in result.output


def test_opens_the_app_as_the_chosen_user(tmp_path, monkeypatch):
    from qa_tui.app import QaApp

    opened = []
    monkeypatch.setattr(QaApp, "run", lambda app: opened.append(app._signed_in_already))
    result = _demo("--db", str(tmp_path / "d.db"), "--user", "assessor2")
    assert result.exit_code == 0, result.output
    assert [(actor.name, actor.role.value) for actor in opened] == [("assessor2", "assessor")]
    opened[0].db.close()


@pytest.mark.parametrize("args, message", [
    (["--scale", "huge"], "is not a demo scale"),
    (["--seed", "x"], "--seed takes a whole number"),
    (["--today", "2026-13-01"], "--today takes a date"),
    (["--user", "bob"], "is not a demo user"),
])
def test_bad_options_give_one_sentence_and_a_non_zero_exit(tmp_path, args, message):
    result = _demo("--db", str(tmp_path / "d.db"), "--no-tui", *args)
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and message in result.output
    assert not (tmp_path / "d.db").exists()


def test_an_ordinary_database_is_reported_not_replaced(tmp_path):
    db = tmp_path / "real.db"
    assert CliRunner().invoke(main, ["init", "--db", str(db), "--user", "ann"],
                              env={"QA_TUI_PASSPHRASE": "correct horse battery"}).exit_code == 0
    result = _demo("--db", str(db), "--no-tui")
    assert result.exit_code != 0 and "is not a demo centre" in result.output
    ann = sign_in(resolve_location(str(db)), "ann", "correct horse battery")
    assert [user.name for user in accounts.list_users(ann)] == ["ann"]
    ann.db.close()


def test_an_interrupted_generation_leaves_nothing_behind(tmp_path, monkeypatch):
    from qa_tui.demo import builder

    def interrupted(actor, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "generate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        builder.create_demo(builder.resolve_location(str(tmp_path / "d.db")), scale="small", seed=1, today=None)
    assert list(tmp_path.iterdir()) == []
