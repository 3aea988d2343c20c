"""Reports with a history: identity, revisions, removals, replay after a parser change.

Captures are real pages of the simulated TRS site (first- and second-night bodies), stored
as the crawler stores them, then processed without any network.
"""

from __future__ import annotations

import json
import re
import socket
from urllib.parse import urlsplit

import pytest

from archive.captures import record_capture
from archive.db import open_db
from archive.listings import previous_run, save_listing, save_sweep
from archive.process import process_captures, report_id
from archive.runs import finish_run, start_run
from archive.store import BlobStore
from parsers import PARSER_VERSION
from simweb.base import Request
from simweb.sites.trs import TrsSite

FIRST, SECOND = TrsSite(), TrsSite(second_night=True)
SITE = "sft.example.gov.cn"
BASE = f"http://{SITE}"
EDITED = SECOND.manifest(BASE)["second_night"]["edited"][0]
OTHER = next(r["url"] for r in FIRST.manifest(BASE)["reports"] if r["url"] != EDITED)
NOTICE = "<html><head><title>某某局2023年政府信息公开工作年度报告</title></head><body><p>详见附件。</p></body></html>"


def served(site: TrsSite, url: str) -> tuple[int, dict, bytes]:
    response = site.handle(Request("GET", urlsplit(url).path, {}, {}))
    return response.status, response.headers, response.body


class Archive:
    def __init__(self, tmp_path):
        self.db = open_db(tmp_path / "a.db")
        self.store = BlobStore(tmp_path / "blobs")
        self.day = 0
        self.run_id: int | None = None

    def night(self, listed: list[str] = (), complete: bool = True) -> int:
        if self.run_id is not None:
            finish_run(self.db, self.run_id, "ok")
        self.run_id = start_run(self.db, "crawl", BASE)
        previous = previous_run(self.db, SITE, self.run_id)
        for url in listed:
            save_listing(
                self.db,
                self.run_id,
                previous=previous,
                site=SITE,
                list_url=BASE + "/list.html",
                url=url,
                entry=url,
                seen_at=self.when(),
            )
        save_sweep(self.db, self.run_id, SITE, list_pages=1, failed=0, complete=int(complete))
        return self.run_id

    def when(self) -> str:
        self.day += 1
        return f"2026-01-01T00:{self.day // 60:02d}:{self.day % 60:02d}+00:00"

    def fetch(self, url, status=200, body=b"", headers=None, role="detail", referer=None):
        return record_capture(
            self.db,
            self.store,
            url=url,
            status=status,
            body=body,
            role=role,
            site=SITE,
            headers=headers or {"Content-Type": "text/html; charset=utf-8"},
            referer=referer,
            run_id=self.run_id,
            fetched_at=self.when(),
        )

    def serve(self, site: TrsSite, url: str, at: str | None = None) -> int:
        status, headers, body = served(site, url)
        return self.fetch(at or url, status, body, headers)

    def process(self, everything: bool = False):
        finish_run(self.db, self.run_id, "ok")
        return process_captures(self.db, self.store, everything=everything)

    def report(self, url: str) -> dict:
        return next(self.db.query("select * from reports where source_url = ?", [url]))

    def revisions(self, rid: str) -> list[dict]:
        return list(
            self.db.query("select * from revisions where report_id = ? order by revision", [rid])
        )


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path)


def test_an_edit_is_a_new_revision_and_the_same_page_again_is_not(archive):
    archive.night([EDITED])
    archive.serve(FIRST, EDITED)
    first = archive.process()
    assert (first.reports_new, first.reports_changed) == (1, 0)
    archive.night([EDITED])
    archive.serve(FIRST, EDITED)  # the same bytes again
    archive.serve(SECOND, EDITED)  # the corrected table
    summary = archive.process()
    assert (summary.reports_new, summary.reports_changed, summary.reports_unchanged) == (0, 1, 1)
    report = archive.report(EDITED)
    one, two = archive.revisions(report["id"])
    assert (report["revision"], report["capture_id"], report["status"]) == (
        2,
        two["capture_id"],
        "current",
    )
    assert report["published"] == "2026-01-23" and one["published"] == "2024-01-24"
    changes = json.loads(two["changes"])
    assert {
        "what": "cell",
        "key": "article20/licensing/decisions",
        "old": 1689,
        "new": 1698,
    } in changes
    assert {c["what"] for c in changes} == {"cell", "published", "text"}
    assert two["summary"].startswith(
        "1 cell changed; published 2024-01-24 → 2026-01-23; text changed"
    )
    assert one["parser_version"] == two["parser_version"] == PARSER_VERSION


def test_a_moved_report_keeps_its_identity_and_two_listed_copies_stay_two(archive):
    moved = BASE + "/xxgk/zfxxgk/zfxxgknb/202601/t20260123_9000001.html"
    archive.night([EDITED])
    archive.serve(FIRST, EDITED)
    archive.process()
    rid = report_id(EDITED)
    # tonight the list shows it under a new URL only, re-rendered with the correction
    archive.night([moved])
    archive.serve(SECOND, EDITED, at=moved)
    archive.fetch(EDITED, 404, b"gone")  # the old address is gone; the report is not
    archive.process()
    row = archive.db["reports"].get(rid)
    assert (row["source_url"], row["revision"], row["status"]) == (moved, 2, "current")
    assert [r["source_url"] for r in archive.revisions(rid)] == [EDITED, moved]
    assert archive.db["reports"].count == 1


def test_two_urls_listed_side_by_side_are_two_reports_even_with_one_title(archive):
    archive.night([EDITED, EDITED + "?copy"])
    archive.serve(FIRST, EDITED)
    archive.serve(SECOND, EDITED, at=EDITED + "?copy")
    assert archive.process().reports_new == 2


def test_the_same_bytes_under_a_new_url_are_the_same_report(archive):
    archive.night([OTHER])
    archive.serve(FIRST, OTHER)
    archive.process()
    archive.night([OTHER, OTHER + "?republished"])
    archive.serve(FIRST, OTHER, at=OTHER + "?republished")
    assert archive.process().reports_unchanged == 1
    assert archive.db["reports"].count == 1
    assert archive.report(OTHER)["revision"] == 1  # still listed at its own address: kept
    archive.night([OTHER + "?republished"])  # now only the new address is listed
    archive.serve(FIRST, OTHER, at=OTHER + "?republished")
    archive.process()
    assert archive.report(OTHER + "?republished")["id"] == report_id(OTHER)


def test_an_attachment_is_the_document_of_a_see_attachment_page(archive):
    detail = BASE + "/xxgk/zfxxgknb/t20240101_1.html"
    attachment = BASE + "/xxgk/zfxxgknb/P020240101.html"
    archive.night([detail, EDITED])
    archive.fetch(detail, body=NOTICE.encode())  # named like a report, no statistics
    archive.fetch(attachment, body=served(FIRST, OTHER)[2], role="attachment", referer=detail)
    # an attachment of a page that is itself a report is not a second report
    archive.serve(FIRST, EDITED)
    archive.fetch(
        EDITED + ".html", body=served(SECOND, EDITED)[2], role="attachment", referer=EDITED
    )
    summary = archive.process()
    assert (summary.reports_new, summary.reports_changed, summary.not_reports) == (2, 0, 1)
    row = archive.report(detail)
    assert (row["document_url"], row["id"], row["revision"]) == (attachment, report_id(detail), 1)
    other = next(r for r in FIRST.manifest(BASE)["reports"] if r["url"] == OTHER)
    assert (row["year"], row["agency"], row["capture_id"]) == (other["year"], other["agency"], 2)
    assert archive.report(EDITED)["document_url"] == EDITED
    # a cover page whose attachment failed is a report without numbers, until the
    # attachment comes: then the attachment is its document, as a new revision
    cover = BASE + "/xxgk/zfxxgknb/t20240101_2.html"
    archive.night([detail, EDITED, cover])
    archive.fetch(cover, body=NOTICE.encode())
    archive.fetch(cover + ".pdf", 404, b"", role="attachment", referer=cover)
    archive.process()
    assert (archive.report(cover)["document_url"], archive.report(cover)["revision"]) == (cover, 1)
    archive.night([detail, EDITED, cover])
    archive.fetch(cover + ".pdf", body=served(FIRST, EDITED)[2], role="attachment", referer=cover)
    assert archive.process().reports_changed == 1
    row = archive.report(cover)
    assert (row["document_url"], row["revision"]) == (cover + ".pdf", 2)
    assert re.match(r"\d+ cells changed; title changed", archive.revisions(row["id"])[1]["summary"])
    # the attachment answering 404 removes the report it is the document of
    archive.night([detail, EDITED])
    archive.fetch(attachment, 404, b"")
    archive.process()
    assert archive.report(detail)["status"] == "removed"


@pytest.mark.parametrize("how", ["404", "410", "soft-404", "redirect-home"])
def test_a_gone_page_removes_the_report_and_its_return_restores_it(archive, how):
    archive.night([OTHER])
    archive.serve(FIRST, OTHER)
    archive.process()
    archive.night([OTHER])
    if how == "soft-404":  # 200 with the site's 页面不存在 template
        status, headers, body = served(SECOND, SECOND.manifest(BASE)["second_night"]["removed"][0])
        assert status == 200
        archive.fetch(OTHER, 200, body, headers)
    elif how == "redirect-home":
        archive.fetch(OTHER, 301, b"", {"Location": "/"})
    else:
        archive.fetch(OTHER, int(how), b"")
    assert archive.process().reports_removed == 1
    row = archive.report(OTHER)
    assert (row["status"], row["removed_on"], row["revision"]) == ("removed", "2026-01-01", 1)
    assert archive.db.execute(
        "select count(*) from sections where report_id = ?", [row["id"]]
    ).fetchone()[0]
    archive.night([OTHER])
    archive.serve(FIRST, OTHER)
    archive.process()
    row = archive.report(OTHER)
    assert (row["status"], row["removed_on"], row["revision"]) == ("current", None, 1)


def test_a_report_gone_from_a_complete_sweep_is_removed(archive):
    urls = [r["url"] for r in FIRST.manifest(BASE)["reports"]][:4]
    archive.night(urls)
    for url in urls:
        archive.serve(FIRST, url)
    archive.process()
    archive.night(urls[1:], complete=False)  # a list page failed: no conclusion
    assert archive.process().reports_removed == 0
    archive.night(urls[1:])
    assert archive.process().reports_removed == 1
    assert archive.report(urls[0])["status"] == "removed"
    assert archive.report(urls[1])["last_seen"] > archive.report(urls[1])["first_seen"]
    archive.night(urls[3:])  # lists 1 of the 3 it listed last time: a broken list
    assert archive.process().reports_removed == 0


def test_a_parser_change_replays_the_archive_to_the_same_reports(archive, monkeypatch):
    class NoNetwork(socket.socket):
        def __init__(self, *args, **kwargs):
            raise AssertionError("processing opened a socket")

    monkeypatch.setattr(socket, "socket", NoNetwork)  # processing is network-free
    archive.night([EDITED, OTHER])
    archive.serve(FIRST, EDITED)
    archive.serve(FIRST, OTHER)
    archive.process()
    archive.night([EDITED])
    archive.serve(SECOND, EDITED)
    archive.process()

    def tables():
        return {
            t: sorted(json.dumps(r, sort_keys=True) for r in archive.db[t].rows)
            for t in ("reports", "revisions", "article20", "applications", "sections")
        }

    before = tables()
    assert archive.process().captures == 0  # nothing pending
    assert not archive.db.execute(
        "select count(*) from captures where process_error is not null"
    ).fetchone()[0]
    # rows from an older parser: `process` replays everything by itself
    with archive.db.conn:
        archive.db.execute("update captures set processed_version = '0'")
        archive.db.execute("update reports set parser_version = '0'")
        archive.db.execute("update revisions set parser_version = '0'")
    summary = archive.process()
    assert summary.rebuilt and summary.captures == 3
    assert tables() == before
    assert archive.process(everything=True).rebuilt
    assert tables() == before
    versions = {r["parser_version"] for r in archive.db["revisions"].rows}
    assert versions == {PARSER_VERSION}
