"""Hanweb 大汉 JCMS: jpage columns whose list lives in a `<datastore>` and `dataproxy.jsp`.

A column page `/col/col<id>/index.html` carries its first `groupSize × perPage` records as
CDATA inside `<script type="text/xml"><datastore>…</datastore></script>`, so an HTML parse
sees no item links. Beside it sit `var param_<unitid>={…}` (the proxy's form fields) and a
jpage initialiser naming `proxyUrl`, `totalRecord` and `perPage`. The rest of the list comes
from POSTing those fields to `<proxyUrl>?startrecord=&endrecord=&perpage=`, one request per
three display pages, which answers `<datastore><totalrecord>…<recordset><record>` XML
(SITES.md 1.B). Both the column page and the proxy answers go through `plan`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.platforms.base import ListPlan, PageRequest

DATASTORE = re.compile(r"<datastore\b[^>]*>(?P<body>.*?)(?:</datastore>|$)", re.S | re.I)
NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>(?P<body>.*?)</nextgroup>", re.S | re.I)
CDATA = re.compile(r"<!\[CDATA\[(?P<body>.*?)\]\]>", re.S)
PROXY_URL = re.compile(r"""proxyUrl\s*:\s*['"](?P<url>[^'"]+)['"]""")
TOTAL = re.compile(r"totalRecord\s*:\s*['\"]?(?P<n>\d+)")
PER_PAGE = re.compile(r"perPage\s*:\s*['\"]?(?P<n>\d+)")
GROUP = re.compile(r"groupSize\s*:\s*['\"]?(?P<n>\d+)")
PARAM = re.compile(r"var\s+param_(?P<unit>\w+)\s*=\s*\{(?P<body>[^{}]*)\}", re.S)
PAIR = re.compile(r"""(?P<key>\w+)\s*:\s*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<bare>[^,}\s]+))""")
# The proxy's form fields in the order the jpage script posts them, with their usual values.
FORM_DEFAULTS = {
    "col": "1",
    "appid": "1",
    "webid": "",
    "path": "/",
    "columnid": "",
    "sourceContentType": "1",
    "unitid": "",
    "webname": "",
    "permissiontype": "0",
}
PROXY_HEADERS = {
    "X-Requested-With": "XMLHttpRequest",
    "Accept": "application/xml, text/xml, */*; q=0.01",
}
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP = 3
MAX_REQUESTS = 300  # a bound against a corrupted totalRecord


def detect(html: str) -> bool:
    return "<datastore" in html[:2_000_000].lower() or "dataproxy.jsp" in html


def records(text: str) -> list[str]:
    """The record markup of every `<datastore>` (with or without `<recordset>`)."""
    out: list[str] = []
    for store in DATASTORE.finditer(text):
        body = NEXTGROUP.sub("", store["body"])
        out += [m["body"] for m in CDATA.finditer(body)]
    return out


def record_links(url: str, text: str) -> list[str]:
    """Absolute detail URLs of the records, in list order, without repeats."""
    found: list[str] = []
    for record in records(text):
        for href in Selector(text=record).css("a::attr(href)").getall():
            href = href.strip()
            if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
                continue
            link = urljoin(url, href).split("#", 1)[0]
            if urlsplit(link).scheme in ("http", "https") and link not in found:
                found.append(link)
    return found


def form_fields(text: str) -> dict[str, str]:
    """The proxy form: the page's `param_` object over the nextgroup URL over defaults."""
    fields = dict(FORM_DEFAULTS)
    for store in DATASTORE.finditer(text):
        group = NEXTGROUP.search(store["body"])
        if not group:
            continue
        markup = "".join(CDATA.findall(group["body"])) or group["body"]
        for href in Selector(text=markup).css("a::attr(href)").getall():
            for key, value in parse_qsl(urlsplit(href).query, keep_blank_values=True):
                if key in fields and value:
                    fields[key] = value
    match = PARAM.search(text)
    if match:
        for pair in PAIR.finditer(match["body"]):
            value = next(v for v in (pair["sq"], pair["dq"], pair["bare"]) if v is not None)
            if pair["key"] in fields or pair["key"] == "sourceContentType":
                fields[pair["key"]] = value
        if not fields["unitid"]:
            fields["unitid"] = match["unit"]
    return fields


def proxy_requests(url: str, text: str) -> list[PageRequest]:
    """POSTs for every record after the embedded ones: 46-90, 91-135 … for 15 per page."""
    proxy, total = PROXY_URL.search(text), TOTAL.search(text)
    if not proxy or not total:
        return []
    per_page = int(PER_PAGE.search(text)["n"]) if PER_PAGE.search(text) else DEFAULT_PER_PAGE
    group = int(GROUP.search(text)["n"]) if GROUP.search(text) else DEFAULT_GROUP
    batch = max(1, per_page) * max(1, group)
    form = form_fields(text)
    if not form["columnid"] or not form["unitid"]:
        return []
    endpoint = urljoin(url, proxy["url"])
    out = []
    for start in range(batch + 1, int(total["n"]) + 1, batch)[:MAX_REQUESTS]:
        query = urlencode(
            {"startrecord": start, "endrecord": start + batch - 1, "perpage": per_page}
        )
        out.append(
            PageRequest(
                url=f"{endpoint}?{query}",
                method="POST",
                form=tuple(form.items()),
                headers=tuple(PROXY_HEADERS.items()),
            )
        )
    return out


def is_proxy_answer(text: str) -> bool:
    head = text.lstrip()[:300].lower()
    return head.startswith("<?xml") or head.startswith("<datastore")


def plan(url: str, text: str) -> ListPlan:
    """Items of this column page or proxy answer, and (on the column page) the proxy requests."""
    items = record_links(url, text)
    if is_proxy_answer(text):
        return ListPlan(items=items)  # the column page already asked for every range
    return ListPlan(pages=proxy_requests(url, text), items=items)
