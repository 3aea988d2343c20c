"""A crawl of S7, the Fujian /cms/html/ site, from its home page: GBK pages with no charset
in the header, sitemanage paging, a gb2312-labelled page holding 䶮, and a （图片版） report
whose five PNG pages are archived as its attachments."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.nianbao import site_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> site_crawl.Crawl:
    return site_crawl.crawl_site("fj", tmp_path_factory.mktemp("fj"))


def test_exactly_the_manifest_reports(crawl):
    assert len(crawl.manifest["reports"]) == 37
    site_crawl.assert_reports_are_the_manifest(crawl)


def test_exactly_the_manifest_attachments_and_page_scans(crawl):
    kinds = [a["url"].rsplit(".", 1)[1] for a in crawl.manifest["attachments"]]
    assert sorted(kinds) == ["pdf", "pdf", "png", "png", "png", "png", "png"]
    site_crawl.assert_attachments_are_the_manifest(crawl)


def test_distractors_are_captured_but_not_reports(crawl):
    site_crawl.assert_distractors_not_reports(crawl)


def test_the_gb2312_page_with_a_gb18030_character_reads_right(crawl):
    [trap] = [t for t in crawl.manifest["traps"] if t.get("char") == "䶮"]
    row = crawl.reports[trap["url"]]
    assert "刘䶮" in row["text"]
    assert "\ufffd" not in row["text"]


def test_the_image_only_report_is_a_report_with_its_scans(crawl):
    [trap] = [t for t in crawl.manifest["traps"] if t["kind"] == "image-only"]
    assert trap["url"] in crawl.reports
    scans = [a for a in crawl.captures("attachment") if a["referer"] == trap["url"]]
    assert len(scans) == trap["pages"] == 5
    assert {a["content_type"] for a in scans} == {"image/png"}


def test_sitemanage_pages_two_and_three_only(crawl):
    asked = sorted(
        parse_qs(urlsplit(path).query)["page"][0]
        for _, _, path, _ in crawl.log
        if path.startswith("/cms/sitemanage/")
    )
    assert asked == ["2", "3"]


def test_requests_are_bounded(crawl):
    site_crawl.assert_requests_bounded(crawl)
