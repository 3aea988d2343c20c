"""What a platform module answers about one list page, independent of Scrapy."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageRequest:
    """One further page of a list: a GET URL, or a POST of form fields (an XHR proxy)."""

    url: str
    method: str = "GET"
    form: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class ListPlan:
    """Further list pages to fetch, and item (detail) URLs that link following cannot see.

    `aliases` maps a twin URL of an item (VSB's jsp form of an ``/info/…htm`` article) to
    the URL the site publishes it under, so one article is fetched and archived once.
    """

    pages: list[PageRequest] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
