"""Filter values as people type them (a CAM's name or id, "gold" for Gold) resolved to the data's.

A value that matches nothing is an error that lists the known values, never an empty selection
that reads as zeros.
"""

from __future__ import annotations

import pandas as pd

FLAGS = {"tier": "--tier", "region": "--region", "cam": "--cam", "partner_type": "--partner-type"}


class UnknownFilterValue(ValueError):
    def __init__(self, kind: str, value: str, known: list[str]):
        self.kind, self.value, self.known = kind, value, known
        super().__init__(
            f"{FLAGS.get(kind, kind)} {value!r} matches nothing; known values: " + ", ".join(known)
        )


def resolve(options: pd.DataFrame, kind: str, given: list[str]) -> tuple[str, ...]:
    """The data's values for what was given: exact value, exact label, then ignoring case.

    `options` is the filter_options query (filter, value, label); for CAMs the value is the id
    and the label the name, so either finds the CAM.
    """
    rows = options[options["filter"] == kind]
    values = [str(v) for v in rows["value"]]
    labels = [str(v) for v in rows["label"]]
    resolved = []
    for item in given:
        found = _match(item, values, labels)
        if found is None:
            known = labels if kind == "cam" else values
            raise UnknownFilterValue(kind, item, sorted(set(known)))
        resolved.append(found)
    return tuple(resolved)


def _match(item: str, values: list[str], labels: list[str]) -> str | None:
    text = item.strip()
    for candidates in (values, labels):
        if text in candidates:
            return values[candidates.index(text)]
    folded = text.casefold()
    for candidates in (values, labels):
        hits = {values[i] for i, c in enumerate(candidates) if c.casefold() == folded}
        if len(hits) == 1:
            return hits.pop()
    return None
