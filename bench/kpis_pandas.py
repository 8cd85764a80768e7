"""The pandas baseline for `python -m queries kpis --data DIR`: what a user would otherwise write.

It runs tests/reference_kpis.py, the straightforward pandas reading of docs/metrics.md that the
tests check the command line against, for the default as-of date and window. It computes the
partner statuses and rates, revenue, win rate, MDF utilization and forecast accuracy and bias
(twelve of the command line's fields), so beside the command line it does less work, not more.

    .venv/bin/python bench/kpis_pandas.py DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reference_kpis import reference_kpis

if __name__ == "__main__":
    print(json.dumps(reference_kpis(Path(sys.argv[1])), indent=2, default=float))
