"""The published archive through Datasette's own test client: search, canned queries,
exports, the download and the read-only surface (issue 7; RELIABILITY.md case 46)."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from archive.db import open_db
from archive.fts import ensure_fts, search, search_clause, split_query
from archive.process import process_captures, report_id, save_report
from archive.publish import (
    datasette_command,
    load_metadata,
    plugins_dir,
    public_datasette,
)
from archive.store import BlobStore
from tests.archive.helpers import (
    EDU_URL,
    GAP_URL,
    REMOVED_URL,
    build_publish_archive,
    education_report,
)
from tests.archive.helpers import capture_row as _capture


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_publish_archive(tmp_path_factory.mktemp("pub") / "nianbao.db")


def fetch(path: Path, *requests: str | tuple[str, str]) -> list:
    """GET (or ("POST", path)) each request on one fresh Datasette; the httpx responses."""

    ds = public_datasette(path)

    async def run():
        responses = []
        for request in requests:
            method, url = request if isinstance(request, tuple) else ("GET", request)
            if method == "POST":
                responses.append(await ds.client.post(url, data={"sql": "delete from reports"}))
            else:
                responses.append(await ds.client.get(url))
        return responses

    return asyncio.run(run())


def containing(path: Path, *words: str) -> set[str]:
    db = open_db(path)
    ids = {
        r["id"]
        for r in db.query("select id, title, text from reports")
        if all(w in (r["title"] or "") + (r["text"] or "") for w in words)
    }
    db.close()
    return ids


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.text[:500]
    return {row["id"] for row in response.json()}


# --- search ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["司法", "行政复议", "复议", "教育", "行政复议 宁夏", '"行政复议、行政诉讼"']
)
def test_search_box_finds_exactly_the_reports_containing_the_words(archive, query):
    (response,) = fetch(archive, f"/nianbao/reports.json?_search={query}&_shape=array&_col=id")
    expected = containing(archive, *split_query(query))
    assert expected, query
    assert _ids(response) == expected


def test_search_box_words_are_discriminating(archive):
    sifa, edu = fetch(
        archive,
        "/nianbao/reports.json?_search=司法&_shape=array",
        "/nianbao/reports.json?_search=教学&_shape=array",
    )
    assert report_id(EDU_URL) not in _ids(sifa)
    assert _ids(edu) == {report_id(EDU_URL)}
    assert len(_ids(sifa)) == 7


@pytest.mark.parametrize("nonsense", ["量子纠缠", "鑫龘", "xyzzy", '"'])
def test_nonsense_search_finds_nothing(archive, nonsense):
    (response,) = fetch(archive, f"/nianbao/reports.json?_search={nonsense}&_shape=array")
    assert _ids(response) == set()


def test_search_box_is_shown_and_echoes_the_query(archive):
    (page,) = fetch(archive, "/nianbao/reports?_search=司法")
    assert page.status_code == 200
    assert 'name="_search"' in page.text
    assert 'value="司法"' in page.text
    assert "7 rows" in page.text


def test_search_query_is_ranked(archive):
    long_, short, empty = fetch(
        archive,
        "/nianbao/search.json?q=行政复议&_shape=array",
        "/nianbao/search.json?q=复议&_shape=array",
        "/nianbao/search.json?q=&_shape=array",
    )
    assert _ids(long_) == containing(archive, "行政复议")
    assert _ids(short) == containing(archive, "复议")
    assert empty.json() == []
    # short words: newest first (counting occurrences in every hit's text does not scale)
    published = [row["published"] or "" for row in short.json()]
    assert published == sorted(published, reverse=True)
    assert all("复议" in row["context"] for row in short.json())


def test_fts_module_search_and_clause(archive):
    db = open_db(archive)
    assert set(search(db, "司法", limit=100)) == containing(archive, "司法")
    assert set(search(db, "行政复议 司法", limit=100)) == containing(archive, "行政复议", "司法")
    assert search(db, "   ") == []
    db.close()
    assert search_clause("") == ("0", {})
    where, params = search_clause('司法 "行政 复议"')
    assert "match" in where and "instr" in where
    assert params["nianbao_match"] == '"行政 复议"'


def test_index_follows_writes_and_is_idempotent(tmp_path):
    db = open_db(tmp_path / "a.db")
    report = education_report()
    save_report(db, _capture(EDU_URL, 1), report)
    assert ensure_fts(db) is True
    assert ensure_fts(db) is False
    assert search(db, "教育经费") == [report_id(EDU_URL)]
    changed = dict(report, text="本年度新增体育场馆信息。")
    save_report(db, _capture(EDU_URL, 2), changed)  # an upsert: the update trigger
    assert search(db, "教育经费") == []
    assert search(db, "体育场馆") == [report_id(EDU_URL)]
    db.execute("delete from reports")
    db.conn.commit()
    assert search(db, "体育") == []
    # rows written while the triggers were missing are caught by the next ensure_fts
    for name in ("reports_fts_ai", "reports_fts_au", "reports_fts_ad"):
        db.execute(f"drop trigger {name}")
    save_report(db, _capture(GAP_URL, 3), report)
    assert search(db, "教育经费") == []
    assert ensure_fts(db) is True
    assert search(db, "教育经费") == [report_id(GAP_URL)]
    db.execute("insert into reports_fts(reports_fts) values ('integrity-check')")


def test_process_captures_builds_the_index(tmp_path):
    db = open_db(tmp_path / "a.db")
    process_captures(db, BlobStore(tmp_path / "blobs"))
    assert "reports_fts" in db.table_names()
    assert {"reports_fts_ai", "reports_fts_au", "reports_fts_ad"} <= {t.name for t in db.triggers}


# --- canned queries -------------------------------------------------------------------

CANNED_COLUMNS = {
    "search": ["id", "title", "agency", "province", "year", "published", "context"],
    "failing_checks": [
        "id", "title", "agency", "province", "year", "format", "check_name", "expected",
        "actual", "source_url",
    ],
    "late_reports": [
        "id", "title", "agency", "province", "year", "published", "days_late",
        "legal_deadline", "source_url",
    ],
    "applications_by_province_year": ["province", "year", "reports", "new_received"],
    "missing_years": ["agency", "missing_year", "province", "years_present"],
    "changed_reports": [
        "id", "title", "agency", "province", "year", "status", "revision", "last_change",
        "removed_on", "first_seen", "last_seen", "source_url",
    ],
}  # fmt: skip


def test_every_canned_query_is_tested():
    assert set(load_metadata()["databases"]["nianbao"]["queries"]) == set(CANNED_COLUMNS)


@pytest.mark.parametrize("name", sorted(CANNED_COLUMNS))
def test_canned_query_runs_with_its_columns(archive, name):
    (response,) = fetch(archive, f"/nianbao/{name}.json?q=司法")
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["ok"] is True and body["error"] is None
    assert body["columns"] == CANNED_COLUMNS[name]
    assert body["rows"], name
    for row in body["rows"]:
        assert len(row) == len(CANNED_COLUMNS[name])


def test_canned_query_rows(archive):
    failing, late, apps, missing, changed = (
        r.json()
        for r in fetch(
            archive,
            "/nianbao/failing_checks.json?_shape=array",
            "/nianbao/late_reports.json?_shape=array",
            "/nianbao/applications_by_province_year.json?_shape=array",
            "/nianbao/missing_years.json?_shape=array",
            "/nianbao/changed_reports.json?_shape=array",
        )
    )
    edu = report_id(EDU_URL)
    assert [(r["id"], r["check_name"]) for r in failing] == [(edu, "applications.balance.total")]
    late_by_id = {r["id"]: r for r in late}
    assert late_by_id[edu]["days_late"] == 43  # 2021-01-31 → 2021-03-15
    assert late_by_id[edu]["legal_deadline"] == "2021-01-31"
    assert {r["published"] for r in late} == {"2021-03-15", "2019-02-15", "2019-03-05"}
    # 宁波市鄞州区司法局 2020 (2 new applications) and the education report (5)
    assert {"province": "浙江省", "year": 2020, "reports": 2, "new_received": 7.0} in apps
    assert [(r["agency"], r["missing_year"]) for r in missing] == [("隆德县司法局", 2022)]
    assert missing[0]["years_present"] == "2021, 2023"
    assert {(r["id"], r["revision"], r["last_change"], r["removed_on"]) for r in changed} == {
        (report_id(REMOVED_URL), 1, None, "2025-02-01"),
        (edu, 2, "1 cell changed", None),
    }
    assert {r["id"]: r["status"] for r in changed}[report_id(REMOVED_URL)] == "removed"


# --- exports, download, read-only surface ---------------------------------------------


def test_csv_export_of_reports(archive):
    (response,) = fetch(archive, "/nianbao/reports.csv?_size=max&_col=title&_col=year")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 8
    assert list(rows[0]) == ["id", "title", "year"]
    assert "某县教育局2020年政府信息公开工作年度报告" in {r["title"] for r in rows}


def test_database_download_is_the_published_file(archive):
    (response,) = fetch(archive, "/nianbao.db")
    assert response.status_code == 200
    assert (
        hashlib.sha256(response.content).digest() == hashlib.sha256(archive.read_bytes()).digest()
    )


def test_writes_are_refused_and_debug_is_off(archive):
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    *posts, token, trace, pragma = fetch(
        archive,
        ("POST", "/nianbao/reports/-/insert"),
        ("POST", "/nianbao/-/create"),
        ("POST", "/nianbao"),
        ("POST", "/nianbao/changed_reports"),
        "/-/create-token",
        "/nianbao/reports.json?_trace=1",
        "/nianbao.json?sql=pragma+writable_schema%3D1",
    )
    for response in posts[:3]:
        assert response.status_code in (403, 404, 405), (response.url, response.status_code)
    # Datasette 0.65 answers a POST to a read-only canned query with a 500 (over HTTP too):
    # an error page, not a write.
    assert posts[3].status_code >= 400
    assert token.status_code == 404
    assert "_trace" not in trace.json()
    assert pragma.status_code == 400
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before


def test_public_command_flags(archive):
    command = datasette_command(archive, port=9999, public=True)
    assert command[command.index("-i") + 1] == str(archive)
    inspect_file = Path(command[command.index("--inspect-file") + 1])
    assert json.loads(inspect_file.read_text("utf-8"))["nianbao"]["tables"]["reports"]["count"] == 8
    settings = {
        command[i + 1]: command[i + 2] for i, flag in enumerate(command) if flag == "--setting"
    }
    assert settings["trace_debug"] == "off" and settings["template_debug"] == "off"
    assert settings["default_cache_ttl"] == "3600"
    assert settings["sql_time_limit_ms"] == "3000"
    assert Path(command[command.index("--plugins-dir") + 1]) == plugins_dir()
    local = datasette_command(archive, port=9999)
    assert "-i" not in local and str(archive) in local and "--inspect-file" not in local


def _tables(path: Path) -> dict[str, int]:
    import sqlite3

    from archive.export import exportable_tables

    conn = sqlite3.connect(path)
    counts = {
        t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
        for t in exportable_tables(conn)
    }
    conn.close()
    return counts


def test_every_table_downloads_whole_as_csv_and_json(archive):
    counts = _tables(archive)
    assert {"reports", "applications", "revisions", "checks", "captures"} <= set(counts)
    urls = []
    for table in counts:
        urls += [
            f"/nianbao/{table}.csv?_stream=on",
            f"/nianbao/{table}.json?_shape=array&_size=max",
        ]
    responses = fetch(archive, *urls)
    for table, (as_csv, as_json) in zip(
        counts, zip(responses[::2], responses[1::2], strict=True), strict=True
    ):
        assert as_csv.status_code == 200 and as_json.status_code == 200, table
        assert (
            as_csv.headers["content-type"].startswith("text/plain")
            or "csv" in as_csv.headers["content-type"]
        )
        assert len(list(csv.reader(io.StringIO(as_csv.text)))) == counts[table] + 1, table
        assert len(as_json.json()) == counts[table], table
    assert counts["applications"] > 0 and counts["revisions"] == 2


@pytest.mark.parametrize("name", sorted(CANNED_COLUMNS))
def test_every_canned_query_downloads_as_csv_and_json(archive, name):
    as_csv, as_json = fetch(
        archive,
        f"/nianbao/{name}.csv?q=司法&_size=max",
        f"/nianbao/{name}.json?q=司法&_shape=array",
    )
    assert as_csv.status_code == 200 and as_json.status_code == 200
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == CANNED_COLUMNS[name]
    assert len(rows) - 1 == len(as_json.json()) > 0


def test_cached_hit_lists_belong_to_their_file(tmp_path):
    """The search plugin keeps hit lists per file: two archives named alike do not mix."""
    paths = []
    for name, texts in (("a", ["司法局", "司法所", "教育局"]), ("b", ["教育局", "司法厅"])):
        path = tmp_path / name / "nianbao.db"
        db = open_db(path)
        db["reports"].insert_all({"id": f"{name}{i}", "text": t} for i, t in enumerate(texts))
        ensure_fts(db)
        db.close()
        paths.append(path)
    for path, expected in zip(paths, ({"a0", "a1"}, {"b1"}), strict=True):
        (inside,) = fetch(path, "/nianbao/reports.json?_search=司法&_shape=array")
        assert _ids(inside) == expected  # a: 2 of 3, the complement; b: 1 of 2, the hits
