"""A WARC writer killed mid-record: the next run closes its file, valid, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from archive.captures import record_capture
from archive.db import open_db
from archive.store import BlobStore
from archive.warc import OPEN_SUFFIX, WarcWriter, check_files, read_capture, recover_open_files

# A child process records three captures, then starts a fourth record and is killed with
# only part of its gzip member on disk (the write is split where the kernel would).
WRITER = """
import os, sys, time
from archive.captures import record_capture
from archive.db import open_db
from archive.store import BlobStore
from archive.warc import WarcWriter
root = sys.argv[1]
db, store = open_db(root + "/a.db"), BlobStore(root + "/blobs")
writer = WarcWriter(root + "/warc", run_id=1)
for n in range(3):
    record_capture(db, store, url=f"http://a.gov.cn/{n}.html", status=200,
                   headers={"Content-Type": "text/html"}, body=f"<p>年报 {n}</p>".encode() * 50,
                   role="detail", warc=writer)
real_write = writer._fh.write
def half_write(data):
    real_write(data[: len(data) // 2])
    writer._fh.flush()
    os.fsync(writer._fh.fileno())
    print("half", flush=True)
    time.sleep(600)
writer._fh.write = half_write
record_capture(db, store, url="http://a.gov.cn/3.html", status=200,
               headers={"Content-Type": "text/html"}, body=b"<p>lost</p>" * 99,
               role="detail", warc=writer)
"""


def test_a_killed_writer_leaves_a_file_the_next_run_closes(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "half"
    (opened,) = (tmp_path / "warc").glob(f"*{OPEN_SUFFIX}")
    assert recover_open_files(tmp_path / "warc") == []  # the writer still holds it
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    size = opened.stat().st_size
    ((closed, cut),) = recover_open_files(tmp_path / "warc")
    assert cut > 0 and closed.stat().st_size == size - cut
    assert not opened.exists() and closed.name.endswith(".warc.gz")
    assert check_files([closed]) == 0
    db = open_db(tmp_path / "a.db")
    rows = list(db["captures"].rows)
    assert [r["url"] for r in rows] == [f"http://a.gov.cn/{n}.html" for n in range(3)]
    for row in rows:  # every committed capture reads back from the recovered file
        assert read_capture(db, tmp_path / "warc", row["id"]).body.startswith(b"<p>")
    # the next writer starts a new file; both validate
    with WarcWriter(tmp_path / "warc", run_id=2) as writer:
        record_capture(
            db,
            BlobStore(tmp_path / "blobs"),
            url="http://a.gov.cn/3.html",
            status=200,
            headers={"Content-Type": "text/html"},
            body=b"<p>again</p>",
            role="detail",
            warc=writer,
        )
    assert check_files(sorted((tmp_path / "warc").glob("*.warc.gz"))) == 0


def test_partial_blobs_are_removed_and_whole_ones_kept(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    digest = store.put(b"kept")
    partial = store.path_for(digest).parent / ".tmp-abc"
    partial.write_bytes(b"ha")
    assert store.remove_partial() == 1
    assert not partial.exists() and store.get(digest) == b"kept"
