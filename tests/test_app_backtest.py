"""What the Dark partners page says about the early warning's track record.

On the hand-made program of test_early_warning_backtest.py (window 6 months, as of 2026-03-31)
the numbers are known: the default rule caught 3 of 4 (75%), 3 of its 9 flags went dark (33%),
the silent-90-days baseline caught none, the tuned rule beats it on the unseen quarter. On the
sample and on a second generated program the page shows what `python -m queries backtest` prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import backtest_panel, format
from queries import backtest
from queries.cli import main
from tests.conftest import ROOT, metric, write_program
from tests.sweep import missing_words
from tests.test_early_warning_backtest import backtest_program

DARK = str(ROOT / "pages" / "overview" / "dark_partners.py")
SECTION = "How well the early warning has worked"


@pytest.fixture(scope="module")
def program_dir(tmp_path_factory):
    return write_program(tmp_path_factory.mktemp("backtest_page"), backtest_program())


def open_page(state: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(DARK, default_timeout=90)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not missing_words(at)
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def on_fixture(program_dir, monkeypatch):
    monkeypatch.setenv("CHANNEL_DATA", str(program_dir))
    return {"as_of": date(2026, 3, 31), "window": 6}


def test_the_track_record_in_words_and_tiles(on_fixture):
    at = open_page(on_fixture)
    assert SECTION in [h.value for h in at.subheader]
    text = markdown(at)
    assert "caught 75% of the partners who went dark, a median 6 months ahead" in text
    assert "1 in 3 of its flags went dark within two quarters" in text
    assert "silent 90+ days alone: caught 0%, none of its flags went dark" in text
    assert "of all active partners, 1 in 6 went dark" in text
    assert metric(at, "Caught") == "75%"
    assert metric(at, "Hit rate") == "33%"
    assert metric(at, "Median lead time") == "6 months"
    assert metric(at, "Lift over the base rate") == "1.8×"
    assert "they beat the plain silent 90+ days rule" in text
    assert "F1 0.67 against 0.00" in text


def test_partners_flagged_now_with_their_hit_rate(on_fixture):
    at = open_page(on_fixture)
    assert "2 partners flagged now" in markdown(at)
    flagged = next(df.value for df in at.dataframe if "flagged_by" in df.value.columns)
    assert list(flagged.partner_name) == ["Partner G", "Partner F"]
    assert list(flagged.hit_rate) == pytest.approx([2 / 3, 1 / 4])
    assert list(flagged.track_record) == ["2 of 3", "1 of 4"]


def test_the_operator_saves_the_tuned_rule_in_force(on_fixture):
    at = open_page(on_fixture)
    assert at.radio(key=backtest_panel.RULE_KEY).value == "default"
    at.radio(key=backtest_panel.RULE_KEY).set_value("tuned").run()
    # 120 days, 4×, 40%: H is no longer flagged on Q1, the same three are caught of 8 flags.
    assert (metric(at, "Caught"), metric(at, "Hit rate")) == ("75%", "38%")
    at.button(key="warning_rule_save").click().run()
    assert backtest.saved_rule() == ("tuned", backtest.Thresholds(120, 4.0, 0.4))
    again = open_page(on_fixture)  # a new session, as after a restart
    assert again.radio(key=backtest_panel.RULE_KEY).value == "tuned"
    assert "Saved rule in force: silent 120+ days, 4× the usual gap" in "\n".join(
        c.value for c in again.caption
    )


def test_too_little_history_is_said_in_words(on_fixture):
    at = open_page({**on_fixture, "as_of": date(2025, 6, 30)})
    assert any("Too little history to test the early warning" in i.value for i in at.info)
    assert not at.radio


def test_a_history_too_short_to_tune_says_so(on_fixture):
    at = open_page({**on_fixture, "as_of": date(2025, 12, 31)})
    assert "Too little history to tune the thresholds" in markdown(at)
    assert at.radio(key=backtest_panel.RULE_KEY).options == [
        f"Default: {backtest_panel.describe(backtest.Thresholds(90, 3.0, 0.5))}"
    ]


def _cli(folder, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "queries", "backtest", "--data", str(folder), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _agrees_with_the_cli(at: AppTest, report: dict) -> None:
    rules = {r["rule"]: r for r in report["default"]["rules"]}
    assert metric(at, "Caught") == format.pct(rules["early_warning"]["recall"])
    assert metric(at, "Hit rate") == format.pct(rules["early_warning"]["precision"])
    assert metric(at, "Median lead time") == backtest_panel.lead_time(
        rules["early_warning"]["median_lead_days"]
    )
    beats = report["tuning"]["tuned_beats_baseline"]
    verdict = "they beat" if beats else "they do not beat"
    assert verdict in markdown(at)
    assert f"{len(report['flagged_now'])} partners flagged now" in markdown(at)


def test_the_sample_page_shows_what_the_cli_prints():
    report = _cli(ROOT / "sample_data")
    assert report["tuning"]["can_tune"]
    _agrees_with_the_cli(open_page(), report)


@pytest.fixture(scope="module")
def second_program(tmp_path_factory):
    folder = tmp_path_factory.mktemp("second")
    generator = ROOT / "sample_data" / "generate.py"
    subprocess.run(
        [sys.executable, str(generator), "--partners", "400", "--seed", "11", "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def test_a_second_generated_program(second_program, monkeypatch, capsys):
    assert main(["backtest", "--data", str(second_program)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["default"]["rules"] and report["tuning"]["can_tune"]
    monkeypatch.setenv("CHANNEL_DATA", str(second_program))
    _agrees_with_the_cli(open_page(), report)


def _figures(**values: float) -> pd.Series:
    row = {
        "active_partners": 20,
        "went_dark": 4,
        "flagged": 8,
        "caught": 2,
        "precision": 0.25,
        "recall": 0.5,
        "base_rate": 0.2,
        "median_lead_days": 183.0,
    }
    return pd.Series({**row, **values})


def test_headline_when_nobody_went_dark_or_nobody_was_flagged():
    quiet = _figures(went_dark=0, caught=0, precision=0.0, recall=float("nan"))
    assert backtest_panel.headline(quiet, quiet) == (
        "Of the 20 partner-quarters active at a backtest quarter end, not one went dark two "
        "quarters later, so there was nothing to catch: the early warning's 8 flags were all "
        "false alarms."
    )
    unflagged = _figures(flagged=0, caught=0, precision=float("nan"), recall=0.0)
    assert backtest_panel.headline(unflagged, unflagged) == (
        "The early warning flagged no one, and 4 partners went dark unannounced."
    )
    assert "active at a quarter end" in backtest_panel.headline(
        _figures(active_partners=0), _figures()
    )


def test_lead_times_and_odds_read_at_a_glance():
    assert backtest_panel.lead_time(183) == "6 months"
    assert backtest_panel.lead_time(273) == "9 months"
    assert backtest_panel.lead_time(63) == "9 weeks"
    assert backtest_panel.lead_time(float("nan")) == "no data"
    assert backtest_panel.one_in(0.25) == "1 in 4"
    assert backtest_panel.one_in(0.0) == "none"
    assert backtest_panel.one_in(None) == "none"
