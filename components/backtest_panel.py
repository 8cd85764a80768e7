"""How well the early warning has worked: the backtest in a few sentences, tiles and one chart,
the thresholds tuned on the past and judged on the future, the rule in force, and the partners
it flags now with the hit rate of the rule that flagged each.

Like the scenario panel, this touches session state: the rule in force is a widget whose value is
saved like a what-if scenario (queries/backtest.py), so it survives a restart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import access, db, format, links, presentation, tables
from components.charts import backtest as backtest_charts
from components.charts.draw import draw
from components.tables import Column
from queries import backtest
from queries.backtest import Thresholds
from queries.filters import Filters

RULE_KEY = "warning_rule"
CHOICE_LABELS = {"default": "Default", "tuned": "Tuned on the past", "saved": "Saved"}


def describe(thresholds: Thresholds) -> str:
    return (
        f"silent {thresholds.silent_days}+ days, {thresholds.gap_multiple:g}× the usual gap, "
        f"or revenue down to {thresholds.revenue_share * 100:g}%"
    )


def lead_time(days: float | None) -> str:
    """A lead time a VP reads at a glance: weeks under three months, months beyond."""
    if format.is_missing(days):
        return format.NO_DATA
    if days < 91:
        return format.plural(round(days / 7), "week")
    return format.plural(round(days / 30.44), "month")


def one_in(share: float | None) -> str:
    """0.25 → '1 in 4'."""
    if format.is_missing(share) or share <= 0:
        return "none"
    return f"1 in {max(1, round(1 / share)):,}"


def headline(rule: pd.Series, baseline: pd.Series) -> str:
    """The backtest in one sentence: what share of those who went dark the rule caught, how
    early, how many of its flags were right, against the plain "silent 90+ days" rule."""
    if rule.active_partners == 0:
        return "No partner of this selection was active at a quarter end of the backtest."
    if rule.went_dark == 0:
        return (
            f"Of the {format.count(rule.active_partners)} partner-quarters active at a backtest "
            "quarter end, not one went dark two quarters later, so there was nothing to catch: "
            f"the early warning's {format.plural(rule.flagged, 'flag')} were all false alarms."
        )
    if rule.flagged == 0:
        return (
            f"The early warning flagged no one, and {format.count(rule.went_dark)} partners "
            "went dark unannounced."
        )
    return (
        f"**The early warning caught {format.pct(rule.recall)} of the partners who went dark, "
        f"a median {lead_time(rule.median_lead_days)} ahead; {one_in(rule.precision)} of its "
        f"flags went dark within two quarters** (silent 90+ days alone: caught "
        f"{format.pct(baseline.recall)}, {one_in(baseline.precision)} of its flags went dark; "
        f"of all active partners, {one_in(rule.base_rate)} went dark)."
    )


def verdict_sentence(tuning: pd.DataFrame) -> str:
    """What the thresholds chosen on the older quarters did on the quarters they never saw."""
    first = tuning.iloc[0]
    if not backtest.can_tune(tuning):
        return (
            "Too little history to tune the thresholds: tuning needs partners going dark in "
            "older quarters and later quarters to judge the choice on."
        )
    tuned = tuning[(tuning.rule == "early_warning") & tuning.is_chosen].iloc[0]
    baseline = tuning[tuning.rule == "baseline"].iloc[0]
    judged = backtest.verdict(tuning)
    span = (
        f"{_quarter(first.training_from)}–{_quarter(first.training_to)}"
        if first.training_quarters > 1
        else _quarter(first.training_from)
    )
    unseen = format.plural(first.unseen_quarters, "later quarter")
    chosen = describe(Thresholds.from_row(tuned))
    if not judged.judged:
        outcome = f"On the {unseen} they never saw, no partner went dark: no verdict yet."
    else:
        better = "beat" if judged.tuned_beats_baseline else "do not beat"
        outcome = (
            f"On the {unseen} they never saw, **they {better} the plain silent 90+ days "
            f"rule**: F1 {judged.tuned_f1:.2f} against {judged.baseline_f1:.2f} (hit rate "
            f"{format.pct(tuned.unseen_precision)} against "
            f"{format.pct(baseline.unseen_precision)}, caught {format.pct(tuned.unseen_recall)} "
            f"against {format.pct(baseline.unseen_recall)})."
        )
    return (
        f"**Tuned on the past:** scored on {span} (F1: hit rate and share caught weighed "
        f"alike), the best early-warning thresholds were {chosen}. {outcome}"
    )


def _quarter(value: object) -> str:
    stamp = pd.Timestamp(value)
    return f"Q{stamp.quarter} {stamp.year}"


def _versus_baseline(value: float | None, reference: float | None) -> str | None:
    if format.is_missing(value) or format.is_missing(reference):
        return None
    chip = format.points(value - reference)
    return chip and f"{chip} vs silent 90+ days"


def _rule_options(tuning: pd.DataFrame) -> tuple[dict[str, Thresholds], str | None]:
    """The rules an operator can put in force, and which of them is saved (None: nothing)."""
    options = {"default": backtest.default_thresholds(tuning)}
    if backtest.can_tune(tuning):
        options["tuned"] = backtest.tuned_thresholds(tuning)
    saved = backtest.saved_rule()
    if saved is None:
        return options, None
    saved_choice = next((k for k, v in options.items() if v == saved[1]), "saved")
    if saved_choice == "saved":
        options["saved"] = saved[1]
    return options, saved_choice


def _current_choice(options: dict[str, Thresholds], saved_choice: str | None) -> str:
    """The operator's pick this run (the saved rule until they pick another)."""
    if presentation.is_on():
        return saved_choice or "default"
    if st.session_state.get(RULE_KEY) not in options:
        st.session_state[RULE_KEY] = saved_choice or "default"
    return st.session_state[RULE_KEY]


def _rule_picker(options: dict[str, Thresholds], saved_choice: str | None) -> None:
    choice = st.radio(
        "Rule in force",
        list(options),
        key=RULE_KEY,
        horizontal=True,
        format_func=lambda key: f"{CHOICE_LABELS[key]}: {describe(options[key])}",
        help="Sets the figures above and who is flagged in the list below. Saved, it stays in "
        "force for everyone after a restart.",
    )
    st.button(
        "Save as the rule in force",
        key="warning_rule_save",
        disabled=choice == saved_choice,
        on_click=backtest.save_rule,
        args=(choice, options[choice], access.current_user()),
    )
    st.caption(
        f"Saved rule in force: {describe(options[saved_choice])}."
        if saved_choice
        else "Nothing saved yet: the default rule is in force."
    )


FIGURE_COLUMNS = {
    "rule_label": Column("Rule"),
    "flagged": Column("Flagged", "count"),
    "caught": Column("Went dark", "count", help="Flagged partners who went dark"),
    "precision": Column("Hit rate", "rate"),
    "recall": Column("Caught", "rate", help="Share of those who went dark that were flagged"),
    "lift": Column("Lift", "figure", help="Hit rate ÷ the share of active partners who went dark"),
    "lead": Column("Median lead time", "figure"),
}


def _figures_table(frame: pd.DataFrame, first_column: str) -> None:
    shown = frame.assign(
        lead=[lead_time(d) for d in frame.median_lead_days],
        lift=[format.multiple(v) for v in frame.lift],
    )
    columns = [first_column, "flagged", "caught", "precision", "recall", "lift", "lead"]
    tables.show(shown[columns], FIGURE_COLUMNS)


TUNING_COLUMNS = {
    "rule_label": Column("Rule"),
    "role": Column("Thresholds"),
    "training_f1": Column("F1, training quarters", "figure"),
    "unseen_f1": Column("F1, unseen quarters", "figure"),
    "unseen_precision": Column("Hit rate, unseen", "rate"),
    "unseen_recall": Column("Caught, unseen", "rate"),
}


def _tuning_table(tuning: pd.DataFrame) -> None:
    """Each rule's thresholds chosen on the training quarters (and the default early warning),
    scored on the training quarters and on the unseen ones."""
    shown = tuning[
        tuning.is_chosen | ((tuning.rule == "early_warning") & tuning.is_default)
    ].drop_duplicates(["rule", "silent_days", "gap_multiple", "revenue_share"])
    tables.show(
        shown.assign(
            role=[
                "never tuned" if rule == "baseline" else "tuned" if chosen else "default"
                for rule, chosen in zip(shown.rule, shown.is_chosen, strict=True)
            ],
            training_f1=[format.number(v, 2) for v in shown.training_f1],
            unseen_f1=[format.number(v, 2) for v in shown.unseen_f1],
        )[list(TUNING_COLUMNS)],
        TUNING_COLUMNS,
    )


def render(source: str, filters: Filters) -> None:
    st.subheader("How well the early warning has worked")
    tuning = db.query(source, "early_warning_tuning", filters)
    if tuning.iloc[0].backtest_quarters == 0:
        st.info(
            "Too little history to test the early warning: it needs a quarter end with a whole "
            f"{filters.window_months}-month activity window of data behind it and two more "
            "quarters to see who went dark."
        )
        return
    options, saved_choice = _rule_options(tuning)
    choice = _current_choice(options, saved_choice)
    in_force = options[choice]
    figures = db.query(source, "early_warning_backtest", filters, **in_force.params())
    overall = figures[figures.level == "all"].set_index("rule")
    if overall.empty:
        st.info("No partner of this selection was active at a quarter end of the backtest.")
        return
    rule, baseline = overall.loc["early_warning"], overall.loc["baseline"]
    st.markdown(headline(rule, baseline))
    _tiles(rule, baseline)
    draw(backtest_charts.by_quarter, figures[figures.level == "quarter"])
    st.caption(
        f"Rule in force: {describe(in_force)} ({CHOICE_LABELS[choice].lower()}). Each quarter "
        "end: the partners active then, against where they stood two quarters later. Solid: "
        "share caught; dashed: hit rate. Shaded: quarters the tuning never saw."
    )
    st.markdown(verdict_sentence(tuning))
    if not presentation.is_on():
        _rule_picker(options, saved_choice)
    _flagged_now(source, filters, in_force)
    with st.expander("Every rule, by tier, and the tuning"):
        _figures_table(overall.reset_index(), "rule_label")
        _figures_table(figures[figures.level == "tier"], "tier")
        if backtest.can_tune(tuning):
            _tuning_table(tuning)


def _tiles(rule: pd.Series, baseline: pd.Series) -> None:
    a, b, c, d = st.columns(4)
    a.metric(
        "Caught",
        format.pct(rule.recall),
        _versus_baseline(rule.recall, baseline.recall),
        help="Partners active at a quarter end who were dark or terminated two quarters later, "
        "and whom the rule had flagged then, ÷ all of them.",
    )
    b.metric(
        "Hit rate",
        format.pct(rule.precision),
        _versus_baseline(rule.precision, baseline.precision),
        help="Flagged partners who went dark within two quarters ÷ flagged partners.",
    )
    c.metric(
        "Median lead time",
        lead_time(rule.median_lead_days),
        help="From the first flag of an unbroken run of flags to the first quarter end at "
        f"which the partner was dark. Silent 90+ days: {lead_time(baseline.median_lead_days)}.",
    )
    d.metric(
        "Lift over the base rate",
        format.multiple(rule.lift),
        help=f"Hit rate ÷ the share of all active partners who went dark "
        f"({format.pct(rule.base_rate, 1)}).",
    )


FLAGGED_COLUMNS = {
    "warning_reason": Column("Why"),
    "flagged_by": Column("Flagged by"),
    "hit_rate": Column("Hit rate", "rate", help="Share of this rule's past flags that went dark"),
    "track_record": Column("Past flags that went dark", "figure"),
}


def _flagged_now(source: str, filters: Filters, in_force: Thresholds) -> None:
    flagged = db.query(source, "early_warning_flagged_now", filters, **in_force.params())
    st.markdown(
        f"**{format.plural(len(flagged), 'partner')} flagged now**, each with the hit rate of "
        "the rule that flagged it: the share of its past flags that went dark within two "
        "quarters."
    )
    if flagged.empty:
        return
    partner_options = db.plain_query(source, "partner_options")
    shown = flagged.assign(
        track_record=[
            f"{format.count(d)} of {format.count(f)}"
            for d, f in zip(flagged.went_dark_before, flagged.flagged_before, strict=True)
        ]
    )
    columns = [
        "partner_name",
        "scorecard",
        "hit_rate",
        "flagged_by",
        "track_record",
        "days_silent",
        "tier",
        *([] if len(filters.cams) == 1 else ["cam"]),
        "warning_reason",
    ]
    tables.show_top(
        shown,
        FLAGGED_COLUMNS,
        what="partners flagged now",
        file_name="partners_flagged_now.csv",
        decorate=lambda top: links.with_scorecard_links(top, partner_options),
        columns=columns,
    )
