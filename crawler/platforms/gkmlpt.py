"""Guangdong gkmlpt (政府信息公开目录平台): a Vue app over a JSON list API (SITES.md 1.D).

Neither ``/gkmlpt/index`` nor ``/gkmlpt/annualreport`` has a single link. What the crawler
needs is in the inlined ``window._CONFIG``: ``SID`` (the site id) and ``TREE``, whose 年报
nodes jump to ``/gkmlpt/annualreport#<catid>``. The articles come from
``/gkmlpt/api/all/<catid>?page=N&sid=<SID>``:

- 100 per page; ``page=0`` and ``page=1`` are the same batch, so the walk starts at 1;
- ``total`` (or ``classify.post_count``) says how many pages exist; some sites answer 404
  past page 1, so no page beyond ``total`` is asked for;
- each article has ``url`` (the gkmlpt page) and ``post_url`` (the portal's NFCMS twin,
  itself with a mobile ``mpost_`` twin): only ``url`` is followed, so one article is one
  fetch;
- titles may be ``%uXXXX``-escaped; `unescape_title` undoes it.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qs, urljoin, urlsplit

from crawler.platforms.base import ListPlan, PageRequest

CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{")
SID = re.compile(r"""\bSID['"]?\s*:\s*['"]?(?P<sid>\d+)""")
ANNUAL_JUMP = re.compile(r"""['"]?jump_url['"]?\s*:\s*['"](?P<url>[^'"]*annualreport[^'"]*)['"]""")
API_PATH = re.compile(r"/gkmlpt/api/all/(?P<cat>\d+)$")
PERCENT_U = re.compile(r"%u([0-9A-Fa-f]{4})")
PER_PAGE = 100
MAX_PAGES = 200  # a bound against a corrupted total
API_HEADERS = (("Accept", "application/json, text/plain, */*"),)


def is_api_answer(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("{") and '"articles"' in text[:200_000]


def detect(html: str) -> bool:
    return bool(CONFIG.search(html[:500_000]) and SID.search(html)) or is_api_answer(html)


def annual_categories(html: str) -> list[str]:
    """Category ids of the 年报 nodes of ``window._CONFIG.TREE``, in tree order."""
    out: list[str] = []
    for match in ANNUAL_JUMP.finditer(html):
        fragment = urlsplit(match["url"]).fragment
        if fragment.isdigit() and fragment not in out:
            out.append(fragment)
    return out


def columns(url: str, html: str) -> list[str]:
    """The 年报 page(s) a catalogue app jumps to (fragments dropped: one SPA shell)."""
    if not CONFIG.search(html):
        return []
    urls = [urljoin(url, m["url"]).split("#", 1)[0] for m in ANNUAL_JUMP.finditer(html)]
    return list(dict.fromkeys(urls))


def api_url(url: str, category: str, sid: str, page: int) -> str:
    return urljoin(url, f"/gkmlpt/api/all/{category}?page={page}&sid={sid}")


def unescape_title(title: str) -> str:
    return PERCENT_U.sub(lambda m: chr(int(m.group(1), 16)), title)


def articles(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found = data.get("articles") if isinstance(data, dict) else None
    return [a for a in found or [] if isinstance(a, dict)]


def _api_plan(url: str, text: str) -> ListPlan:
    data = json.loads(text)
    items = [urljoin(url, a["url"]) for a in articles(text) if isinstance(a.get("url"), str)]
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    page = int((query.get("page") or ["1"])[0] or 1)
    match = API_PATH.search(parts.path)
    if page > 1 or not match:
        return ListPlan(items=items)  # page 1 already asked for every page
    classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
    total = data.get("total") or classify.get("post_count") or 0
    pages = min(math.ceil(int(total) / PER_PAGE), MAX_PAGES)
    sid = (query.get("sid") or [""])[0]
    further = [
        PageRequest(api_url(url, match["cat"], sid, n), headers=API_HEADERS)
        for n in range(2, pages + 1)
    ]
    return ListPlan(pages=further, items=items)


def plan(url: str, text: str) -> ListPlan:
    """On an SPA shell: page 1 of each 年报 category; on an API answer: its items and pages."""
    if is_api_answer(text):
        try:
            return _api_plan(url, text)
        except (ValueError, TypeError, AttributeError):
            return ListPlan()
    sid = SID.search(text)
    if not sid:
        return ListPlan()
    return ListPlan(
        pages=[
            PageRequest(api_url(url, cat, sid["sid"], 1), headers=API_HEADERS)
            for cat in annual_categories(text)
        ]
    )
