"""The archive's shape: every contracted table, WAL mode, idempotent upgrades."""

from archive.captures import record_capture
from archive.db import SCHEMA, open_db
from archive.runs import finish_run, start_run
from archive.store import BlobStore

CONTRACT_TABLES = {
    "reports",
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "checks",
    "captures",
    "crawl_runs",
    "sites",
}
REPORT_COLUMNS = {
    "agency",
    "province",
    "city",
    "county",
    "level",
    "adcode",
    "year",
    "format",
    "published",
    "source_url",
    "first_seen",
    "last_seen",
    "status",
}


def test_contract_tables_and_columns(tmp_path):
    db = open_db(tmp_path / "a.db")
    assert CONTRACT_TABLES <= set(db.table_names())
    assert REPORT_COLUMNS <= set(db.table("reports").columns_dict)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_open_twice_adds_missing_columns(tmp_path):
    path = tmp_path / "a.db"
    db = open_db(path)
    db.execute("alter table reports drop column adcode")
    db.close()
    db = open_db(path)
    assert "adcode" in db.table("reports").columns_dict
    assert set(SCHEMA) <= set(db.table_names())


def test_capture_rows_point_at_their_bytes(tmp_path):
    db = open_db(tmp_path / "a.db")
    store = BlobStore(tmp_path / "blobs")
    run = start_run(db, "crawl", "http://example.gov.cn/")
    body = b"<html>\xe5\xb9\xb4\xe6\x8a\xa5</html>"
    cid = record_capture(
        db,
        store,
        url="http://example.gov.cn/nb/",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body=body,
        role="column",
        run_id=run,
    )
    row = db.table("captures").get(cid)
    assert row["length"] == len(body) and row["content_type"].startswith("text/html")
    assert (tmp_path / "blobs" / row["blob"]).read_bytes() == body
    finish_run(db, run, "ok", pages=1)
    assert db.table("crawl_runs").get(run)["status"] == "ok"
