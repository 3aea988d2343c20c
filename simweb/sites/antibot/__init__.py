"""S9: hosts behind anti-bot walls (SITES.md 2 and 3/S9), one host per kind of wall.

Each wall guards its whole host, robots.txt included, as the real ones do (they sit in
front of the site, at the CDN or the load balancer):

- ``antibot``: a Ruishu (瑞数) JS challenge: **412** with a ~1.5 KB page holding
  ``<meta … r="m">``, an inline script defining ``$_ts``, an external ``/x/abc.js`` and a
  ``FSSBBIl1UgzbN7N80S`` cookie; ``/api/…`` answers the same body with **202**. Only a
  request carrying the ``…80T`` cookie that the challenge script computes gets the page;
- ``antibot-jsl``: jiasule (知道创宇) **521** with a ``__jsluid_h`` cookie and a script that
  sets the clearance cookie and reloads;
- ``antibot-waf``: a plain nginx **403** page.

A plain HTTP client never gets past any of them, which is the point: the crawler must record
the host as blocked with the reason, store nothing as a page and not retry in a loop.
"""

from __future__ import annotations

import hashlib

from simweb.base import Request, Response, empty_manifest

RUISHU_COOKIE = "FSSBBIl1UgzbN7N80S"
RUISHU_CLEARANCE = "FSSBBIl1UgzbN7N80T"
HOME_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>湖北省司法厅</title></head>"
    "<body><a href='/xxgk/zfxxgknb/'>政府信息公开年报</a></body></html>"
)
NGINX_403 = (
    "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n"
    "<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _token(seed: str, size: int) -> str:
    """Deterministic base64-looking noise, like the obfuscated values of a challenge page."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"
    out = ""
    counter = 0
    while len(out) < size:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out += "".join(alphabet[b % len(alphabet)] for b in digest)
        counter += 1
    return out[:size]


def ruishu_page(path: str) -> str:
    meta_id = _token("meta-id" + path, 22)
    return (
        "<!DOCTYPE html>\n<html><head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta http-equiv="Cache-Control" content="no-cache, no-store, must-revalidate">\n'
        f'<meta id="{meta_id}" content="{_token("meta" + path, 620)}" r="m">\n'
        '<script type="text/javascript" r="m">'
        "$_ts=window['$_ts'];if(!$_ts)$_ts=window['$_ts']={};$_ts.nsd=26473;"
        f'$_ts.cd="{_token("cd" + path, 520)}";'
        "if($_ts.lcd)$_ts.lcd();</script>\n"
        '<script type="text/javascript" charset="utf-8" src="/x/abc.js" r="m"></script>\n'
        "</head><body></body></html>\n"
    )


def jiasule_script(path: str) -> str:
    parts = "+".join(f"('{c}')" for c in "__jsl_clearance_s=")
    value = _token("jsl" + path, 32)
    return (
        f"<script>document.cookie={parts}+'{value}'+';max-age=3600;path=/';"
        "location.href=location.pathname+location.search</script>"
    )


WALLS = {"ruishu": "antibot", "jiasule": "antibot-jsl", "waf": "antibot-waf"}
REASONS = {
    "ruishu": "challenge: ruishu 412",
    "jiasule": "challenge: jiasule 521",
    "waf": "waf: nginx 403",
}


class AntibotSite:
    """Every path of the host is guarded by one wall: Ruishu 412/202, jiasule 521, nginx 403."""

    def __init__(self, wall: str = "ruishu", **options: object) -> None:
        self.wall = wall
        self.name = WALLS[wall]
        self.options = options

    def handle(self, request: Request) -> Response:
        path = request.path or "/"
        if self.wall == "waf":
            return Response.html(NGINX_403, status=403)
        if self.wall == "jiasule":
            response = Response.html(jiasule_script(path), status=521)
            response.headers["Set-Cookie"] = (
                f"__jsluid_h={_token('jsluid', 32)}; max-age=31536000; path=/; HttpOnly"
            )
            return response
        if path == "/x/abc.js":
            body = f"var _$Ok='{_token('js', 900)}';".encode()
            return Response(headers={"Content-Type": "application/javascript"}, body=body)
        if self._cleared(request):
            return Response.html(HOME_PAGE)
        response = Response.html(ruishu_page(path), status=202 if path.startswith("/api") else 412)
        response.headers["Set-Cookie"] = (
            f"{RUISHU_COOKIE}={_token('S' + path, 88)}; Path=/; expires=Fri, 01 Jan 2100 "
            "00:00:00 GMT; HttpOnly"
        )
        return response

    @staticmethod
    def _cleared(request: Request) -> bool:
        """The clearance cookie the challenge script would compute from the server cookie."""
        cookies = dict(
            part.strip().split("=", 1)
            for part in request.headers.get("cookie", "").split(";")
            if "=" in part
        )
        server = cookies.get(RUISHU_COOKIE, "")
        expected = hashlib.sha256(server.encode()).hexdigest()
        return bool(server) and cookies.get(RUISHU_CLEARANCE) == expected

    def manifest(self, base_url: str) -> dict:
        blocked = {"url": base_url.rstrip("/") + "/", "reason": REASONS[self.wall]}
        return empty_manifest(self.name, blocked=blocked)
