"""WARC files: every capture round-trips byte-exactly, revisits, crash safety, CDXJ."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archive.captures import record_capture
from archive.db import open_db
from archive.store import BlobStore
from archive.warc import (
    OPEN_SUFFIX,
    WarcError,
    WarcWriter,
    check_files,
    gzip_members,
    read_capture,
    surt,
    warc_files,
    write_cdxj,
)
from nianbao.cli import main

WARCIO = Path(sys.executable).parent / "warcio"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
HTML = "<html><head><meta charset=gbk></head><body>政府信息公开工作年度报告</body></html>"


@pytest.fixture
def archive(tmp_path):
    db = open_db(tmp_path / "a.db")
    store = BlobStore(tmp_path / "blobs")
    writer = WarcWriter(tmp_path / "warc", run_id=7)
    yield db, store, writer, tmp_path
    writer.close()
    db.close()


def capture(db, store, writer, *, url, body, headers=None, status=200, when=None, **kw):
    return record_capture(
        db,
        store,
        url=url,
        status=status,
        headers=headers or {"Content-Type": "application/pdf"},
        body=body,
        role="attachment",
        fetched_at=when or "2024-05-01T10:00:00+00:00",
        request_headers={"User-Agent": "nianbao-test", "Accept-Encoding": "gzip, deflate"},
        warc=writer,
        **kw,
    )


def show(tmp_path, *args):
    return CliRunner().invoke(main, ["show-capture", *map(str, args), "--db", tmp_path / "a.db"])


def records(path):
    with open(path, "rb") as fh:
        return [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]


def test_capture_round_trips_byte_exactly(archive):
    db, store, writer, tmp_path = archive
    gbk = HTML.encode("gbk")
    headers = {
        "Content-Type": "text/html; charset=gbk",
        "Content-Encoding": "gzip",  # Scrapy decoded it: the record must not say gzip
        "Content-Length": "17",
        "Content-Disposition": 'attachment; filename="'
        + "年报.pdf".encode("gbk").decode("latin-1")
        + '"',
    }
    cid = capture(db, store, writer, url="http://a.gov.cn/nb/1.html", body=gbk, headers=headers)
    pid = capture(db, store, writer, url="http://a.gov.cn/nb/1.pdf", body=PDF)
    row = db.table("captures").get(cid)
    assert row["warc_file"].endswith(".warc.gz") and row["warc_record_type"] == "response"
    assert row["payload_digest"].startswith("sha1:") and row["warc_length"] > 0

    out = tmp_path / "out.html"
    result = show(tmp_path, cid, "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == gbk  # read while the file is still .open
    assert show(tmp_path, pid).stdout_bytes == PDF

    writer.close()
    assert show(tmp_path, pid).stdout_bytes == PDF  # and after the rename
    head = show(tmp_path, cid, "--headers").stdout_bytes
    status_and_headers, _, body = head.partition(b"\r\n\r\n")
    assert body == gbk and status_and_headers.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Encoding" not in status_and_headers
    assert f"Content-Length: {len(gbk)}".encode() in status_and_headers
    assert "年报.pdf".encode("gbk") in status_and_headers  # header bytes kept as sent

    (path,) = warc_files(tmp_path / "warc")
    assert path.name.startswith("nianbao-7-") and not list(path.parent.glob("*" + OPEN_SUFFIX))
    recs = records(path)
    assert [r[0] for r in recs] == ["warcinfo", "response", "request", "response", "request"]
    assert "WARC/1.1" in recs[1][1].protocol
    _, warc_h, _, payload = recs[1]
    assert payload == gbk
    assert warc_h.get_header("WARC-Date") == "2024-05-01T10:00:00Z"
    assert warc_h.get_header("WARC-Target-URI") == "http://a.gov.cn/nb/1.html"
    assert warc_h.get_header("WARC-Nianbao-Payload-SHA256") == "sha256:" + row["sha256"]
    assert json.loads(warc_h.get_header("WARC-Nianbao-Original-Headers")) == {
        "Content-Encoding": "gzip",
        "Content-Length": "17",
    }
    req_h = recs[2][1]
    assert req_h.get_header("WARC-Concurrent-To") == warc_h.get_header("WARC-Record-ID")
    assert recs[2][2].get_header("User-Agent") == "nianbao-test"
    assert recs[2][2].get_header("Host") == "a.gov.cn"
    assert recs[2][2].protocol == "GET"
    # warcio's own check, as the nightly job runs it
    assert subprocess.run([WARCIO, "check", path], capture_output=True).returncode == 0


def test_same_bytes_again_is_a_revisit(archive):
    db, store, writer, tmp_path = archive
    url = "http://a.gov.cn/nb/2.pdf"
    first = capture(db, store, writer, url=url, body=PDF)
    writer.close()  # the next night: a new file
    second = capture(db, store, writer, url=url, body=PDF, when="2024-05-02T10:00:00+00:00")
    other = capture(db, store, writer, url=url + "?v=2", body=PDF)  # another URL: no revisit
    changed = capture(db, store, writer, url=url, body=PDF + b"x")
    writer.close()
    rows = {cid: db.table("captures").get(cid) for cid in (first, second, other, changed)}
    kinds = {cid: r["warc_record_type"] for cid, r in rows.items()}
    assert kinds == {first: "response", second: "revisit", other: "response", changed: "response"}
    assert rows[second]["warc_file"] != rows[first]["warc_file"]
    assert rows[second]["warc_length"] < len(PDF) / 4  # headers only
    assert show(tmp_path, second).stdout_bytes == PDF
    revisit = next(
        r for r in records(tmp_path / "warc" / rows[second]["warc_file"]) if r[0] == "revisit"
    )
    warc_h = revisit[1]
    assert warc_h.get_header("WARC-Profile").endswith("/warc/1.1/revisit/identical-payload-digest")
    assert warc_h.get_header("WARC-Refers-To-Target-URI") == url
    assert warc_h.get_header("WARC-Refers-To-Date") == "2024-05-01T10:00:00Z"
    assert warc_h.get_header("WARC-Payload-Digest") == rows[first]["payload_digest"]
    assert check_files(warc_files(tmp_path / "warc")) == 0


def test_sha256_mismatch_fails_loudly(archive):
    db, store, writer, tmp_path = archive
    cid = capture(db, store, writer, url="http://a.gov.cn/x.pdf", body=PDF)
    writer.close()
    db.table("captures").update(cid, {"sha256": hashlib.sha256(b"other").hexdigest()})
    with pytest.raises(WarcError, match="sha256 mismatch"):
        read_capture(db, tmp_path / "warc", cid)
    result = show(tmp_path, cid)
    assert result.exit_code != 0 and "sha256 mismatch" in result.output


def test_captures_without_a_writer_still_work(archive):
    db, store, _, tmp_path = archive
    cid = record_capture(
        db, store, url="http://a.gov.cn/", status=200, headers={}, body=b"x", role="home"
    )
    assert db.table("captures").get(cid)["warc_file"] is None
    result = show(tmp_path, cid)
    assert result.exit_code != 0 and "no WARC record" in result.output


def test_rolls_over_at_the_size_limit(tmp_path):
    db = open_db(tmp_path / "a.db")
    store = BlobStore(tmp_path / "blobs")
    with WarcWriter(tmp_path / "warc", run_id=1, max_size=4_000) as writer:
        ids = [
            capture(db, store, writer, url=f"http://a.gov.cn/{i}.bin", body=os.urandom(5000))
            for i in range(5)
        ]
    files = warc_files(tmp_path / "warc")
    assert len(files) == 5 and [f.name[-13:] for f in files][:2] == [
        "00000.warc.gz",
        "00001.warc.gz",
    ]
    for path in files:  # every file starts with its own warcinfo
        assert records(path)[0][0] == "warcinfo"
    for cid in ids:
        row = db.table("captures").get(cid)
        assert read_capture(db, tmp_path / "warc", cid).body == store.get(row["sha256"])
    assert check_files(files) == 0


KILLED_WRITER = """
import os, sys
from archive.warc import WarcWriter
writer = WarcWriter(sys.argv[1], run_id=3)
for i in range(3):
    writer.write_capture(url=f"http://a.gov.cn/{i}", status=200, headers={}, body=b"%d" % i * 999)
os.kill(os.getpid(), 9)
"""


def test_a_killed_writer_leaves_a_valid_open_file(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, tmp_path / "warc"],
        cwd=Path(__file__).parents[2],
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr
    (path,) = (tmp_path / "warc").iterdir()
    assert path.name.endswith(".warc.gz" + OPEN_SUFFIX)
    assert subprocess.run([WARCIO, "check", path], capture_output=True).returncode == 0
    members, problem = gzip_members(path)
    assert problem is None and len(members) == 7  # warcinfo + 3 x (response, request)
    # a kill in the middle of a record: everything before it still reads, and the damage is
    # found (warcio alone reads a member cut inside its deflate stream without complaint)
    data = path.read_bytes()
    for cut in (len(data) - 10, len(data) - 150):
        path.write_bytes(data[:cut])
        members, problem = gzip_members(path)
        assert members == [m for m in gzip_members_of(data) if m[0] + m[1] <= cut]
        assert "truncated gzip member" in problem
        assert check_files([path]) == 1
        complete = data[: sum(m[1] for m in members)]
        bodies = [
            r.content_stream().read()
            for r in ArchiveIterator(io.BytesIO(complete))
            if r.rec_type == "response"
        ]
        assert bodies == [b"%d" % i * 999 for i in range(3)]


def gzip_members_of(data: bytes) -> list[tuple[int, int]]:
    members, offset = [], 0
    while offset < len(data):
        d = zlib.decompressobj(31)
        d.decompress(data[offset:])
        length = len(data) - offset - len(d.unused_data)
        members.append((offset, length))
        offset += length
    return members


def test_warc_check_command(archive):
    db, store, writer, tmp_path = archive
    capture(db, store, writer, url="http://a.gov.cn/1.pdf", body=PDF)
    result = CliRunner().invoke(main, ["warc-check", "--db", tmp_path / "a.db"])
    assert result.exit_code == 0 and "not closed" in result.output  # still being written
    writer.close()
    result = CliRunner().invoke(main, ["warc-check", "--db", tmp_path / "a.db"])
    assert result.exit_code == 0 and "1 WARC files" in result.output, result.output
    (path,) = warc_files(tmp_path / "warc")
    data = bytearray(path.read_bytes())
    data[-60] ^= 0xFF  # one flipped bit inside the last record
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["warc-check", "--db", tmp_path / "a.db"])
    assert result.exit_code == 1, result.output


def test_surt():
    assert surt("http://www.A.gov.cn/Nb/x.html?b=2&a=1") == "cn,gov,a)/nb/x.html?a=1&b=2"
    assert surt("https://a.gov.cn:8443/") == "cn,gov,a:8443)/"
    assert surt("http://127.0.0.1:8101/nb/") == "127.0.0.1:8101)/nb/"


def test_cdxj_lines_sort_and_point_at_records(archive):
    db, store, writer, tmp_path = archive
    urls = ["http://b.gov.cn/z.pdf", "http://a.gov.cn/y.html", "http://a.gov.cn/a.pdf"]
    ids = [capture(db, store, writer, url=u, body=PDF + u.encode()) for u in urls]
    revisit = capture(
        db,
        store,
        writer,
        url=urls[0],
        body=PDF + urls[0].encode(),
        when="2024-06-01T00:00:00+00:00",
    )
    writer.close()
    result = CliRunner().invoke(main, ["cdxj", "--db", tmp_path / "a.db"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines == sorted(lines) and len(lines) == 4
    keys = [line.split(" ", 2)[0] for line in lines]
    assert keys == ["cn,gov,a)/a.pdf", "cn,gov,a)/y.html", "cn,gov,b)/z.pdf", "cn,gov,b)/z.pdf"]
    by_offset = {}
    for line in lines:
        _, timestamp, blob = line.split(" ", 2)
        fields = json.loads(blob)
        assert len(timestamp) == 14
        path = tmp_path / "warc" / fields["filename"]
        with open(path, "rb") as fh:
            fh.seek(int(fields["offset"]))
            member = fh.read(int(fields["length"]))
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_headers.get_header("WARC-Target-URI") == fields["url"]
        by_offset[int(fields["offset"])] = fields
    for cid in [*ids, revisit]:
        row = db.table("captures").get(cid)
        fields = by_offset[row["warc_offset"]]
        assert int(fields["length"]) == row["warc_length"]
        assert fields["digest"] == row["payload_digest"].removeprefix("sha1:")
    assert by_offset[db.table("captures").get(revisit)["warc_offset"]]["mime"] == "warc/revisit"
    assert by_offset[db.table("captures").get(ids[1])["warc_offset"]]["status"] == "200"
    out = tmp_path / "index.cdxj"
    CliRunner().invoke(main, ["cdxj", "--db", tmp_path / "a.db", "--out", out])
    assert out.read_text().splitlines() == lines
    buf = io.StringIO()
    assert write_cdxj(warc_files(tmp_path / "warc"), buf) == 4
