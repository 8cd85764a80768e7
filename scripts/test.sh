#!/usr/bin/env bash
# Run the whole suite: lint, SQL and unit tests, AppTests, CLI tests and browser tests.
# Installs what it needs: the Python packages in .venv, and Debian's chromium when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt

# Debian packages the tests drive for real: chromium (browser tests) and postgresql (the
# SQLAlchemy database source, started by the tests on a loopback port).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium fonts-dejavu-core"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing Debian packages for the tests:$missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Two workers (the machine has two cores; one pytest process keeps about one busy: much of a
# test's time is spent waiting on a server, a browser or a subprocess), each taking whole modules
# so that a module's fixtures are built once, in the order tests/conftest.py gives them.
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
