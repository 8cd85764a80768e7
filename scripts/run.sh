#!/usr/bin/env bash
# Start the dashboard on the built-in sample program at http://localhost:8501.
# Set CHANNEL_DB=path/to/file.duckdb (built with `python -m queries load`) to use your own data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/python scripts/serve.py "$@"
