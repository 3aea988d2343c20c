"""What the crawler hands to the archive: one HTTP response, as fetched."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Capture:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    role: str  # home, section, column, list, detail, attachment
    final_url: str | None = None
    method: str = "GET"
    referer: str | None = None
    site: str | None = None
    fetched_at: str | None = None
    request_headers: dict[str, str] | None = None  # what Scrapy sent, for the WARC request record
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Listing:
    """One item of a list page, as listed: the archive's record of what a column showed."""

    url: str  # the item (detail page)
    list_url: str  # the list page (or proxy answer) that listed it
    entry: str  # the item's row text: title and date as shown
    site: str | None = None
    seen_at: str | None = None
