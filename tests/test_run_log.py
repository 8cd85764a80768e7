"""The run log: each script run's server time, for the operator who asks (CHANNEL_RUN_LOG)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from components import run_log
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def _runs(path) -> list[list[str]]:
    return [line.split() for line in path.read_text().splitlines()]


def test_each_run_logs_its_start_end_and_page(monkeypatch, tmp_path):
    log = tmp_path / "runs.log"
    monkeypatch.setenv(run_log.RUN_LOG, str(log))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.switch_page(str(ROOT / "pages/pipeline/mdf.py")).run()
    assert not at.exception
    runs = _runs(log)
    assert [page for *_, page in runs] == ["/", "mdf"]
    for start, end, _ in runs:
        assert 0 < float(end) - float(start) < 60


def test_a_page_that_stops_early_still_logs_its_run(monkeypatch, tmp_path):
    """The scorecard with no partner to show ends with st.stop, which raises through app.py."""
    log = tmp_path / "runs.log"
    monkeypatch.setenv(run_log.RUN_LOG, str(log))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(str(ROOT / "pages/partner/scorecard.py")).run()
    assert not at.exception
    assert any("Search a partner" in info.value for info in at.info)
    assert [page for *_, page in _runs(log)] == ["/", "scorecard"]


def test_nothing_is_written_unless_asked(monkeypatch, tmp_path):
    monkeypatch.delenv(run_log.RUN_LOG, raising=False)
    monkeypatch.chdir(tmp_path)
    run_log.finish(run_log.start(), "mdf")
    assert list(tmp_path.iterdir()) == []


def test_a_fragment_rerun_logs_its_own_run(monkeypatch, tmp_path):
    """Each call of the what-if's fragment logs a run: a slider there reruns the fragment
    alone in a served app, without app.py."""
    log = tmp_path / "runs.log"
    monkeypatch.setenv(run_log.RUN_LOG, str(log))
    at = AppTest.from_file(str(ROOT / "pages/planning/whatif_coverage.py"), default_timeout=60)
    at.run()
    assert [page for *_, page in _runs(log)] == ["whatif-coverage"]
    at.slider[0].set_value(at.slider[0].value + 1).run()
    assert not at.exception
    assert [page for *_, page in _runs(log)] == ["whatif-coverage", "whatif-coverage"]


def test_a_log_that_cannot_be_written_leaves_the_page_whole(monkeypatch, tmp_path, caplog):
    """An operator's typo in the path costs the log, said once in the server's log, not the page."""
    missing = tmp_path / "no-such-folder" / "runs.log"
    monkeypatch.setenv(run_log.RUN_LOG, str(missing))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Portfolio health"
    other = tmp_path / "another-missing-folder" / "runs.log"
    monkeypatch.setenv(run_log.RUN_LOG, str(other))
    with caplog.at_level("WARNING", logger="components.run_log"):
        run_log.finish(run_log.start(), "mdf")
        run_log.finish(run_log.start(), "mdf")
    said = [r.getMessage() for r in caplog.records if r.name == "components.run_log"]
    assert said == [
        f"CHANNEL_RUN_LOG={path} cannot be written: No such file or directory"
        for path in (missing, other)
    ]
