"""A crawl of S6, the gov.cn-like site, from its home page: the hub, the TRS index_N column
whose ministry items live on other hosts (never crawled), and the soft throttle never met."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.nianbao import site_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> site_crawl.Crawl:
    return site_crawl.crawl_site("govcn", tmp_path_factory.mktemp("govcn"))


def test_exactly_the_manifest_reports(crawl):
    assert len(crawl.manifest["reports"]) == 5
    site_crawl.assert_reports_are_the_manifest(crawl)


def test_distractors_are_captured_but_not_reports(crawl):
    site_crawl.assert_distractors_not_reports(crawl)


def test_ministry_items_on_other_hosts_are_neither_fetched_nor_reports(crawl):
    off = set(crawl.manifest["off_domain"])
    assert len(off) == 23
    home = urlsplit(crawl.manifest["column"]["url"]).netloc
    assert {urlsplit(c["url"]).netloc for c in crawl.captures()} == {home}
    assert not off & set(crawl.reports)


def test_every_list_page_is_read_and_the_cached_copy_never_served(crawl):
    lists = {c["url"] for c in crawl.captures() if c["role"] in ("column", "list")}
    assert set(crawl.manifest["column"]["pages"]) <= lists
    assert crawl.manifest["throttled"] == 0


def test_requests_are_bounded(crawl):
    site_crawl.assert_requests_bounded(crawl)
