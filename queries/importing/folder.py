"""The import pipeline for a folder of files named after the canonical tables (the CLI's load)."""

from __future__ import annotations

from pathlib import Path

from queries.contract import TABLES
from queries.importing import mapping, pipeline
from queries.importing.reading import read_any
from queries.loader import LoadError, Problem, find_files


def prepare_folder(
    data_dir: Path, known_partners: set[str] | None = None
) -> dict[str, pipeline.TableResult]:
    """Read, map (by canonical names and their synonyms), normalise and validate every file."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise LoadError([Problem(str(data_dir), None, "folder not found")])
    files = find_files(data_dir)
    missing = [
        n for n, t in TABLES.items() if not t.optional and n not in files and not known_partners
    ]
    if missing:
        raise LoadError(
            [
                Problem(f"{n}.csv", None, f"required file is missing from {data_dir}")
                for n in missing
            ]
        )
    results = {}
    for name, path in files.items():
        raw = read_any(path.name, path.read_bytes())[0]
        proposal = mapping.propose_mapping(name, list(raw.frame.columns))
        results[name] = pipeline.prepare(name, path.name, raw.frame, proposal)
    pipeline.check_references(results, known_partners)
    pipeline.add_warnings(results)
    return results


def report_lines(results: dict[str, pipeline.TableResult], examples: int = 5) -> list[str]:
    """The validation report as text: per file, the counts, the first rejected rows, warnings."""
    lines = []
    for result in results.values():
        lines.append(
            f"{result.source}: {result.rows_read:,} rows read, "
            f"{result.rows_accepted:,} accepted, {result.rows_rejected:,} rejected"
        )
        for row in result.rejected.head(examples).itertuples():
            lines.append(f"  line {row.line}: {row.reasons}")
        if result.rows_rejected > examples:
            lines.append(f"  … and {result.rows_rejected - examples:,} more rejected rows")
        lines += [f"  warning: {w}" for w in result.warnings]
    return lines
