"""The pages' data access: the cached results of queries.db, as the people in the room may see them.

Pages import this module, never queries.db (tests/test_presentation.py holds every page to it).
Every frame it returns has passed presentation.for_audience, so while a partner is in the room each
other partner's and each customer's name is already an alias in whatever the page builds from it:
tables, chart labels and tooltips, headline sentences, downloads. The decision reads session state,
which is why it is made here and not in queries/.
"""

from __future__ import annotations

import pandas as pd

from components import presentation
from queries import db as store
from queries.db import (
    data_source,
    default_as_of,
    loaded_tables,
    resolved_as_of,
    source_problem,
    working_db,
)
from queries.filters import Filters

__all__ = [
    "data_source",
    "default_as_of",
    "loaded_tables",
    "plain_query",
    "query",
    "resolved_as_of",
    "source_problem",
    "working_db",
]


def query(source: str, name: str, filters: Filters, **options: object) -> pd.DataFrame:
    """One named query for one set of filters; callers must not mutate the frame."""
    return presentation.for_audience(source, store.query(source, name, filters, **options))


def plain_query(source: str, name: str) -> pd.DataFrame:
    """A named query that takes no filters; callers must not mutate the frame."""
    return presentation.for_audience(source, store.plain_query(source, name))
