"""AppTest of the Incentives & outcomes page, the outcome tiles, scorecard rows and maturity
criteria: what the user reads equals what the marts compute, and missing data reads as words."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from components import format, maturity, outcomes, qbr_pack, story
from queries import sql
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import AS_OF, ROOT, metric
from tests.sweep import missing_words

PAGE = "pages/pipeline/incentives.py"
SCORECARD = "pages/partner/scorecard.py"
PARTNER = "P000158"


def run(page: str = PAGE, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not missing_words(at)
    return at


def program_labels(programs: pd.DataFrame) -> pd.Series:
    """How the programs table names a program: its name and product line."""
    return programs["name"] + " · " + programs.product_line.fillna(outcomes.ALL_LINES)


def expected(con, name: str, filters: Filters, **options) -> pd.DataFrame:
    return sql.fetch_for(con, name, sql.resolve(con, filters), **options)


def kpis(con, filters: Filters) -> pd.Series:
    return expected(con, "headline_kpis", filters).set_index("period").loc["current"]


def shown_table(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def page() -> AppTest:
    return run()


def test_page_shows_the_marts_numbers(page, sample_con):
    row = kpis(sample_con, Filters())
    assert page.title[0].value == "Incentives & outcomes"
    has = sql.fetch(sample_con, "program_has").iloc[0]
    assert page.markdown[0].value == f"#### {outcomes.headline(row, has, 12)}"
    assert metric(page, "Incentive ROI") == format.pct(row.incentive_roi, signed=True)
    assert metric(page, "Plan attainment") == format.pct(row.plan_attainment)
    assert metric(page, "Partner-sourced share") == format.pct(row.partner_sourced_share)
    assert metric(page, "Partner NPS") == outcomes.nps(row.partner_nps)
    assert metric(page, "MDF-attributed registrations") == format.pct(
        row.mdf_attributed_registration_rate
    )
    assert metric(page, "Cost per pipeline dollar") == format.money_cents(
        row.cost_per_pipeline_dollar
    )
    programs = expected(sample_con, "incentive_results", Filters())
    table = shown_table(page, "incremental_revenue")
    assert table.program.tolist() == program_labels(programs).tolist()
    assert table.incremental_revenue.tolist() == pytest.approx(programs.incremental_revenue)
    assert table.cost.tolist() == pytest.approx(programs.cost)
    responses = expected(sample_con, "partner_nps_responses", Filters())
    detractors = shown_table(page, "responded_on")
    assert detractors.partner_name.tolist() == (
        responses[responses.nps_group == "detractor"].partner_name.tolist()
    )
    # One chart per program some partner took part in, plan, two of partner-sourced share, NPS,
    # MDF attribution.
    taken_up = (programs.participants > 0).sum()
    assert len(page.get("vega_lite_chart")) == taken_up + 5


def test_a_long_detractor_list_shows_its_first_rows_and_downloads_them_all(sample_con, monkeypatch):
    """At 100,000 partners thousands answer 6 or less: the browser gets the first rows, lowest
    score first, and the download holds every detractor."""
    from components import tables

    monkeypatch.setitem(tables.show_top.__kwdefaults__, "rows", 20)
    page = run()
    responses = expected(sample_con, "partner_nps_responses", Filters())
    detractors = responses[responses.nps_group == "detractor"]
    assert len(detractors) > 20
    shown = shown_table(page, "responded_on")
    assert shown.partner_name.tolist() == detractors.partner_name.head(20).tolist()
    captions = " ".join(c.value for c in page.caption)
    assert f"The first 20 of {len(detractors):,} detractors" in captions
    labels = [b.proto.label for b in page.get("download_button")]
    assert f"Download all {len(detractors):,} detractors (CSV)" in labels


def test_a_slice_narrows_every_section(sample_con):
    filters = Filters(tiers=("Gold",), regions=("EMEA",))
    at = run(tier=["Gold"], region=["EMEA"])
    row = kpis(sample_con, filters)
    assert "tier Gold" in at.caption[0].value
    assert metric(at, "Plan attainment") == format.pct(row.plan_attainment)
    assert metric(at, "Partner NPS") == outcomes.nps(row.partner_nps)
    programs = expected(sample_con, "incentive_results", filters)
    table = shown_table(at, "incremental_revenue")
    assert table.participants.tolist() == programs.participants.tolist()
    assert table.participants.sum() < shown_table(run(), "participants").participants.sum()


def test_one_cam_names_the_programs_none_of_its_partners_took_part_in(sample_con):
    filters = Filters(cams=("CAM-003",))
    programs = expected(sample_con, "incentive_results", filters)
    idle = programs[programs.participants == 0].name.tolist()
    at = run(cam=["CAM-003"])
    charts = len(at.get("vega_lite_chart")) - 5
    assert charts == len(programs) - len(idle)
    if idle:
        assert any(", ".join(idle) in c.value for c in at.caption)
    # Too few partners on either side: no ROI of the program's own; nobody took part: nothing
    # incremental to show (not $0).
    table = shown_table(at, "incremental_revenue").set_index("program")
    for label, (_, program) in zip(program_labels(programs), programs.iterrows(), strict=True):
        shown = table.loc[label]
        few = program.participants < 5 or program.comparison_partners < 5
        assert pd.isna(shown.incentive_roi) == (few or pd.isna(program.incentive_roi))
        assert pd.isna(shown.incremental_revenue) == (program.participants == 0)
    assert any("too few to tell" in c.value for c in at.caption)


def test_a_program_without_the_outcome_files_says_so(monkeypatch, small_program_dir):
    monkeypatch.setenv("CHANNEL_DATA", str(small_program_dir))
    at = run()
    notes = " ".join(i.value for i in at.info)
    assert "This program has no incentive programs" in notes
    assert "no partner targets" in notes
    assert "no partner surveys" in notes
    assert "carry no origin" in notes
    for label in ("Incentive ROI", "Plan attainment", "Partner-sourced share", "Partner NPS"):
        assert metric(at, label) == "no data"
    assert at.markdown[0].value.startswith("#### This program holds none of the outcome data")


def test_a_selection_of_nobody_says_no_partner(sample_con):
    at = run(tier=["Premier"], cam=["no such CAM"])
    assert any("No partner" in w.value for w in at.warning)
    # No summary sentence of zeros ("$0 of revenue for $0 paid"), and no "$0 for $0" note.
    assert not [m for m in at.markdown if "$0" in m.value]
    assert not any("$0 for $0" in c.value for c in at.caption)


def test_detractors_are_masked_before_a_partner(sample_con):
    at = run(present=True, audience="partner")
    responses = expected(sample_con, "partner_nps_responses", Filters())
    real = set(responses.partner_name)
    shown = shown_table(at, "responded_on").partner_name
    assert len(shown) and not real & set(shown)
    assert all(name.startswith("Partner ") for name in shown)


# Portfolio health, the scorecard and the QBR pack.


def test_portfolio_health_has_the_outcome_tiles(sample_con):
    at = run("pages/overview/portfolio_health.py")
    row = kpis(sample_con, Filters())
    assert metric(at, "Partner-sourced share") == format.pct(row.partner_sourced_share)
    assert metric(at, "Plan attainment") == format.pct(row.plan_attainment)


def test_scorecard_and_pack_show_the_partners_outcomes(sample_con):
    at = run(SCORECARD, partner=PARTNER)
    card = expected(sample_con, "partner_outcomes", Filters(), partner_id=PARTNER)
    mine, median = card.set_index("row_kind").loc["partner"], card.set_index("row_kind").iloc[1]
    values = {m.label: (m.value, m.delta) for m in at.metric}
    assert values["Plan attainment"] == (
        format.pct(mine.plan_attainment),
        f"tier median {format.pct(median.plan_attainment)}",
    )
    assert values["Incentives earned"][0] == format.money(mine.incentives_earned)
    assert values["Latest NPS answer"][0] == format.count(mine.latest_nps_score)
    sentences = story.outcome_sentences(mine, 12)
    assert sentences and all(any(s in m.value for m in at.markdown) for s in sentences)
    scorecard = pd.DataFrame(
        {
            "Measure": ["Plan attainment", "Incentives earned"],
            "Partner": [mine.plan_attainment, mine.incentives_earned],
            "Tier median": [median.plan_attainment, median.incentives_earned],
            "shown_as": [format.pct, format.money],
        }
    )
    profile = expected(sample_con, "partner_profile", Filters(), partner_id=PARTNER).iloc[0]
    quarters = expected(sample_con, "partner_quarters", Filters(), partner_id=PARTNER)
    book = load_workbook(
        io.BytesIO(
            qbr_pack.partner_pack(
                profile, scorecard, quarters, quarters.head(0), sentences, date(2026, 9, 30)
            )
        )
    )
    rows = {r[0]: r[1] for r in book["Scorecard"].iter_rows(min_row=2, values_only=True)}
    assert rows["Plan attainment"] == pytest.approx(mine.plan_attainment)
    assert book["Cover"]["A7"].value == sentences[0]


# The maturity model's Level-4 criteria.


@pytest.fixture(scope="module")
def small_con(tmp_path_factory):
    from tests.conftest import small_program, write_program

    return load_folder(write_program(tmp_path_factory.mktemp("small"), small_program()))


def maturity_criteria(con, filters: Filters) -> pd.DataFrame:
    """The criteria as the Portfolio health page reads them: from its own headline KPIs."""
    headline = sql.fetch_for(con, "headline_kpis", filters).set_index("period").loc["current"]
    inputs = maturity.criteria_inputs(headline)
    return sql.fetch_for(con, "maturity_criteria", filters, **inputs).set_index("metric")


def criteria(con) -> pd.DataFrame:
    return maturity_criteria(con, Filters(as_of=date.fromisoformat(AS_OF)))


def test_a_criterion_without_its_data_is_not_measurable_not_failed(small_con):
    rows = criteria(small_con)
    spiff = rows.loc["incentives_measured_share"]
    assert spiff.maturity_level == 4 and not spiff.is_measurable and pd.isna(spiff.is_met)
    # The small program has MDF claims but no claim ids or origins on its registrations.
    attribution = rows.loc["attributed_registration_share"]
    assert not attribution.is_measurable and pd.isna(attribution.is_met)
    # The level is read from the measurable criteria: the SQL and the page agree.
    assert (
        maturity.level_of(rows.reset_index())
        == small_con.execute(
            "select * from maturity_level($as_of, 12, 90, 0, [], [], [], [])", {"as_of": AS_OF}
        ).fetchone()[0]
    )


def test_the_sample_measures_both_level_4_criteria(sample_con):
    rows = maturity_criteria(sample_con, Filters())
    for name in ("incentives_measured_share", "attributed_registration_share"):
        assert rows.loc[name].is_measurable and not pd.isna(rows.loc[name].value)


def test_the_level_passes_over_criteria_it_cannot_measure():
    rows = pd.DataFrame(
        {
            "maturity_level": [2, 4, 4],
            "requirement": ["a", "b", "c"],
            "value": [0.3, None, 0.9],
            "is_met": [True, None, True],
            "source": ["s", "s", "s"],
        }
    )
    assert maturity.level_of(rows) == 4
    assert maturity.level_of(rows.assign(is_met=[True, None, False])) == 3
