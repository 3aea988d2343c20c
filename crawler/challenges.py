"""Recognising anti-bot challenge and WAF pages by status and body (SITES.md 0.5 and 2).

A challenge answer is neither content nor a transient error: Ruishu (瑞数) answers 412 (or
202 on its API paths) with a page that only JavaScript can get past, jiasule (知道创宇) 521,
a plain WAF an nginx 403 page. Retrying them never helps and storing them as pages would
archive junk, so the crawler needs to tell them apart from a real 403 directory page or an
empty 202: each rule below pairs the status with signatures from the body or the cookies.
Pure functions, so they test without a crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ruishu: <meta … r="m">, an inline script defining $_ts, a FSSBBIl1UgzbN7N80S-like cookie.
RUISHU_BODY = (
    re.compile(rb"""<meta\b[^>]*\br=["']?m["']?""", re.I),
    re.compile(rb"\$_ts\s*=|\$_ts\.\w+\s*="),
)
RUISHU_COOKIE = re.compile(rb"^\w{10,}(?:80S|80O)=", re.I)  # FSSBBIl1UgzbN7N80S, NfBCSins2OywO
# jiasule / 知道创宇: the __jsluid cookie first, a JS-computed clearance cookie after.
JIASULE_COOKIE = re.compile(rb"^__jsluid", re.I)
JIASULE_BODY = re.compile(rb"__jsl_clearance|document\.cookie\s*=", re.I)
# Generic challenge markers seen on Chinese WAF pages (请稍候, 安全验证, 访问异常).
CHALLENGE_WORDS = re.compile(
    "请稍候|安全验证|访问异常|wzws".encode() + rb"|" + "请稍候".encode("gbk"), re.I
)
NGINX_403 = re.compile(rb"<title>\s*403 Forbidden\s*</title>|<center>\s*nginx", re.I)
# The statuses a challenge can come with; anything else is not one.
CHALLENGE_STATUSES = {202, 403, 412, 521}


@dataclass(frozen=True)
class Challenge:
    kind: str  # ruishu | jiasule | waf
    status: int

    @property
    def reason(self) -> str:
        label = "waf" if self.kind == "waf" else "challenge"
        detail = "nginx" if self.kind == "waf" else self.kind
        return f"{label}: {detail} {self.status}"

    @property
    def blocks_at_once(self) -> bool:
        """JS challenges cover the whole host; a WAF 403 may guard one directory only."""
        return self.kind != "waf"


def recognise(status: int, set_cookies: list[bytes], body: bytes) -> Challenge | None:
    """The challenge a response is, or None for an ordinary response (errors included)."""
    if status not in CHALLENGE_STATUSES:
        return None
    head = body[:20_000]
    if status in (412, 202) and (
        all(p.search(head) for p in RUISHU_BODY)
        or (any(RUISHU_COOKIE.search(c) for c in set_cookies) and RUISHU_BODY[1].search(head))
    ):
        return Challenge("ruishu", status)
    if status == 521 and (
        any(JIASULE_COOKIE.search(c) for c in set_cookies) or JIASULE_BODY.search(head)
    ):
        return Challenge("jiasule", status)
    if status == 403 and (NGINX_403.search(head) or CHALLENGE_WORDS.search(head)):
        return Challenge("waf", status)
    if status in (412, 521) and CHALLENGE_WORDS.search(head):
        return Challenge("unknown", status)
    return None
