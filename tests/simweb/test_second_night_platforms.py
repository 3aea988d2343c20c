"""The second night on S3-S7 (SITES.md 3, state changes): a 2025 report dated 2026-01-23 tops
page 1 on every site; S3 re-publishes a report under a new wbnewsid with the same file; S4
edits a report the gkmlpt way, a new post id under the same title."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from simweb.base import Request, Response
from simweb.sites.fj import FjSite
from simweb.sites.gkmlpt import GkmlptSite
from simweb.sites.govcn import GovcnSite
from simweb.sites.lonsun import LonsunSite
from simweb.sites.vsb import VsbSite

BASE = "http://127.0.0.1:9000"
HOST = {"host": "127.0.0.1:9000"}


def get(site, url: str) -> Response:
    parts = urlsplit(url.removeprefix(BASE))
    query = {k: [v] for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    return site.handle(Request("GET", parts.path, query, dict(HOST)))


def first_listed(site) -> list[str]:
    """The item URLs of page 1 of the site's 年报 list, in order."""
    if isinstance(site, GkmlptSite):
        body = json.loads(get(site, "/gkmlpt/api/all/2629?page=1&sid=755041").body)
        return [a["url"] for a in body["articles"]]
    if isinstance(site, LonsunSite):
        text = get(site, site.label_url() + "&pageIndex=1").body.decode()
        return re.findall(r'<a href="([^"]+)" title=', text)
    if isinstance(site, VsbSite):
        text = get(site, "/xxgk/xxgknb.htm").body.decode()
        return [
            BASE + "/" + h.lstrip("./")
            for h in re.findall(r'<li id="line_u8_\d+"><a href="([^"]+)"', text)
        ]
    if isinstance(site, FjSite):
        text = get(site, "/cms/html/zzssfj/xxgknb/index.html").body.decode("gbk")
        return [
            BASE + h
            for h in re.findall(r"<li><a href=\"(/cms/html/zzssfj/[\d-]+/\d+\.html)\"", text)
        ]
    text = get(site, "/zhengce/xxgk/zfxxgknb/").body.decode()
    return [BASE + "/" + h.lstrip("./") for h in re.findall(r'<h4><a href="([^"]+)"', text)]


SITES = [VsbSite, GkmlptSite, LonsunSite, FjSite, GovcnSite]


@pytest.mark.parametrize("make", SITES, ids=lambda s: s.name)
def test_the_2025_report_tops_page_one_and_pushes_an_item_on(make):
    first, second = make(), make(second_night=True)
    night = second.manifest(BASE)["second_night"]
    [new] = night["new"]
    assert "2025年政府信息公开工作年度报告" in new["title"]
    assert first.manifest(BASE)["second_night"]["new"] == []
    before, after = first_listed(first), first_listed(second)
    assert after[0] == new["url"]
    added = {new["url"]} | {r["url"] for r in night["republished"]}
    edits = {e["replaces"]: e["url"] for e in night["edited"]}
    rest = [u for u in after if u not in added]
    assert len(rest) == len(before) - len(added)  # page 1's last items moved to page 2
    assert rest == [edits.get(u, u) for u in before][: len(rest)]
    report = next(r for r in second.manifest(BASE)["reports"] if r["url"] == new["url"])
    assert (report["year"], report["published"]) == (2025, "2026-01-23")
    assert get(second, new["url"]).status == 200
    assert get(first, new["url"]).status == 404


def test_vsb_republishes_a_report_with_the_same_file():
    site = VsbSite(second_night=True)
    manifest = site.manifest(BASE)
    [again] = manifest["second_night"]["republished"]
    files = {a["report"]: a for a in manifest["attachments"]}
    assert files[again["url"]]["sha256"] == files[again["same_as"]]["sha256"]
    assert files[again["url"]]["url"] != files[again["same_as"]]["url"]
    assert get(site, again["url"]).status == get(site, again["same_as"]).status == 200


def test_gkmlpt_edits_under_a_new_post_id():
    site = GkmlptSite(second_night=True)
    [edit] = site.manifest(BASE)["second_night"]["edited"]
    assert get(site, edit["replaces"]).status == 404
    assert get(GkmlptSite(), edit["replaces"]).status == 200
    old = get(GkmlptSite(), edit["replaces"]).body.decode()
    new = get(site, edit["url"]).body.decode()
    assert (
        f'<h1 class="title">{edit["title"]}</h1>' in old
        and f'<h1 class="title">{edit["title"]}</h1>' in new
    )
    assert "<td>规章</td><td>1</td>" in new and "<td>规章</td><td>1</td>" not in old
