"""The database source against a real PostgreSQL server started on a loopback port.

scripts/test.sh installs Debian's postgresql package when it is missing; the server is started
with initdb and pg_ctl in a temporary folder and stopped at the end.
"""

from __future__ import annotations

import getpass
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from queries.importing import database, mapping, pipeline, store
from queries.importing.reading import ReadError
from tests.browser.conftest import _free_port

PASSWORD = "s3cret-Pa55"


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root: run it as the postgres user the package creates.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres_url():
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; scripts/test.sh installs it")
        pytest.skip("PostgreSQL is not installed")
    # Not under pytest's private tmp folder: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="channel-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if os.geteuid() == 0:
        shutil.chown(password_file, "postgres")
    user = "postgres" if os.geteuid() == 0 else getpass.getuser()
    subprocess.run(
        _as_postgres(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                user,
                "-A",
                "scram-sha-256",
                f"--pwfile={password_file}",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                pg_ctl,
                "-D",
                str(data),
                "-w",
                "-l",
                str(folder / "log"),
                "-o",
                f"-p {port} -h 127.0.0.1 -k {folder}",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    url = f"postgresql+psycopg://{user}:{PASSWORD}@127.0.0.1:{port}/postgres"
    engine = create_engine(url)
    for _ in range(50):
        try:
            with engine.begin() as connection:
                connection.execute(
                    text("""
                    create table crm_accounts (account_id text, account_name text,
                                               partner_tier text, created date);
                    insert into crm_accounts values
                        ('A1', 'Alpha Systems', 'Gold', '2024-01-15'),
                        ('A2', 'Beta Data', 'Silver', '2024-03-01');
                    create table crm_opportunities (id text, account_id text, created_date date,
                                                    stage_name text, amount numeric,
                                                    close_date date);
                    insert into crm_opportunities values
                        ('O1', 'A1', '2026-01-05', 'Closed Won', 1000.50, '2026-02-01'),
                        ('O2', 'A2', '2026-02-01', 'Closed Lost', 250, '2026-02-20'),
                        ('O3', 'A9', '2026-02-03', 'Closed Won', 90, '2026-02-25');
                """)
                )
            break
        except Exception:
            time.sleep(0.2)
    engine.dispose()
    yield url
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-m", "fast", "stop"]), capture_output=True
    )
    shutil.rmtree(folder, ignore_errors=True)


QUERIES = {
    "partners": "select account_id as partner_id, account_name as partner_name, "
    "partner_tier as tier, created as enrolled_on from crm_accounts",
    "deal_registrations": "select * from crm_opportunities",
}


def test_database_tables_go_through_the_same_pipeline(postgres_url, tmp_path):
    raws = database.read_tables(postgres_url, QUERIES)
    assert [r.name for r in raws] == ["partners (database)", "deal_registrations (database)"]
    results = {}
    for raw, table in zip(raws, QUERIES, strict=True):
        proposal = mapping.propose_mapping(table, list(raw.frame.columns))
        results[table] = pipeline.prepare(table, raw.name, raw.frame, proposal)
    assert (
        mapping.propose_mapping("deal_registrations", list(raws[1].frame.columns))["status"]
        == "stage_name"
    )
    pipeline.check_references(results)
    deals = results["deal_registrations"]
    assert deals.rows_read == 3 and deals.rows_accepted == 2
    assert deals.rejected.reasons.tolist() == ["partner_id: unknown partner_id 'A9'"]
    assert store.write_load(tmp_path / "channel.duckdb", results, "database").version == 1


def test_credentials_are_never_shown(postgres_url):
    wrong = postgres_url.replace(PASSWORD, "wrong-password")
    with pytest.raises(ReadError) as error:
        database.read_tables(wrong, QUERIES)
    assert "wrong-password" not in str(error.value)
    assert PASSWORD not in str(error.value)
    assert "***" in str(error.value)
    with pytest.raises(ReadError) as error:
        database.read_tables(postgres_url, {"partners": "select * from missing_table"})
    assert PASSWORD not in str(error.value)
    assert "missing_table" in str(error.value)


def _tables_file(folder: Path) -> Path:
    path = folder / "refresh.toml"
    path.write_text("".join(f"{table} = {query!r}\n" for table, query in QUERIES.items()))
    return path


def test_refresh_from_the_system_of_record_loads_like_a_folder(postgres_url, tmp_path, capsys):
    from queries import audit, cli

    db, tables = tmp_path / "channel.duckdb", _tables_file(tmp_path)
    argv = ["load", "--source", postgres_url, "--tables", str(tables), "--db", str(db)]
    # O3 names an unknown partner: refused whole, as `load --data` would (exit 2)...
    assert cli.main(argv) == 2
    assert not db.exists()
    # ...or loaded without it on request (exit 1), as a new version.
    assert cli.main([*argv, "--load-accepted"]) == 1
    assert store.history(db).version.tolist() == [1]
    assert cli.main(["kpis", "--db", str(db), "--as-of", "2026-03-31"]) == 0
    printed = capsys.readouterr()
    assert PASSWORD not in printed.out + printed.err
    assert "deal_registrations (database): 3 rows read, 2 accepted, 1 rejected" in printed.out
    outcomes = audit.trail().sort_values("recorded_at")
    assert outcomes.action.tolist() == ["refresh", "refresh"]
    assert outcomes.detail.tolist() == [
        "refused: 1 row was rejected; nothing was written",
        f"loaded version 1 from {database.masked(postgres_url)}; 1 row left out",
    ]
    assert PASSWORD not in " ".join(outcomes.detail)


def test_a_refresh_that_cannot_connect_says_so_and_is_recorded(postgres_url, tmp_path, capsys):
    from queries import audit, cli

    wrong = postgres_url.replace(PASSWORD, "wrong-password")
    db, tables = tmp_path / "channel.duckdb", _tables_file(tmp_path)
    assert cli.main(["load", "--source", wrong, "--tables", str(tables), "--db", str(db)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: cannot connect to postgresql+psycopg://")
    assert len(error.splitlines()) == 1 and "wrong-password" not in error
    last = audit.last("refresh")
    assert last.detail.startswith("failed: cannot connect") and "wrong-password" not in last.detail


def test_a_tables_file_that_names_no_canonical_table_is_refused(tmp_path, capsys):
    from queries import cli

    tables = tmp_path / "refresh.toml"
    tables.write_text('accounts = "select * from crm_accounts"\n')
    argv = ["load", "--source", "postgresql+psycopg://u@127.0.0.1:9/x", "--tables", str(tables)]
    assert cli.main([*argv, "--db", str(tmp_path / "c.duckdb")]) == 2
    assert "'accounts' is not a canonical table" in capsys.readouterr().err
