"""The channel-conflict list counts and shows a conflict only when its earlier claimant is a loaded
partner, as the list's lookup of that partner's name did before it was counted on its own."""

from __future__ import annotations

from queries import sql
from queries.filters import Filters
from queries.loader import apply_views, load_folder
from tests.conftest import SAMPLE_DIR

WINDOW = Filters(window_months=24)


def _conflicts_with_a_known_claimant(con) -> int:
    as_of = sql.resolve(con, WINDOW).as_of
    return con.execute(
        "select count(*) from int_registrations as later "
        "join stg_partners as earlier on earlier.partner_id = later.conflicting_partner_id "
        "where later.is_conflict and later.registered_on > window_start($as_of, $w) "
        "and later.registered_on <= $as_of",
        {"as_of": as_of, "w": WINDOW.window_months},
    ).fetchone()[0]


def test_a_claim_by_a_partner_no_longer_loaded_is_no_conflict():
    con = load_folder(SAMPLE_DIR)
    before = sql.fetch_for(con, "channel_conflicts", WINDOW).conflicts_in_window.iloc[0]
    (claimant,) = con.execute(
        "select conflicting_partner_id from int_registrations where is_conflict "
        "group by all order by count(*) desc, 1 limit 1"
    ).fetchone()
    # What an import replacing the partners can leave behind: deals of a partner it dropped.
    con.execute("delete from partners where partner_id = $p", {"p": claimant})
    apply_views(con)
    assert con.execute("select partner_id from int_unknown_claimants").fetchall() == [(claimant,)]

    shown = sql.fetch_for(con, "channel_conflicts", WINDOW)
    counted = shown.conflicts_in_window.iloc[0]
    assert counted == _conflicts_with_a_known_claimant(con)
    assert 0 < counted < before
