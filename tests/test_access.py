"""Roles from the access file, scopes that no filter can widen, and queries that must bind them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date

import pytest

from queries import access, sql
from queries.access import AccessFileError, Identity, parse_rules
from queries.filters import Filters
from queries.loader import load_folder
from tests.conftest import AS_OF, deal, partner, small_program, write_program

RULES = """
[users]
"Lee.Park@example.com" = "leadership"
"ana.diaz@example.com" = { role = "cam", cam_id = "C1" }
"two.books@example.com" = { role = "cam", cam_id = ["C2", "C1"] }
"sam@example.com" = { role = "analyst" }

[groups]
"channel-analysts" = "analyst"
"channel-leads" = { role = "leadership" }
"apac-cams" = { role = "cam", cam_id = "C2" }
"""


def test_a_user_entry_gives_role_and_cam_ids_whatever_the_case_of_the_email():
    rules = parse_rules(RULES)
    assert rules.identify({"email": "lee.park@EXAMPLE.com"}) == Identity(
        "lee.park@EXAMPLE.com", "leadership"
    )
    ana = rules.identify({"email": "ana.diaz@example.com"})
    assert (ana.role, ana.scope, ana.can_manage_data) == ("cam", ("C1",), False)
    assert rules.identify({"email": "two.books@example.com"}).scope == ("C1", "C2")
    assert rules.identify({"email": "sam@example.com"}).can_manage_data


def test_groups_add_up_to_the_widest_role_and_a_user_entry_wins_over_groups():
    rules = parse_rules(RULES)
    both = rules.identify({"email": "x@example.com", "groups": ["apac-cams", "channel-leads"]})
    assert (both.role, both.scope) == ("leadership", None)
    assert rules.identify({"email": "x@example.com", "groups": "apac-cams"}).scope == ("C2",)
    ana = rules.identify({"email": "ana.diaz@example.com", "groups": ["channel-analysts"]})
    assert ana.role == "cam"


@pytest.mark.parametrize(
    "claims, reason",
    [
        ({"email": "nobody@example.com"}, "the access file gives it no role"),
        ({"email": "", "groups": ["channel-analysts"]}, "no email address"),
        ({"email": "sam@example.com", "email_verified": False}, "not verified"),
        ({"email": "y@example.com", "groups": ["unknown-group"]}, "no role"),
    ],
)
def test_who_the_file_does_not_name_has_no_role(claims, reason):
    identity = parse_rules(RULES).identify(claims)
    assert identity.role is None and reason in identity.reason


@pytest.mark.parametrize(
    "text, message",
    [
        ('[users]\n"a@b.c" = "admin"', "role 'admin' is not one of cam, leadership, analyst"),
        ('[users]\n"a@b.c" = { role = "cam" }', "a cam needs the cam_id"),
        ('[users]\n"a@b.c" = { role = "leadership", cam_id = "C1" }', "only a cam takes"),
        ('[users]\n"a@b.c" = { role = "cam", cam_id = [] }', "a cam needs the cam_id"),
        ('[users]\n"a@b.c" = { role = "cam", cam = "C1" }', "unknown key 'cam'"),
        ("[admins]\n", "unknown section [admins]"),
        ('[users]\n"a@b.c" = ', "access.toml: "),
    ],
)
def test_a_wrong_access_file_is_one_line_that_says_where(text, message):
    with pytest.raises(AccessFileError) as error:
        parse_rules(text)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert "access.toml" in str(error.value)


def test_a_missing_access_file_names_nobody(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANNEL_ACCESS_FILE", str(tmp_path / "absent.toml"))
    assert access.rules().identify({"email": "sam@example.com"}).role is None


def test_the_committed_example_access_file_reads():
    from tests.conftest import ROOT

    rules = parse_rules((ROOT / "access.example.toml").read_text())
    assert rules.users and rules.groups


def test_a_scope_narrows_the_cam_filter_and_nothing_widens_it():
    assert Filters(scope=("C1",)).cams == ("C1",)
    assert Filters(cams=("C2",), scope=("C1",)).cams == ("C1",)  # another CAM's: back to own
    assert Filters(cams=("C1", "C2"), scope=("C1", "C3")).cams == ("C1",)
    scoped = Filters(cams=("C3",), scope=("C1", "C3"))
    assert replace(scoped, cams=()).cams == ("C1", "C3")  # "the whole channel" is the book
    dated = replace(scoped, cams=(), as_of=date(2026, 6, 30))
    assert dated.params()["scope_cams"] == ["C1", "C3"] and dated.params()["cams"] == ["C1", "C3"]
    assert scoped.is_filtered and not replace(scoped, cams=()).is_filtered
    with pytest.raises(ValueError):
        Filters(scope=())  # an empty list would mean "all"


def test_every_query_binds_the_scope_or_holds_no_partner():
    unbound = [
        path.stem
        for path in sorted(sql.SQL_DIR.glob("*.sql"))
        if path.stem not in sql.PARTNER_FREE
        and "$cams" not in path.read_text()
        and "$scope_cams" not in path.read_text()
    ]
    assert unbound == []


def test_a_query_that_forgets_the_scope_does_not_run_for_a_cam(tmp_path, monkeypatch):
    queries = shutil.copytree(sql.SQL_DIR, tmp_path / "sql")
    (queries / "everyone.sql").write_text("select partner_id from stg_partners")
    monkeypatch.setattr(sql, "SQL_DIR", queries)
    sql.read_sql.cache_clear()
    try:
        con = load_folder(write_program(tmp_path / "program", small_program()))
        scoped = Filters(as_of=None, scope=("C2",))
        with pytest.raises(sql.ScopeNotBound):
            sql.fetch_for(con, "everyone", scoped)
        with pytest.raises(sql.ScopeNotBound):
            sql.fetch_in_scope(con, "everyone", ("C2",))
        assert len(sql.fetch_for(con, "everyone", Filters())) == 10  # unscoped: every partner
    finally:
        sql.read_sql.cache_clear()


@pytest.fixture
def conflict_program(tmp_path):
    """small_program plus Acme registered by P1 (CAM C1), then by P4 (CAM C2) 9 days later."""
    program = small_program()
    program["deal_registrations"] += [
        deal("D20", "P1", "2026-05-01", "submitted", 100, customer_name="Acme Corp"),
        deal("D21", "P4", "2026-05-10", "submitted", 200, customer_name="Acme Corp"),
    ]
    program["partners"].append(partner("P11", "2024-01-01", cam_id=""))  # no CAM at all
    return load_folder(write_program(tmp_path / "program", program))


def test_a_cam_gets_only_their_partners_from_lists_and_comparisons(conflict_program):
    con = conflict_program
    ben = Filters(as_of=sql.resolve(con, Filters(as_of=None)).as_of, scope=("C2",))
    options = sql.fetch_for(con, "selected_partner_options", ben)
    assert options.partner_id.tolist() == ["P4"]
    assert sql.fetch_in_scope(con, "partner_options", ("C2",)).partner_id.tolist() == ["P4"]
    everyone = sql.fetch_in_scope(con, "partner_options", None)
    assert len(everyone) == 11  # the unassigned P11 too, for leadership
    offered = sql.fetch_in_scope(con, "filter_options", ("C2",))
    assert offered[offered["filter"] == "cam"].value.tolist() == ["C2"]
    assert offered[offered["filter"] == "region"].value.tolist() == ["APAC"]
    # Ben's "channel" is his book: P4 alone is enrolled in it.
    both = sql.fetch_for(con, "portfolio_vs_channel", ben).set_index("scope")
    assert both.loc["channel", "enrolled_partners"] == 1
    assert both.loc["portfolio", "enrolled_partners"] == 1
    # Another CAM's partner cannot be opened by its id.
    for name in ("partner_profile", "partner_open_deals"):
        assert sql.fetch_for(con, name, ben, partner_id="P1").empty
    quarters = sql.fetch_for(con, "partner_quarters", ben, partner_id="P1")
    assert quarters.registrations.sum() == 0 and quarters.won_revenue.sum() == 0
    card = sql.fetch_for(con, "partner_scorecard", ben, partner_id="P4").set_index("row_kind")
    assert card.loc["tier median", "peers"] == 1  # Silver peers in Ben's book: P4 itself
    assert sql.fetch_for(con, "cam_headcount", replace(ben, cams=())).cams.tolist() == [1]


def test_a_conflict_with_another_cams_partner_does_not_name_it(conflict_program):
    con = conflict_program
    as_of = sql.resolve(con, Filters()).as_of
    ben = sql.fetch_for(con, "channel_conflicts", Filters(as_of=as_of, scope=("C2",)))
    acme = ben[ben.customer_name == "Acme Corp"]
    assert acme.partner_name.tolist() == ["Partner P4"]
    assert acme.earlier_partner_name.tolist() == ["another CAM's partner"]
    lead = sql.fetch_for(con, "channel_conflicts", Filters(as_of=as_of))
    assert lead[lead.customer_name == "Acme Corp"].earlier_partner_name.tolist() == ["Partner P1"]


def test_as_of_default_is_the_programs_not_the_books(conflict_program):
    # The default reporting date is over all the data (docs/metrics.md): a date, not a partner.
    assert str(sql.default_as_of(conflict_program)) == AS_OF


def test_the_refresh_tables_example_names_canonical_tables():
    from queries.importing.database import read_table_queries
    from tests.conftest import ROOT

    queries = read_table_queries(ROOT / "docs" / "refresh-tables.example.toml")
    assert list(queries) == ["partners", "deal_registrations", "cams"]
