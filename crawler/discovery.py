"""How the 信息公开年报 column and its items are recognised on any government site.

These are rules about links (anchor text, path pieces, URL shapes) collected from real
sites (SITES.md 0.2 and the archetypes). They take parsel selectors and URLs and return
URLs, so they test without a crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

# Anchor texts of the 年报 column, strongest first (SITES.md 0.2).
COLUMN_TEXTS = (
    "政府信息公开年报",
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "信息公开年报",
    "信息公开年度报告",
    "公开年报",
    "年度报告",
    "年报",
)
# Path pieces of the 年报 column, including year sub-columns (gknb2017, 2018nb, nb_2022n).
COLUMN_PATH = re.compile(
    r"/(?:zfxxgknb|xxgknb|gknb|zfxxgkndbg|xxgkndbg|zfxxgkgzndbg|ndbg|annualreport|annual_report)"
    r"[\w-]*(?:/|/index\.s?html?|\.s?html?)?$",
    re.IGNORECASE,
)
# Sibling columns and pages that look like the column but are not it.
NOT_COLUMN = re.compile(
    r"法治政府|网站.*(?:报表|年报|年度)|工作要点|统计公报|政府工作报告|指南|目录|制度"
)
# Anchor texts and path pieces of the 政府信息公开 section that holds the column.
SECTION_TEXTS = ("政府信息公开", "信息公开", "政务公开", "政府公开")
SECTION_PATH = re.compile(
    r"/(?:xxgk|zfxxgk|zwgk|gk|gongkai|xxgkml|zfxxgkml|openness|public)(?:/|/index\.s?html?)?$", re.I
)
# URL shapes of detail pages of the common CMS families (SITES.md section 1).
DETAIL_URL = re.compile(
    r"/t\d{8}_\d+(?:_\d+)?(?:\.s?html?)?$"  # TRS
    r"|/art_\d+_\d+\.html$|/art_[0-9a-f]{32}\.html$"  # Hanweb
    r"|/info/\d+/\d+\.htm$|NewsContentUrl"  # VSB
    r"|/m?post_\d+\.html$"  # gkmlpt / NFCMS
    r"|/content_\d+(?:\.s?html?)?$|/content_[0-9a-f]{32}\.shtml$"
    r"|/\d{4}-\d{2}-\d{2}/\d{6,}\.html$"  # Fujian /cms/html/
    r"|/public/\d+/\d+\.html$|/annual_report/[0-9a-f]{24}\.html$",  # Lonsun
    re.IGNORECASE,
)
# Attachments of a detail page (SITES.md 1.A-1.F): document extensions in the path or in a
# `filename=` query, and the download endpoints whose path says nothing of the file type.
ATTACHMENT_EXT = r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|rtf|zip|rar|7z)"
ATTACHMENT_URL = re.compile(
    ATTACHMENT_EXT + r"$"
    r"|/downfile\.jsp$"  # Hanweb /module/download/downfile.jsp?filename=<hex>.pdf
    r"|/download\.jsp$"  # VSB /system/_content/download.jsp?...wbfileid=
    r"|/group\d+/M\d\d/"  # FastDFS (Lonsun /group6/M00/00/1A/<name>.docx)
    r"|/attachment/\d+/",  # gkmlpt /attachment/0/88/88389/963149.pdf
    re.IGNORECASE,
)
ATTACHMENT_QUERY = re.compile(r"(?:^|&)(?:file)?name=[^&]*" + ATTACHMENT_EXT + r"(?:&|$)", re.I)
ATTACHMENT_TEXT = re.compile(r"附件|下载|" + ATTACHMENT_EXT + r"\s*$", re.IGNORECASE)
PAGE_PATH = re.compile(r"(?:/|\.s?html?|\.jsp|\.aspx?|\.php)$", re.IGNORECASE)
# Where CMS families put the article body (SITES.md 0.3): images there are report pages.
BODY_SELECTORS = (
    ".trs_editor_view",
    ".TRS_Editor",
    ".TRS_UEDITOR",
    ".Custom_UnionStyle",
    "#UCAP-CONTENT",
    "#zoom",
    ".v_news_content",
    "[id^=vsb_content]",
    "#ivs_content",
    ".xxgk_content",
    "#webeditorview",
)
# An article body with at most this many characters of text besides its images is an
# image-only (图片版) report: its pages are the images.
IMAGE_REPORT_MAX_TEXT = 120
REPORTISH_TEXT = re.compile(r"年报|年度报告|工作报告|年度.*报告")
# Year sub-columns below a column: 2023n/, 2017nian/, 2018nb/, nb_2022n/, gknb2017/, 2016/.
YEAR_COLUMN = re.compile(
    r"/(?:(?:19|20)\d\d(?:n|nian|nb|nd)?|nb_?(?:19|20)\d\dn?|gknb(?:19|20)\d\d)"
    r"(?:/|/index\.s?html?)?$",
    re.IGNORECASE,
)
# Pager anchors: page numbers and the 首页/上一页/下一页/尾页 words.
PAGER_TEXT = re.compile(r"^(?:\d{1,4}|首页|第一页|上一?页|下一?页|尾页|末页|最后一页|\[\d{1,4}\])$")
# Traps that only look like content (SITES.md 3/S8): calendar widgets (?date=YYYY-MM-DD, prev/
# next month forever) and site search (a results page for every query). Never followed.
CALENDAR_KEYS = re.compile(r"^(?:date|day|month|year|riqi|rq|calendar|cal|ym|ymd)$", re.I)
DATE_VALUE = re.compile(r"^(?:19|20)\d\d[-/.]?\d{1,2}(?:[-/.]?\d{1,2})?$")
SEARCH_PATH = re.compile(r"search|sousuo|jsearch|fulltext|query", re.IGNORECASE)
SEARCH_KEYS = re.compile(r"^(?:q|query|keyword|keywords|searchword|wd|kw|sw)$", re.I)
SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:", "file:")


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def links(selector: Selector, base_url: str) -> list[Link]:
    """Every followable anchor of the page, absolute, with its visible text or title."""
    found: list[Link] = []
    seen: set[str] = set()
    for anchor in selector.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.lower().startswith(SKIP_SCHEMES):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if urlsplit(url).scheme not in ("http", "https") or url in seen or is_trap(url):
            continue
        seen.add(url)
        text = " ".join(anchor.css("::text").getall()).strip()
        title = (anchor.attrib.get("title") or "").strip()
        found.append(Link(url, title if len(title) > len(text) else text))
    return found


def is_trap(url: str) -> bool:
    """A calendar or site-search URL: endless pages that repeat what the site already lists."""
    parts = urlsplit(url)
    if SEARCH_PATH.search(parts.path):
        return True
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if CALENDAR_KEYS.match(key) or DATE_VALUE.match(value.strip()):
            return True
        if SEARCH_KEYS.match(key) and value.strip():
            return True
    return False


def year_column_links(page_links: list[Link]) -> list[str]:
    """Year sub-columns (2023n/, gknb2017/ …): their anchors say only 2023年 or 2023."""
    return [link.url for link in page_links if YEAR_COLUMN.search(urlsplit(link.url).path)]


def pagination_links(page_links: list[Link], list_url: str) -> list[str]:
    """Further pages of a list from plain pager anchors (1 2 3 下一页 尾页).

    A pager link stays in the list's folder (``2.html`` beside ``/col/``) or on the list's
    own path with another query (``InfoPublic.aspx?…&page=2``); anything else that happens
    to have a number as its text (a calendar day, a footnote) is not a page of this list.
    """
    here = urlsplit(list_url)
    folder = here.path.rsplit("/", 1)[0] + "/"
    out = []
    for link in page_links:
        there = urlsplit(link.url)
        if link.url == list_url or there.netloc != here.netloc:
            continue
        if not PAGER_TEXT.match(_compact(link.text)):
            continue
        same_path = there.path == here.path and there.query != here.query
        beside = there.path.startswith(folder) and "/" not in there.path[len(folder) :]
        # the page number sits in the query on the list's own path, in the name beside it
        numbered_query = same_path and re.search(r"\d", there.query)
        numbered_file = beside and re.search(r"\d", there.path[len(folder) :])
        back_to_column = beside and there.path == folder  # 首页 pointing at the column itself
        if numbered_query or numbered_file or back_to_column:
            out.append(link.url)
    return out


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column_links(page_links: list[Link]) -> list[str]:
    """Links that lead to a 年报 column, by anchor text or path."""
    out = []
    for link in page_links:
        text = _compact(link.text)
        if NOT_COLUMN.search(text):
            continue
        path = urlsplit(link.url).path
        by_text = any(text == t or (t in text and len(text) <= len(t) + 4) for t in COLUMN_TEXTS)
        if by_text or COLUMN_PATH.search(path):
            out.append(link.url)
    return out


def section_links(page_links: list[Link]) -> list[str]:
    """Links that lead to the 政府信息公开 section where the column usually hangs."""
    out = []
    for link in page_links:
        text = _compact(link.text)
        path = urlsplit(link.url).path
        if text in SECTION_TEXTS or (
            SECTION_PATH.search(path) and any(t in text for t in SECTION_TEXTS)
        ):
            out.append(link.url)
    return out


def detail_links(page_links: list[Link], exclude: set[str]) -> list[str]:
    """Items of a column list page: URL shapes of known CMSs, or report-like titles."""
    out = []
    for link in page_links:
        if link.url in exclude:
            continue
        path = urlsplit(link.url).path
        if DETAIL_URL.search(link.url) or (
            REPORTISH_TEXT.search(link.text) and not COLUMN_PATH.search(path)
        ):
            out.append(link.url)
    return out


def is_attachment(link: Link) -> bool:
    """A link to a document file: by URL shape, or by a 附件/下载 text on a non-page URL."""
    parts = urlsplit(link.url)
    if ATTACHMENT_URL.search(parts.path) or ATTACHMENT_QUERY.search(parts.query):
        return True
    return bool(ATTACHMENT_TEXT.search(_compact(link.text))) and not PAGE_PATH.search(parts.path)


def attachment_links(page_links: list[Link]) -> list[str]:
    """The attachments a detail page links to (PDF, Word, WPS, Excel, archives)."""
    return [link.url for link in page_links if is_attachment(link)]


def report_images(selector: Selector, base_url: str) -> list[str]:
    """The page images of an image-only report: `<img>` in a body that has little text."""
    body = next((found for s in BODY_SELECTORS if (found := selector.css(s))), None)
    if not body:
        return []
    text = _compact("".join(body[0].css("::text").getall()))
    title = "".join(selector.css("title::text, meta[name=ArticleTitle]::attr(content)").getall())
    if len(text) > IMAGE_REPORT_MAX_TEXT and "图片版" not in title:
        return []
    out: list[str] = []
    for src in body[0].css("img::attr(src)").getall():
        url = urljoin(base_url, src.strip()).split("#", 1)[0]
        if urlsplit(url).scheme in ("http", "https") and url not in out:
            out.append(url)
    return out


def same_site(url: str, home: str) -> bool:
    return urlsplit(url).netloc == urlsplit(home).netloc
