"""A crawl of S3, the VSB site, from its home page: count-down static pages, the jsp twin
list that answers any page number, twin article URLs and download.jsp attachments."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.nianbao import site_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> site_crawl.Crawl:
    return site_crawl.crawl_site("vsb", tmp_path_factory.mktemp("vsb"))


def test_exactly_the_manifest_reports(crawl):
    assert len(crawl.manifest["reports"]) == 47
    site_crawl.assert_reports_are_the_manifest(crawl)


def test_exactly_the_manifest_attachments(crawl):
    assert len(crawl.manifest["attachments"]) == 4
    site_crawl.assert_attachments_are_the_manifest(crawl)


def test_distractors_are_captured_but_not_reports(crawl):
    site_crawl.assert_distractors_not_reports(crawl)


def test_every_count_down_page_is_read_once(crawl):
    lists = {c["url"] for c in crawl.captures() if c["role"] in ("column", "list")}
    assert set(crawl.manifest["column"]["pages"]) <= lists


def test_the_jsp_list_stops_at_the_printed_page_count(crawl):
    pages = [
        int(parse_qs(urlsplit(path).query).get("a2p", ["1"])[0])
        for _, _, path, _ in crawl.log
        if path.startswith("/xxgk/xxgk_list.jsp")
    ]
    assert sorted(pages) == list(range(1, 12))


def test_twin_urls_are_one_article(crawl):
    fetched = {path for _, _, path, _ in crawl.log}
    assert not [p for p in fetched if "NewsContentUrl" in p]
    twins = [t for t in crawl.manifest["traps"] if t["kind"] == "twin"]
    assert len(twins) == 50
    assert {t["same_as"] for t in twins} <= {c["url"] for c in crawl.captures("detail")}


def test_the_gone_item_is_archived_as_404(crawl):
    [gone] = [t for t in crawl.manifest["traps"] if t["kind"] == "404"]
    statuses = {c["url"]: c["status"] for c in crawl.captures("detail")}
    assert statuses[gone["url"]] == 404


def test_requests_are_bounded(crawl):
    site_crawl.assert_requests_bounded(crawl)


def test_the_second_night_state_is_crawled_exactly(tmp_path):
    """A 2025 report on top shifts every count-down page; the re-published report is found."""
    night = site_crawl.crawl_site("vsb", tmp_path, second_night=True)
    changes = night.manifest["second_night"]
    assert len(changes["new"]) == len(changes["republished"]) == 1
    assert len(night.manifest["reports"]) == 49
    site_crawl.assert_reports_are_the_manifest(night)
    site_crawl.assert_attachments_are_the_manifest(night)
    site_crawl.assert_requests_bounded(night)
