"""The private-address guard: loopback and private targets are refused unless allowed."""

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.middlewares import PrivateAddressGuard, is_private_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "0.0.0.0",
    ],
)
def test_private_addresses(address):
    assert is_private_address(address)


def test_public_address():
    assert not is_private_address("202.108.22.5")


def guard(allow: bool) -> PrivateAddressGuard:
    return PrivateAddressGuard.from_crawler(
        get_crawler(settings_dict={"NIANBAO_ALLOW_PRIVATE": allow})
    )


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8101/", "http://[::1]/x", "http://localhost/", "http://10.0.0.1/a.pdf"],
)
def test_refused_by_default(url):
    with pytest.raises(IgnoreRequest):
        guard(False).process_request(Request(url))


def test_allowed_when_the_operator_says_so():
    assert guard(True).process_request(Request("http://127.0.0.1:8101/")) is None


def challenge_guard():
    from crawler.middlewares import ChallengeGuard

    return ChallengeGuard(get_crawler())


def ruishu_response(url: str):
    from scrapy.http import HtmlResponse

    from simweb.base import Request as SiteRequest
    from simweb.sites.antibot import AntibotSite

    answer = AntibotSite(wall="ruishu").handle(SiteRequest("GET", "/", {}, {}))
    return HtmlResponse(url, status=answer.status, headers=answer.headers, body=answer.body)


def test_a_challenge_blocks_the_host_and_drops_its_further_requests():
    guard = challenge_guard()
    home = "http://hbsft.example.gov.cn/"
    with pytest.raises(IgnoreRequest):
        guard.process_response(Request(home, meta={"role": "home"}), ruishu_response(home))
    assert guard.blocked == {"hbsft.example.gov.cn": "challenge: ruishu 412"}
    assert guard.crawler.stats.get_value("nianbao/blocked_hosts") == guard.blocked
    with pytest.raises(IgnoreRequest):
        guard.process_request(Request(home + "xxgk/"))
    guard.process_request(Request("http://other.example.gov.cn/"))  # other hosts go on


def test_one_forbidden_directory_does_not_block_an_open_site():
    from scrapy.http import HtmlResponse

    guard = challenge_guard()
    page = b"<html><head><title>403 Forbidden</title></head><center>nginx</center></html>"
    forbidden = "http://www.example.gov.cn/zhengce/zhengceku/"
    with pytest.raises(IgnoreRequest):
        guard.process_response(
            Request(forbidden, meta={"role": "detail"}),
            HtmlResponse(forbidden, status=403, body=page),
        )
    ok = HtmlResponse("http://www.example.gov.cn/a.html", status=200, body=b"<html></html>")
    assert guard.process_response(Request(ok.url), ok) is ok
    assert guard.blocked == {}
    for n in range(3):  # but a WAF that forbids everything in a row does block
        url = f"http://www.example.gov.cn/{n}.html"
        with pytest.raises(IgnoreRequest):
            guard.process_response(Request(url), HtmlResponse(url, status=403, body=page))
    assert guard.blocked == {"www.example.gov.cn": "waf: nginx 403"}


def test_challenge_statuses_are_never_retried():
    from scrapy.settings import Settings

    codes = set(Settings({}).getlist("RETRY_HTTP_CODES"))
    from crawler import settings

    codes |= set(getattr(settings, "RETRY_HTTP_CODES", []))
    assert not codes & {202, 403, 412, 521}
