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
