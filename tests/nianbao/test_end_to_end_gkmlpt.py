"""A crawl of S4, the gkmlpt site, from its portal home page: the 年报 column found inside
``window._CONFIG``, the JSON list API (100 per page, 404 past page 1 on one category),
post/mpost twins never fetched, and a listed attachment that is missing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.nianbao import site_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> site_crawl.Crawl:
    return site_crawl.crawl_site("gkmlpt", tmp_path_factory.mktemp("gkmlpt"))


def test_exactly_the_manifest_reports(crawl):
    assert len(crawl.manifest["reports"]) == 140
    site_crawl.assert_reports_are_the_manifest(crawl)


def test_exactly_the_manifest_attachments(crawl):
    assert [a["status"] for a in crawl.manifest["attachments"]].count(404) == 1
    site_crawl.assert_attachments_are_the_manifest(crawl)


def test_distractors_are_captured_but_not_reports(crawl):
    site_crawl.assert_distractors_not_reports(crawl)


def test_the_api_is_asked_for_each_page_once_and_never_past_the_total(crawl):
    asked = [
        (urlsplit(path).path, parse_qs(urlsplit(path).query)["page"][0], status)
        for _, _, path, status in crawl.log
        if path.startswith("/gkmlpt/api/")
    ]
    assert sorted(asked) == [
        ("/gkmlpt/api/all/2629", "1", 200),
        ("/gkmlpt/api/all/2629", "2", 200),
        ("/gkmlpt/api/all/2630", "1", 200),
    ]


def test_twins_are_never_fetched(crawl):
    fetched = {path for _, _, path, _ in crawl.log}
    assert not [p for p in fetched if "/content/" in p and not p.startswith("/gkmlpt/")]


def test_requests_are_bounded(crawl):
    site_crawl.assert_requests_bounded(crawl)


def test_the_second_night_state_is_crawled_exactly(tmp_path):
    """The 2025 report and the edited report's new post id are found, the old post is not."""
    night = site_crawl.crawl_site("gkmlpt", tmp_path, second_night=True)
    [edit] = night.manifest["second_night"]["edited"]
    assert len(night.manifest["reports"]) == 141
    site_crawl.assert_reports_are_the_manifest(night)
    assert edit["replaces"] not in night.reports
    site_crawl.assert_requests_bounded(night)
