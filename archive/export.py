"""`nianbao export`: every table of the archive as one CSV file each, for use without SQLite.

Datasette already serves each table and query as CSV and JSON, and the whole file; this is
the offline path for someone who has the database and wants a folder of plain files (R,
Stata, a spreadsheet). Files are UTF-8 with a header row, written in primary-key order so
that two exports of the same database are byte-identical, and streamed row by row so a
200,000-report archive exports in constant memory.

Parquet is not written: the one maintained writer without a dataframe stack, pyarrow, is a
~40 MB wheel (fastparquet and polars are as heavy with their dependencies), more than the
rest of the project's dependencies together; docs/publishing.md has the figures. CSV of a
long-format table loses nothing here (every value is a number or text).
"""

from __future__ import annotations

import csv
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("csv",)


@dataclass
class Exported:
    table: str
    path: Path
    rows: int


def exportable_tables(conn: sqlite3.Connection) -> list[str]:
    """The archive's own tables: not the search index, its shadow tables or SQLite's."""
    rows = conn.execute(
        "select name, sql from sqlite_master where type = 'table' order by name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _ in rows
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(v + "_") for v in virtual)
    ]


def _order(conn: sqlite3.Connection, table: str) -> str:
    pks = [
        r[1]
        for r in sorted(conn.execute(f"pragma table_info([{table}])"), key=lambda r: r[5])
        if r[5]
    ]
    return ", ".join(f"[{c}]" for c in pks) if pks else "rowid"


def export_tables(
    db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], fmt: str = "csv"
) -> list[Exported]:
    """Write `<table>.csv` for every table of `db_path` into `out_dir`; what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unsupported format {fmt!r}: one of {', '.join(FORMATS)}")
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    written = []
    try:
        for table in exportable_tables(conn):
            cursor = conn.execute(f"select * from [{table}] order by {_order(conn, table)}")
            columns = [d[0] for d in cursor.description]
            target = out / f"{table}.csv"
            partial = target.with_name(target.name + ".partial")
            rows = 0
            with open(partial, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(columns)
                for row in cursor:
                    writer.writerow(row)
                    rows += 1
            partial.replace(target)  # a file named .csv is always complete
            written.append(Exported(table, target, rows))
    finally:
        conn.close()
    return written
