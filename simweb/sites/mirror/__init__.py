"""S10: a misbehaving host, its off-host target and an off-domain spam clone (SITES.md 3/S10).

``mirror`` is 济宁市司法局 on a badly kept server. Its 政府信息公开年报 column lists two good
reports among items that misbehave the way real hosts do (SITES.md 0.5):

- ``/loop/a`` → 307 ``/loop/b`` → 307 ``/loop/a``: an endless redirect loop, and
  ``/loop/c?n=N`` → 302 ``/loop/c?n=N+1``: one that never repeats a URL;
- ``/old/2017/`` → 301 to ``/`` (an old year directory), ``/moved/`` → 301 to the ``other``
  host, which answers 404;
- ``/slow/…`` answers after ``slow_seconds`` (25-40 s on real hosts; a site option, so tests
  can keep it short while still longer than the crawler's download timeout);
- ``/reset/…`` sends part of the promised body and closes the connection;
- ``/sfj/zfxxgk/ndbg/202101/t20210129_1620807`` (no extension) is a baduzz-style spam clone
  of an S1 report. Only another site links to it: a crawler must reject it as off-domain.

``other`` is the host ``/moved/`` points to. Its robots.txt says ``Disallow: /``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

from simweb.base import Request, Response, empty_manifest

TRS = Path(__file__).parent.parent / "trs"
SLOW_SECONDS = 30.0
COLUMN = "/xxgk/zfxxgknb/"
SPAM_CLONE = "/sfj/zfxxgk/ndbg/202101/t20210129_1620807"
# The two reports the column carries: S1 articles re-published here under new ids.
REPUBLISHED = {"lw2024": 5100001, "xz2021": 5100002}


def _page(title: str, body: str, site: str, meta: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta name="SiteName" content="{escape(site)}"><meta name="SiteIDCode" '
        f'content="3708000011">{meta}</head>\n<body><div class="top"><a href="/">首页</a> '
        '<a href="/xxgk/">政府信息公开</a></div>\n'
        f'<div class="main">{body}</div>\n<div class="footer">主办：{escape(site)}</div>'
        "</body></html>\n"
    )


class MirrorSite:
    """The misbehaving host: loops, stale redirects, a slow page, a reset and a spam clone."""

    name = "mirror"
    agency = "济宁市司法局"

    def __init__(self, *, slow_seconds: float = SLOW_SECONDS, **options: object) -> None:
        self.slow_seconds = float(slow_seconds)
        self.peers: dict[str, str] = {}
        data = yaml.safe_load((TRS / "articles.yaml").read_text(encoding="utf-8"))
        by_body = {a.get("body"): a for a in data["articles"] if a["kind"] == "report"}
        self.reports = [(new_id, by_body[name]) for name, new_id in REPUBLISHED.items()]
        self.bodies = {
            name: (TRS / "bodies" / f"{name}.html").read_text(encoding="utf-8")
            for name in [*REPUBLISHED, "sft2020"]
        }
        self.clone = next(a for a in data["articles"] if a.get("body") == "sft2020")

    @staticmethod
    def report_path(new_id: int, entry: dict[str, Any]) -> str:
        return f"{COLUMN}{entry['date']:%Y%m}/t{entry['date']:%Y%m%d}_{new_id}.html"

    # ---- the misbehaving items of the column: (path, title, kind)
    def traps(self) -> list[tuple[str, str, str]]:
        return [
            (
                "/slow/xxgk/zfxxgknb/202401/t20240116_5100003.html",
                "slow",
                "济宁市司法局2023年政府信息公开工作年度报告",
            ),
            (
                "/reset/xxgk/zfxxgknb/202301/t20230117_5100004.html",
                "reset",
                "济宁市司法局2022年政府信息公开工作年度报告",
            ),
            ("/loop/a", "loop", "济宁市司法局2021年政府信息公开工作年度报告"),
            ("/loop/c?n=1", "redirect-chain", "济宁市司法局2020年政府信息公开工作年度报告"),
            ("/old/2017/", "old", "济宁市司法局2016年政府信息公开工作年度报告"),
            ("/moved/", "moved", "济宁市司法局年度报告（新栏目）"),
        ]

    def handle(self, request: Request) -> Response:
        path = request.path or "/"
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow:\n"
            )
        if path in ("/", "/index.html"):
            return Response.html(self._home())
        if path == "/xxgk/":
            links = f'<a href="{COLUMN}">政府信息公开年报</a>'
            return Response.html(_page("政府信息公开", links, self.agency))
        if path in (COLUMN, COLUMN + "index.html"):
            return Response.html(self._column())
        if path == "/loop/a":
            return Response.redirect("/loop/b", status=307)
        if path == "/loop/b":
            return Response.redirect("/loop/a", status=307)
        if path == "/loop/c":
            n = (request.query.get("n") or ["0"])[0]
            step = int(n) + 1 if n.isdigit() else 1
            return Response.redirect(f"/loop/c?n={step}", status=302)
        if path.startswith("/old/"):
            return Response.redirect("/", status=301)
        if path.startswith("/moved/"):
            return Response.redirect(self.peers.get("other", "") + path, status=301)
        for new_id, entry in self.reports:
            if path == self.report_path(new_id, entry):
                return Response.html(self._detail(entry["title"], self.bodies[entry["body"]]))
        if path.startswith("/slow/"):
            response = Response.html(self._detail("济宁市司法局2023年政府信息公开工作年度报告", ""))
            response.delay = self.slow_seconds
            return response
        if path.startswith("/reset/"):
            response = Response.html(self._detail("济宁市司法局2022年政府信息公开工作年度报告", ""))
            response.cut_after = 300
            return response
        if path == SPAM_CLONE:
            return Response.html(self._spam())
        return Response.not_found()

    def _home(self) -> str:
        links = [
            (COLUMN, "政府信息公开年报"),
            ("/old/2017/", "2017年信息公开年报"),
            ("/moved/", "年报专栏"),
            ("/loop/a", "年度报告"),
        ]
        body = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links) + "</ul>"
        return _page(self.agency, body, self.agency)

    def _column(self) -> str:
        items = [
            (self.report_path(i, e), e["title"], f"{e['date']:%Y-%m-%d}") for i, e in self.reports
        ]
        items += [(path, title, "2024-01-16") for path, _, title in self.traps()]
        rows = "".join(
            f'<li><a href="{h}" title="{escape(t)}">{escape(t)}</a><span>{d}</span></li>'
            for h, t, d in items
        )
        meta = '<meta name="ColumnName" content="政府信息公开年报">'
        return _page("政府信息公开年报", f'<ul class="list">{rows}</ul>', self.agency, meta)

    def _detail(self, title: str, body: str) -> str:
        meta = f'<meta name="ArticleTitle" content="{escape(title)}">'
        html = f'<h1>{escape(title)}</h1><div class="trs_editor_view">{body}</div>'
        return _page(title, html, self.agency, meta)

    def _spam(self) -> str:
        title = self.clone["title"]
        ads = '<div class="ad"><a href="/go?u=1">澳门娱乐城 注册送88元</a></div>'
        html = ads + f'<h1>{escape(title)}</h1><div class="content">{self.bodies["sft2020"]}</div>'
        return _page(title + "-百度资讯", html, "资讯网")

    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        reports = [
            {
                "url": base + self.report_path(new_id, entry),
                "title": entry["title"],
                "agency": entry["report"]["agency"],
                "year": int(entry["report"]["year"]),
            }
            for new_id, entry in self.reports
        ]
        return {
            "site": self.name,
            "reports": reports,
            "attachments": [],
            "distractors": [],
            "traps": [{"url": base + p, "kind": kind} for p, kind, _ in self.traps()],
            "off_domain": [base + SPAM_CLONE],
        }


class OtherSite:
    """The host a stale 301 points to: every page is gone and robots.txt disallows all."""

    name = "other"

    def __init__(self, **options: object) -> None:
        self.options = options

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /\n"
            )
        if request.path in ("/", "/index.html"):
            return Response.html(
                _page(
                    "济宁市司法局", '<a href="/xxgk/zfxxgknb/">政府信息公开年报</a>', "济宁市司法局"
                )
            )
        return Response.not_found()

    def manifest(self, base_url: str) -> dict:
        return empty_manifest(self.name, robots_disallow_all=True)
