"""Challenge pages told from ordinary answers by status and body (SITES.md 2)."""

import pytest

from crawler.challenges import recognise
from simweb.base import Request
from simweb.sites.antibot import AntibotSite


def answer(wall: str, path: str = "/"):
    response = AntibotSite(wall=wall).handle(Request("GET", path, {}, {}))
    cookies = [v.encode() for k, v in response.headers.items() if k == "Set-Cookie"]
    return response.status, cookies, response.body


@pytest.mark.parametrize(
    ("wall", "path", "reason"),
    [
        ("ruishu", "/", "challenge: ruishu 412"),
        ("ruishu", "/xxgk/zfxxgknb/index.html", "challenge: ruishu 412"),
        ("ruishu", "/api/list", "challenge: ruishu 202"),
        ("jiasule", "/", "challenge: jiasule 521"),
        ("waf", "/xxgk/", "waf: nginx 403"),
    ],
)
def test_the_simulated_walls_are_recognised(wall, path, reason):
    status, cookies, body = answer(wall, path)
    assert 1000 <= len(body) <= 2500 or wall != "ruishu"
    challenge = recognise(status, cookies, body)
    assert challenge is not None and challenge.reason == reason


def test_a_ruishu_body_is_recognised_without_its_cookie():
    _, _, body = answer("ruishu")
    assert recognise(412, [], body).kind == "ruishu"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, b"<html><body>$_ts=1; r=m</body></html>"),  # content that mentions the markers
        (202, b""),  # an accepted, empty answer
        (412, b"<html><body>Precondition Failed</body></html>"),
        (403, b"<html><body><h1>Forbidden</h1><p>directory listing denied</p></body></html>"),
        (404, b"<html><center>nginx</center></html>"),
        (521, b"<html>Web server is down</html>"),
    ],
)
def test_ordinary_answers_are_not_challenges(status, body):
    assert recognise(status, [], body) is None


def test_only_the_waf_needs_more_evidence_before_blocking_a_host():
    assert recognise(*answer("ruishu")).blocks_at_once
    assert recognise(*answer("jiasule")).blocks_at_once
    assert not recognise(*answer("waf")).blocks_at_once
