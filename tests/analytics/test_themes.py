"""Theme tagging from a lexicon, counts, trends and quotes."""

from datetime import UTC, datetime

import polars as pl
import pytest

from qa_tui.analytics import themes
from qa_tui.errors import UsageError

TEXTS = pl.DataFrame({
    "at": [datetime(2026, 3, d, tzinfo=UTC) for d in (2, 2, 3, 10)],
    "text": ["I waited 40 minutes on hold and the bill was wrong", "Lovely, friendly and helpful agent",
             "Still not fixed after three calls", "ok"],
})


def test_tags_each_text_with_every_theme_it_mentions():
    tagged = themes.tag(TEXTS)
    found = sorted(zip(tagged["text"].str.slice(0, 10), tagged["theme"]))
    assert found == [("I waited 4", "billing"), ("I waited 4", "waiting time"), ("Lovely, fr", "attitude"),
                     ("Still not ", "resolution")]
    assert tagged.filter(pl.col("theme") == "attitude")["hits"].to_list() == [2]  # friendly, helpful


def test_counts_trend_and_quotes():
    tagged = themes.tag(TEXTS)
    counts = themes.theme_counts(tagged, TEXTS.height)
    assert counts.row(0) == ("attitude", 1, 25.0)
    trend = themes.theme_trend(tagged, TEXTS, "week")
    assert trend.filter(pl.col("theme") == "billing").row(0, named=True)["share"] == pytest.approx(100 / 3)
    quotes = themes.quotes(tagged, per_theme=1)
    assert set(quotes["theme"]) == {"attitude", "billing", "resolution", "waiting time"}


def test_a_custom_lexicon_from_toml(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text('[themes]\nparking = ["car park", "parking"]\n')
    lexicon = themes.load_lexicon(path)
    tagged = themes.tag(pl.DataFrame({"text": ["No parking at the branch", "fine"]}), lexicon)
    assert tagged["theme"].to_list() == ["parking"]
    path.write_text("[themes]\nparking = []\n")
    with pytest.raises(UsageError, match="non-empty word lists"):
        themes.load_lexicon(path)
