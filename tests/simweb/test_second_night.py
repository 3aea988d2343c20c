"""The second night of the simulated web: an edit, a soft and a hard delete, a new year."""

from __future__ import annotations

from urllib.parse import urlsplit

from simweb.base import Request
from simweb.sites.hanweb import HanwebSite
from simweb.sites.trs import PAGE_SIZE, TrsSite

BASE = "http://127.0.0.1:1"


def get(site, url: str):
    return site.handle(Request("GET", urlsplit(url).path, {}, {}))


def test_trs_edit_soft_delete_and_new_year():
    first, second = TrsSite(), TrsSite(second_night=True)
    before, after = first.manifest(BASE), second.manifest(BASE)
    changes = after["second_night"]
    assert "second_night" not in before
    old = {r["url"]: r for r in before["reports"]}
    new = {r["url"]: r for r in after["reports"]}
    assert set(new) - set(old) == set(changes["new"])
    assert set(old) - set(new) == set(changes["removed"])
    (edited,) = changes["edited"]
    assert new[edited]["published"] == "2026-01-23" != old[edited]["published"]
    (added,) = changes["new"]
    assert (new[added]["year"], new[added]["published"]) == (2025, "2026-01-22")
    # the edited page: same URL, different body, new PubDate and Last-Modified
    a, b = get(first, edited), get(second, edited)
    assert b.status == 200 and a.body != b.body
    assert "2026-01-23 09:15" in b.body.decode() and "1698" in b.body.decode()
    assert a.headers["Last-Modified"] != b.headers["Last-Modified"]
    # soft delete: a 200 with the 页面不存在 template, and gone from the list
    (removed,) = changes["removed"]
    gone = get(second, removed)
    assert gone.status == 200 and "页面不存在" in gone.body.decode()
    assert all(
        removed.rsplit("/", 1)[-1] not in get(second, page).body.decode()
        for page in after["column"]["pages"]
    )
    # new year at the top of page 1 pushes page 1's last item onto page 2
    items = [a.path for a in second.column_items("zfxxgknb")]
    assert items[0] == urlsplit(added).path
    pushed = [a.path for a in first.column_items("zfxxgknb")][PAGE_SIZE - 1]
    assert items.index(pushed) == PAGE_SIZE


def test_hanweb_hard_delete_and_new_year():
    first, second = HanwebSite(), HanwebSite(second_night=True)
    before, after = first.manifest(BASE), second.manifest(BASE)
    changes = after["second_night"]
    old = {r["url"] for r in before["reports"]}
    new = {r["url"] for r in after["reports"]}
    assert new - old == set(changes["new"]) and old - new == set(changes["removed"])
    (removed,) = changes["removed"]
    assert get(first, removed).status == 200 and get(second, removed).status == 404
    records = second.records("zfxxgknb")
    assert records[0].path == urlsplit(changes["new"][0]).path
    assert all(r.path != urlsplit(removed).path for r in records)
