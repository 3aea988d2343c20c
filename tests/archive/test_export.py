"""`nianbao export` (archive/export.py): one CSV per table, complete and in key order."""

from __future__ import annotations

import csv
import sqlite3

from click.testing import CliRunner

from archive.db import SCHEMA, open_db
from archive.export import export_tables
from archive.fts import ensure_fts
from nianbao.cli import main

TRICKY = '第一段，含逗号与"引号"\n第二段'


def _archive(path):
    db = open_db(path)
    db["reports"].insert_all(
        [
            {"id": "b2", "title": "乙县司法局2020年政府信息公开工作年度报告", "text": TRICKY,
             "year": 2020, "revision": 1},
            {"id": "a1", "title": "甲市人民政府2021年政府信息公开工作年度报告", "text": None,
             "year": 2021, "revision": 2},
        ]
    )  # fmt: skip
    db["applications"].insert_all(
        [
            {"report_id": "b2", "row": "new_received", "column": "total", "value": 12.0},
            {"report_id": "a1", "row": "granted", "column": "total", "value": 3.5},
        ]
    )
    db["revisions"].insert({"report_id": "a1", "revision": 2, "changes": "[]", "summary": "—"})
    ensure_fts(db)
    db.close()
    return path


def test_every_table_exported_complete_and_ordered(tmp_path):
    db_path = _archive(tmp_path / "nianbao.db")
    written = export_tables(db_path, tmp_path / "out")
    assert {w.table for w in written} == set(SCHEMA)  # no search index or shadow tables
    by_table = {w.table: w for w in written}
    with open(by_table["reports"].path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["a1", "b2"]  # primary-key order
    assert rows[1]["text"] == TRICKY and rows[0]["text"] == ""
    assert list(rows[0])[:3] == ["id", "source_url", "title"]
    conn = sqlite3.connect(db_path)
    for item in written:
        (count,) = conn.execute(f"select count(*) from [{item.table}]").fetchone()
        with open(item.path, encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) == count + 1 == item.rows + 1, item.table
    conn.close()
    assert not list((tmp_path / "out").glob("*.partial"))


def test_export_command(tmp_path):
    db_path = _archive(tmp_path / "nianbao.db")
    result = CliRunner().invoke(
        main, ["export", "--db", str(db_path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    lines = dict(line.split("\t") for line in result.stdout.splitlines())
    assert lines[str(tmp_path / "o" / "applications.csv")] == "2"
    assert (tmp_path / "o" / "revisions.csv").read_text("utf-8").splitlines()[1].startswith("a1,2,")
    missing = CliRunner().invoke(
        main, ["export", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "o")]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
    parquet = CliRunner().invoke(
        main, ["export", "--db", str(db_path), "--out", str(tmp_path / "o"), "--format", "parquet"]
    )
    assert parquet.exit_code == 2
