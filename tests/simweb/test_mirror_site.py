"""S10: the misbehaving host answers as SITES.md 3/S10 says, over real sockets."""

import http.client
from urllib.parse import urlsplit

import pytest

from simweb.server import running


@pytest.fixture(scope="module")
def web():
    with running(slow_seconds=0.2) as web:
        yield web


def fetch(web, site: str, path: str) -> http.client.HTTPResponse:
    host = urlsplit(web.base_url(site)).netloc
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", path)
    return connection.getresponse()


def test_redirect_loop_and_stale_redirects(web):
    assert (
        fetch(web, "mirror", "/loop/a").status,
        fetch(web, "mirror", "/loop/a").getheader("Location"),
    ) == (307, "/loop/b")
    assert fetch(web, "mirror", "/loop/b").getheader("Location") == "/loop/a"
    assert fetch(web, "mirror", "/old/2017/").getheader("Location") == "/"
    moved = fetch(web, "mirror", "/moved/").getheader("Location")
    assert moved == web.base_url("other") + "/moved/"
    assert fetch(web, "other", "/moved/").status == 404


def test_reset_closes_the_connection_mid_body(web):
    response = fetch(web, "mirror", "/reset/xxgk/zfxxgknb/202301/t20230117_5100004.html")
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as error:
        response.read()
    assert len(error.value.partial) == 300


def test_slow_pages_are_slow_by_the_configured_delay(web):
    site = web.sites["mirror"]
    assert site.slow_seconds == 0.2
    assert fetch(web, "mirror", "/slow/xxgk/zfxxgknb/202401/t20240116_5100003.html").status == 200


def test_robots_variants(web):
    assert fetch(web, "other", "/robots.txt").read() == b"User-agent: *\nDisallow: /\n"
    assert b"Disallow:\n" in fetch(web, "mirror", "/robots.txt").read()


def test_the_spam_clone_is_served_but_never_linked_from_its_own_host(web):
    manifest = web.manifest("mirror")
    [clone] = manifest["off_domain"]
    assert fetch(web, "mirror", urlsplit(clone).path).status == 200
    own = fetch(web, "mirror", "/").read() + fetch(web, "mirror", "/xxgk/zfxxgknb/").read()
    assert urlsplit(clone).path.encode() not in own
