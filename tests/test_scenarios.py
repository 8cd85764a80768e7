"""Saved scenarios are the team's: everyone loads everyone's, nobody replaces a colleague's."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from queries import backtest, scenarios
from tests.conftest import ROOT

DISCOUNTS = str(ROOT / "pages" / "planning" / "whatif_discounts.py")
LEE, SAM = "lee.park@example.com", "sam.lee@example.com"


def test_a_colleagues_name_is_refused_and_their_scenario_kept():
    scenarios.save("discounts", "Gold +3", {"d_gold": 28}, by=LEE)
    with pytest.raises(scenarios.NameTaken, match=r"“Gold \+3” is lee.park@example.com's"):
        scenarios.save("discounts", " Gold +3 ", {"d_gold": 20}, by=SAM)
    assert scenarios.load("discounts", "Gold +3") == {"d_gold": 28}
    scenarios.save("discounts", "Gold +3 (Sam)", {"d_gold": 20}, by=SAM)
    assert sorted(scenarios.names("discounts")) == ["Gold +3", "Gold +3 (Sam)"]


def test_saving_your_own_again_replaces_it():
    scenarios.save("coverage", "Lean", {"cap": 10}, by=LEE)
    scenarios.save("coverage", "Lean", {"cap": 8}, by=LEE)
    assert scenarios.load("coverage", "Lean") == {"cap": 8}
    assert scenarios.listing("coverage").saved_by.tolist() == [LEE]


def test_the_same_name_in_another_kind_is_another_scenario():
    scenarios.save("discounts", "Plan B", {"d_gold": 28}, by=LEE)
    scenarios.save("coverage", "Plan B", {"cap": 8}, by=SAM)
    assert scenarios.load("discounts", "Plan B") == {"d_gold": 28}


def test_scenarios_saved_before_authors_were_kept_stay_anyones():
    path = scenarios.state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create table scenarios (kind varchar not null, name varchar not null, "
            "params json not null, saved_at timestamp not null, primary key (kind, name))"
        )
        con.execute("insert into scenarios values ('discounts', 'Old', '{\"d_gold\": 25}', now())")
    assert scenarios.load("discounts", "Old") == {"d_gold": 25}
    scenarios.save("discounts", "Old", {"d_gold": 26}, by=SAM)
    assert scenarios.load("discounts", "Old") == {"d_gold": 26}
    with pytest.raises(scenarios.NameTaken):
        scenarios.save("discounts", "Old", {"d_gold": 27}, by=LEE)


def test_the_early_warning_rule_in_force_is_the_teams():
    backtest.save_rule("tuned", backtest.Thresholds(120, 4.0, 0.4), by=LEE)
    backtest.save_rule("default", backtest.Thresholds(90, 3.0, 0.5), by=SAM)
    choice, thresholds = backtest.saved_rule()
    assert (choice, thresholds) == ("default", backtest.Thresholds(90, 3.0, 0.5))


def test_the_page_says_why_a_name_is_refused_and_keeps_the_colleagues():
    scenarios.save("discounts", "Silver +4", {"d_silver": 24}, by=LEE)
    at = AppTest.from_file(DISCOUNTS, default_timeout=60).run()
    at.slider(key="d_silver").set_value(22).run()
    at.text_input(key="discounts_name").input("Silver +4").run()
    at.button(key="discounts_save").click().run()
    assert not at.exception
    # text.literal keeps Markdown from linking the address (a word joiner after the @).
    assert [e.value.replace("\u2060", "") for e in at.error] == [
        f"“Silver +4” is {LEE}'s scenario, saved "
        f"{scenarios.listing('discounts').saved_at[0]:%d %b %Y}: choose another name"
    ]
    assert not at.success
    assert scenarios.load("discounts", "Silver +4") == {"d_silver": 24}
