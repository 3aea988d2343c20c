"""The discovery spider: from a site's home page to every item of its 年报 column.

It knows HTTP and site structure only. Every response it sees becomes a `Capture` for the
archive; deciding whether a detail page is really an annual report is the parsers' job,
done later from the archived bytes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler import discovery, listing
from crawler.items import Capture, Listing
from crawler.platforms import PageRequest, column_urls, list_plan

MAX_SECTION_DEPTH = 2  # home -> 信息公开 -> sub-section
MAX_DETAIL_REDIRECTS = 5
MAX_LIST_PAGES = 200  # pager pages followed per column (a bound, not an expectation)
REDIRECT_STATUSES = [301, 302, 303, 307, 308]


class DiscoverySpider(scrapy.Spider):
    name = "discover"

    def __init__(
        self,
        start_url: str | None = None,
        column_url: str | None = None,
        site: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        if not start_url and not column_url:
            raise ValueError("give start_url (a home page) or column_url (a 年报 column)")
        for url in (start_url, column_url):
            if url and urlsplit(url).scheme not in ("http", "https"):
                raise ValueError(f"only http(s) seeds are crawled: {url!r}")
        self.start_url = start_url
        self.column_url = column_url
        self.site = site or urlsplit(start_url or column_url or "").netloc
        # a column may live on its own 信息公开 host (zwgk.mwr.gov.cn for www.mwr.gov.cn)
        self.allowed_domains = sorted(
            {urlsplit(u).hostname or "" for u in (start_url, column_url) if u}
        )
        self.columns: set[str] = set()
        # the list sweep: which list requests were scheduled, parsed, not lists; what listed
        self.lists_sent: set[tuple[str, str, bytes]] = set()
        self.lists_done: set[tuple[str, str, bytes]] = set()
        self.list_failures = 0
        self.listed: set[str] = set()
        self.verified = False
        self._known: tuple[dict[str, str], set[str]] | None = None
        self.list_pages: dict[str, int] = {}  # pager pages counted per column

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: object, **kwargs: object) -> DiscoverySpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.verify_unlisted, signal=signals.spider_idle)
        crawler.signals.connect(spider.list_scheduled, signal=signals.request_scheduled)
        return spider

    def list_scheduled(self, request: scrapy.Request, spider: scrapy.Spider) -> None:
        """Count a list request of the sweep once the scheduler took it (a repeat the
        dupefilter drops is never counted; a redirect keeps its first request's key)."""
        if spider is self and request.meta.get("role") in ("list", "column"):
            key = request.meta.setdefault("list_key", (request.method, request.url, request.body))
            self.lists_sent.add(key)

    @property
    def incremental(self) -> bool:
        settings = getattr(self, "settings", None)  # none for a spider made without a crawler
        return bool(settings and settings.getbool("NIANBAO_INCREMENTAL"))

    @property
    def run_id(self) -> int | None:
        return self.settings.getint("NIANBAO_RUN_ID") or None

    def _archive(self):
        from archive.db import open_db

        return open_db(self.settings.get("NIANBAO_DB"))

    def known(self) -> tuple[dict[str, str], set[str]]:
        """Last run's list entries of this site, and its URLs already captured (200/304)."""
        if self._known is None:
            from archive.listings import captured_urls, previous_entries

            db = self._archive()
            self._known = previous_entries(db, self.site, self.run_id), captured_urls(db, self.site)
            db.close()
        return self._known

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.column_url:
            yield self._column_request(self.column_url, None)
        if self.start_url:
            yield scrapy.Request(self.start_url, callback=self.parse_home, meta={"role": "home"})

    # -- callbacks ---------------------------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Capture | scrapy.Request]:
        yield self.capture(response)
        yield from self._follow_structure(response, depth=0)

    def parse_section(self, response: Response) -> Iterator[Capture | scrapy.Request]:
        yield self.capture(response)
        yield from self._follow_structure(response, depth=response.meta["depth_in_site"])

    def parse_list(self, response: Response) -> Iterator[Capture | Listing | scrapy.Request]:
        yield self.capture(response)
        request = response.request
        key = (request.method, request.url, request.body) if request else ("GET", "", b"")
        self.lists_done.add(response.meta.get("list_key", key))
        if response.status != 200 or not hasattr(response, "text"):
            self.list_failures += 1
            return
        # [platform hook, W1] a JSON list API answer (gkmlpt) has no anchors: its items come
        # from the platform's plan, and parsel refuses CSS on a JSON selector
        json_answer = getattr(response.selector, "type", "html") == "json"
        page_links = [] if json_answer else discovery.links(response.selector, response.url)
        # [end platform hook]
        plan = list_plan(response.url, response.text)
        for page in plan.pages:
            yield self._list_request(page, response.url)
        pages = {page.url for page in plan.pages}
        if not plan.pages:  # no platform module knows this list: follow its pager anchors
            for url in discovery.pagination_links(page_links, response.url):
                if self._count_list_page(response):
                    pages.add(url)
                    yield self._list_request(PageRequest(url), response.url, response)
        exclude = pages | self.columns | {response.url}
        sub_columns = discovery.column_links(page_links) + discovery.year_column_links(page_links)
        for url in dict.fromkeys(sub_columns):
            if url not in self.columns and self._is_sub_column(url, response.url):
                yield self._column_request(url, response.url)
        details = discovery.detail_links(page_links, exclude)
        details += [u for u in plan.items if u not in exclude and u not in details]
        # [platform hook, W1] a twin URL of an item (VSB jsp ↔ /info/…htm) is fetched under
        # the URL the site publishes; ListPlan.aliases comes from crawler/platforms/<family>.
        details = list(dict.fromkeys(plan.aliases.get(u, u) for u in details))
        # [end platform hook]
        entries = listing.entries(response.text, response.url)
        for url in details:
            if discovery.same_site(url, response.url):
                yield from self._listed(url, response.url, entries.get(url, ""))

    def _listed(self, url: str, list_url: str, entry: str) -> Iterator[Listing | scrapy.Request]:
        """Record the list entry; fetch the item unless an incremental run knows it as is."""
        self.listed.add(url)
        yield Listing(
            url=url,
            list_url=list_url,
            entry=entry,
            site=self.site,
            seen_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        if self.incremental:
            previous, captured = self.known()
            if url in captured and previous.get(url) == entry:
                self.crawler.stats.inc_value("nianbao/unchanged_in_list")
                return
        yield self._detail_request(url, list_url)

    def sweep_summary(self) -> dict[str, int]:
        """Whether every list request of this run was answered with a list (what removals
        may rely on): one that failed to download never reached parse_list."""
        failed = self.list_failures + len(self.lists_sent - self.lists_done)
        return {
            "list_pages": len(self.lists_done),
            "failed": failed,
            "complete": int(not failed and bool(self.lists_done)),
        }

    def verify_unlisted(self) -> None:
        """Once the lists are swept, fetch known items no list shows any more (once each)."""
        if not self.incremental or self.verified or not self.sweep_summary()["complete"]:
            return
        self.verified = True
        from archive.listings import unverified_unlisted

        db = self._archive()
        urls = unverified_unlisted(db, self.site, self.listed, self.run_id)
        db.close()
        for url in urls:
            self.crawler.stats.inc_value("nianbao/verify_unlisted")
            self.crawler.engine.crawl(self._detail_request(url, None))
        if urls:
            raise DontCloseSpider

    def parse_detail(self, response: Response) -> Iterator[Capture | scrapy.Request]:
        yield self.capture(response)
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location:
            hops = response.meta.get("redirect_hops", 0) + 1
            target = response.urljoin(location.decode("latin-1"))
            if hops <= MAX_DETAIL_REDIRECTS and discovery.same_site(target, response.url):
                yield self._detail_request(target, response.url, hops)
        if response.status == 200 and hasattr(response, "text"):
            yield from self._attachment_requests(response)

    def parse_attachment(self, response: Response) -> Iterator[Capture]:
        """An attachment is archived as fetched and never followed further."""
        yield self.capture(response)

    # -- helpers -----------------------------------------------------------------------

    def _follow_structure(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            return
        page_links = discovery.links(response.selector, response.url)
        columns = [
            u for u in discovery.column_links(page_links) if discovery.same_site(u, response.url)
        ]
        # [platform hook, W1] a column named only inside a script (gkmlpt window._CONFIG)
        columns += [u for u in column_urls(response.url, response.text) if u not in columns]
        # [end platform hook]
        for url in columns:
            yield self._column_request(url, response.url)
        if columns or depth >= MAX_SECTION_DEPTH:
            return
        for url in discovery.section_links(page_links):
            if discovery.same_site(url, response.url):
                yield scrapy.Request(
                    url,
                    callback=self.parse_section,
                    meta={"role": "section", "depth_in_site": depth + 1},
                )

    def _attachment_requests(self, response: Response) -> Iterator[scrapy.Request]:
        """Documents linked from a detail page, and the page images of a 图片版 report."""
        page_links = discovery.links(response.selector, response.url)
        urls = discovery.attachment_links(page_links)
        urls += [
            u for u in discovery.report_images(response.selector, response.url) if u not in urls
        ]
        for url in urls:
            if discovery.same_site(url, response.url):
                yield scrapy.Request(
                    url,
                    callback=self.parse_attachment,
                    headers={"Referer": response.url},
                    meta={"role": "attachment", "handle_httpstatus_list": [404, 410]},
                )

    def _detail_request(self, url: str, referer: str | None, hops: int = 0) -> scrapy.Request:
        """Detail pages handle their own redirects so the redirect itself is archived.

        A report URL that now answers 301 to the home page is how many CMSs soft-delete;
        that answer is evidence, so it becomes a capture like any other response.
        """
        return scrapy.Request(
            url,
            callback=self.parse_detail,
            headers={"Referer": referer} if referer else {},
            meta={
                "role": "detail",
                "dont_redirect": True,
                "handle_httpstatus_list": [*REDIRECT_STATUSES, 404, 410],
                "redirect_hops": hops,
            },
        )

    def _count_list_page(self, response: Response) -> bool:
        """Count a pager page against its column; False once the column has had its share.

        A general bound for lists whose pager has no end (pages past the last that repeat
        or come back empty): MAX_LIST_PAGES per column, whatever the site.
        """
        column = response.meta.get("column", response.url)
        self.list_pages[column] = self.list_pages.get(column, 0) + 1
        return self.list_pages[column] <= MAX_LIST_PAGES

    def _list_request(
        self, page: PageRequest, referer: str, parent: Response | None = None
    ) -> scrapy.Request:
        """A further list page: a GET, or a POST of form fields to an XHR list proxy."""
        meta = {"role": "list"}
        if parent is not None:
            meta["column"] = parent.meta.get("column", parent.url)
        if page.method.upper() == "POST":
            headers = {"Referer": referer, **dict(page.headers)}
            return scrapy.FormRequest(
                page.url,
                formdata=list(page.form),
                headers=headers,
                callback=self.parse_list,
                meta=meta,
            )
        headers = dict(page.headers)
        return scrapy.Request(page.url, callback=self.parse_list, meta=meta, headers=headers)

    def _column_request(self, url: str, referer: str | None) -> scrapy.Request:
        self.columns.add(url)
        headers = {"Referer": referer} if referer else {}
        return scrapy.Request(
            url, callback=self.parse_list, meta={"role": "column"}, headers=headers
        )

    def _is_sub_column(self, url: str, list_url: str) -> bool:
        """A year or department sub-column hangs below the column it is listed in."""
        base = list_url.rsplit("/", 1)[0] + "/"
        return url.startswith(base) and url.rstrip("/") != base.rstrip("/")

    def capture(self, response: Response) -> Capture:
        """The response as archived; a 304 is archived as the 304 (the spider parses the
        earlier body it stands for, which ConditionalRequests put in its place)."""
        redirects = response.meta.get("redirect_urls") or []
        not_modified = response.meta.get("nianbao_304")
        headers = (
            not_modified["headers"]
            if not_modified
            else {
                k.decode("latin-1"): b", ".join(v).decode("latin-1")
                for k, v in response.headers.items()
            }
        )
        return Capture(
            url=redirects[0] if redirects else response.url,
            final_url=response.url,
            status=not_modified["status"] if not_modified else response.status,
            headers=headers,
            body=b"" if not_modified else response.body,
            role=response.meta.get("role", "page"),
            method=response.request.method if response.request else "GET",
            referer=(response.request.headers.get("Referer") or b"").decode("latin-1") or None
            if response.request
            else None,
            site=self.site,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            request_headers={
                k.decode("latin-1"): b", ".join(v).decode("latin-1")
                for k, v in response.request.headers.items()
            }
            if response.request
            else None,
        )
