"""The synthetic archive behind the publishing benchmark (issue 8): real schema, sane rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from archive.db import SCHEMA
from archive.fts import search
from nianbao.archive_gen import FIRST_YEAR, LAST_YEAR, build_archive, gazetteer
from parsers.canonical import APPLICATION_ROWS_2019, APPLICATION_ROWS_2021

N = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_archive(tmp_path_factory.mktemp("gen") / "nianbao.db", N, seed=7)


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_schema_and_counts(built):
    assert built.reports == N and built.size_mb > 0
    conn = sqlite3.connect(built.path)
    for table, (columns, _, _) in SCHEMA.items():
        have = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
        assert set(columns) <= have, table
    assert conn.execute("select count(*) from reports").fetchone() == (N,)
    assert conn.execute("pragma journal_mode").fetchone() == ("delete",)
    conn.close()


def test_report_invariants(built):
    provinces = set(gazetteer())
    rows = _rows(
        built.path,
        "select year, province, level, agency_kind, format, published, title, text, agency "
        "from reports",
    )
    for year, province, level, kind, fmt, published, title, text, agency in rows:
        assert FIRST_YEAR <= year <= LAST_YEAR
        assert province in provinces
        assert level in ("province", "city", "county", "township")
        assert kind in ("government", "department")
        assert fmt in ("2008", "2019", "2021")
        assert published is None or f"{year + 1}-01-01" <= published <= f"{year + 1}-12-31"
        assert title == f"{agency}{year}年政府信息公开工作年度报告"
        assert 3000 <= len(text) <= 9000
    assert len({r[1] for r in rows}) > 10  # spread over provinces, not one


def test_applications_consistent_except_failing_reports(built):
    reports = _rows(built.path, "select id, format, checks_failed from reports")
    cells: dict[str, dict[tuple[str, str], float]] = {}
    for rid, row, col, value in _rows(built.path, "select * from applications"):
        cells.setdefault(rid, {})[(row, col)] = value
    with_tables = [r for r in reports if r[1] in ("2019", "2021")]
    assert with_tables and all(r[0] in cells for r in with_tables)
    assert all(r[0] not in cells for r in reports if r[1] == "2008")
    failing = {r[0] for r in reports if r[2]}
    assert len(failing) < 0.1 * len(with_tables)
    assert failing == {r[0] for r in _rows(built.path, "select report_id from checks where ok = 0")}
    for rid, fmt, _ in with_tables:
        table = cells[rid]
        assert {row for row, _ in table} == set(
            APPLICATION_ROWS_2021 if fmt == "2021" else APPLICATION_ROWS_2019
        )
        if rid in failing:
            continue
        for col in ("natural_person", "total"):
            assert (
                table[("new_received", col)] + table[("carried_over", col)]
                == table[("total_handled", col)] + table[("carried_forward", col)]
            )
        for row, _ in table:
            assert table[(row, "natural_person")] <= table[(row, "total")]


def test_full_text_search_finds_a_term_that_exists(built):
    import sqlite_utils

    (text,) = _rows(built.path, "select text from reports limit 1")[0]
    line = text.splitlines()[1]
    term = line[2:8]
    db = sqlite_utils.Database(built.path)
    found = set(search(db, term, limit=N))
    expected = {r[0] for r in _rows(built.path, "select id, text from reports") if term in r[1]}
    assert found == expected and found
    assert set(search(db, term[:2], limit=N)) >= found
    db.close()


def test_deterministic_for_a_seed(built, tmp_path):
    again = build_archive(tmp_path / "again.db", N, seed=7)
    other = build_archive(tmp_path / "other.db", 20, seed=8)
    dump = "select * from reports order by id"
    assert _rows(again.path, dump) == _rows(built.path, dump)
    cells = "select * from applications order by report_id, row, [column]"
    assert _rows(again.path, cells) == _rows(built.path, cells)
    assert _rows(other.path, "select id from reports")[0] not in _rows(
        built.path, "select id from reports"
    )


def test_revisions_removals_and_legacy_counts(built):
    reports = _rows(
        built.path,
        "select id, format, status, removed_on, revision, document_url, source_url, sha256 "
        "from reports",
    )
    revisions: dict[str, list[tuple]] = {}
    for rid, revision, sha256, changes, summary in _rows(
        built.path, "select report_id, revision, sha256, changes, summary from revisions"
    ):
        revisions.setdefault(rid, []).append((revision, sha256, changes, summary))
    legacy = {r[0] for r in _rows(built.path, "select report_id from legacy_stats")}
    for rid, fmt, status, removed_on, revision, document_url, source_url, sha256 in reports:
        assert status in ("current", "removed")
        assert (removed_on is not None) == (status == "removed")
        assert document_url == source_url
        revs = sorted(revisions[rid])
        assert [r[0] for r in revs] == list(range(1, revision + 1))
        assert revs[0][2] == "[]" and revs[-1][1] == sha256
        for _, _, changes, summary in revs[1:]:
            (change,) = json.loads(changes)
            assert change["what"] == "cell" and change["old"] != change["new"]
            assert summary == "1 cell changed"
        assert (rid in legacy) == (fmt == "2008")
    assert any(r[4] == 2 for r in reports)  # some were edited
