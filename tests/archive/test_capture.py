"""`/-/capture/<id>` (archive/plugins/capture.py): the archived original of a capture, byte
for byte, from its WARC record or the blob store, with headers that keep it inert."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from urllib.parse import unquote

import pytest

from archive.captures import record_capture
from archive.db import open_db
from archive.publish import (
    datasette_command,
    load_metadata,
    public_datasette,
)
from archive.store import BlobStore
from archive.warc import WarcWriter

HTML = (
    "<html><head><meta charset=gbk><script>alert(1)</script></head>"
    "<body><img src='http://a.gov.cn/x.png'>宁夏回族自治区司法厅2023年政府信息公开工作年度报告</body></html>"
).encode("gbk")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
PDF_URL = "http://a.gov.cn/nb/P020240115/年度报告 2023.pdf"


def _capture(db, store, writer, url, body, content_type, when, **kw):
    return record_capture(
        db,
        store,
        url=url,
        status=200,
        headers={"Content-Type": content_type},
        body=body,
        role=kw.pop("role", "detail"),
        fetched_at=when,
        request_headers={"User-Agent": "nianbao-test"},
        warc=writer,
        **kw,
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("capture")
    db = open_db(root / "nianbao.db")
    store = BlobStore(root / "blobs")
    ids = {}
    with WarcWriter(root / "warc", run_id=1) as writer:
        ids["html"] = _capture(
            db, store, writer, "http://a.gov.cn/nb/1.html", HTML, "text/html; charset=gbk",
            "2024-02-01T08:00:00+00:00",
        )  # fmt: skip
        ids["pdf"] = _capture(
            db, store, writer, PDF_URL, PDF, "application/pdf", "2024-02-01T08:01:00+00:00",
            role="attachment",
        )  # fmt: skip
        ids["revisit"] = _capture(
            db, store, writer, "http://a.gov.cn/nb/1.html", HTML, "text/html; charset=gbk",
            "2024-03-01T08:00:00+00:00",
        )  # fmt: skip
    # captured before WARCs were written: only the blob store has it
    ids["blob_only"] = _capture(
        db, store, None, "http://a.gov.cn/nb/old.html", b"<p>old</p>", "text/html",
        "2023-01-01T00:00:00Z",
    )  # fmt: skip
    # its WARC record points past the end of the file and its blob is gone: nothing to serve
    ids["lost"] = _capture(
        db, store, None, "http://a.gov.cn/nb/lost.html", b"<p>lost</p>", "text/html",
        "2023-01-02T00:00:00Z",
    )  # fmt: skip
    warc_file = db.table("captures").get(ids["html"])["warc_file"]
    db.table("captures").update(
        ids["lost"],
        {"warc_file": warc_file, "warc_offset": 10**9, "warc_length": 50,
         "warc_record_type": "response"},
    )  # fmt: skip
    store.path_for(db.table("captures").get(ids["lost"])["sha256"]).unlink()
    assert db.table("captures").get(ids["revisit"])["warc_record_type"] == "revisit"
    db.close()
    return {"root": root, "db": root / "nianbao.db", **ids}


def fetch(archive: dict, *urls: str, configured: bool = True) -> list:
    path = archive["db"]
    if configured:
        metadata = load_metadata(path.stem, archive["root"] / "warc", archive["root"] / "blobs")
    else:
        metadata = load_metadata(path.stem)

    ds = public_datasette(path, metadata)

    async def run():
        return [await ds.client.get(url) for url in urls]

    return asyncio.run(run())


def test_html_original_is_served_byte_exact_and_sandboxed(archive):
    (response,) = fetch(archive, f"/-/capture/{archive['html']}")
    assert response.status_code == 200
    assert response.content == HTML
    assert response.headers["content-type"] == "text/html; charset=gbk"
    csp = response.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "allow-scripts" not in csp and "allow-same-origin" not in csp
    assert "content-disposition" not in response.headers
    assert response.headers["link"] == '<http://a.gov.cn/nb/1.html>; rel="original"'
    assert response.headers["x-archived-at"] == "2024-02-01T08:00:00+00:00"
    assert response.headers["memento-datetime"] == "Thu, 01 Feb 2024 08:00:00 GMT"
    assert response.headers["x-nianbao-capture-source"].startswith("warc ")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pdf_is_a_download_named_from_its_url(archive):
    (response,) = fetch(archive, f"/-/capture/{archive['pdf']}")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "年度报告_2023.pdf"
    link = response.headers["link"]
    assert link.isascii() and unquote(link) == f'<{PDF_URL}>; rel="original"'


def test_revisit_serves_the_bytes_it_refers_to(archive):
    (response,) = fetch(archive, f"/-/capture/{archive['revisit']}")
    assert response.status_code == 200
    assert response.content == HTML
    assert response.headers["x-archived-at"] == "2024-03-01T08:00:00+00:00"


def test_capture_without_warc_comes_from_the_blob_store(archive):
    (response,) = fetch(archive, f"/-/capture/{archive['blob_only']}")
    assert response.status_code == 200
    assert response.content == b"<p>old</p>"
    assert response.headers["x-nianbao-capture-source"] == "blob"
    assert response.headers["content-security-policy"].startswith("sandbox;")


def test_unservable_capture_and_missing_ids_are_clear_errors(archive):
    lost, missing, bad = fetch(
        archive, f"/-/capture/{archive['lost']}", "/-/capture/999999", "/-/capture/abc"
    )
    assert lost.status_code == 502
    assert "cannot be served" in lost.text and "truncated" in lost.text
    assert "no such file" in lost.text.lower()
    assert missing.status_code == 404 and "No capture 999999" in missing.text
    assert bad.status_code == 404


def test_default_folders_are_beside_the_database(archive):
    # `nianbao serve` writes the metadata with the folders beside the database
    command = datasette_command(archive["db"], port=9999)
    metadata_file = Path(command[command.index("--metadata") + 1])
    import json

    config = json.loads(metadata_file.read_text("utf-8"))["plugins"]["nianbao-capture"]
    assert config == {
        "database": "nianbao",
        "warc_dir": str((archive["root"] / "warc").resolve()),
        "blob_dir": str((archive["root"] / "blobs").resolve()),
    }
    # without the folders configured the route says so instead of guessing
    (response,) = fetch(archive, f"/-/capture/{archive['html']}", configured=False)
    assert response.status_code == 502 and "no WARC folder or blob store" in response.text


def test_served_bytes_match_the_capture_row(archive):
    import sqlite3

    conn = sqlite3.connect(archive["db"])
    ids = [r[0] for r in conn.execute("select id from captures where id != ?", [archive["lost"]])]
    digests = dict(conn.execute("select id, sha256 from captures"))
    conn.close()
    for cid, response in zip(ids, fetch(archive, *(f"/-/capture/{i}" for i in ids)), strict=True):
        assert response.status_code == 200, cid
        assert hashlib.sha256(response.content).hexdigest() == digests[cid]
