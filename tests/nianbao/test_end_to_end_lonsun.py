"""A crawl of S5, the Lonsun site, from its home page: the type=3 年报 page whose list comes
from the label API (pageCount:3 in a script, 暂无相关信息 past the end), FastDFS attachments,
and reports on the same host's openness platform, whose mobile twins are never fetched."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.nianbao import site_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> site_crawl.Crawl:
    return site_crawl.crawl_site("lonsun", tmp_path_factory.mktemp("lonsun"))


def test_exactly_the_manifest_reports(crawl):
    assert len(crawl.manifest["reports"]) == 42
    assert sum("/openness/" in r["url"] for r in crawl.manifest["reports"]) == 3
    site_crawl.assert_reports_are_the_manifest(crawl)


def test_exactly_the_manifest_attachments(crawl):
    assert len(crawl.manifest["attachments"]) == 4
    site_crawl.assert_attachments_are_the_manifest(crawl)


def test_distractors_are_captured_but_not_reports(crawl):
    site_crawl.assert_distractors_not_reports(crawl)


def test_the_label_api_is_asked_for_pages_one_to_page_count_only(crawl):
    asked = sorted(
        parse_qs(urlsplit(path).query)["pageIndex"][0]
        for _, _, path, _ in crawl.log
        if path.startswith("/site/label/")
    )
    assert asked == ["1", "2", "3"]


def test_mobile_twins_are_never_fetched(crawl):
    assert not [path for _, _, path, _ in crawl.log if path.startswith("/mobileOpenness/")]


def test_requests_are_bounded(crawl):
    site_crawl.assert_requests_bounded(crawl)
