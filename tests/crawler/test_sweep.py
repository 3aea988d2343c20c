"""A list page that fails makes the run's sweep incomplete, so no removal is concluded."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest
import sqlite_utils

from simweb.base import Request, Response
from simweb.server import RequestLog, _handler_for
from simweb.sites.trs import TrsSite
from tests.nianbao.helpers import run_nianbao

pytestmark = pytest.mark.e2e


class BrokenPage(TrsSite):
    """The TRS site with its second list page answering 500."""

    def handle(self, request: Request) -> Response:
        if request.path.endswith("/zfxxgknb/index_1.html"):
            return Response.html("<h1>500</h1>", status=500)
        return super().handle(request)


@pytest.mark.parametrize("site", [TrsSite, BrokenPage])
def test_the_sweep_is_complete_only_when_every_list_page_answered(tmp_path, site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(site(), RequestLog()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        home = f"http://127.0.0.1:{server.server_address[1]}/"
        db_path = tmp_path / "a.db"
        run_nianbao("crawl", "--url", home, "--allow-private", "--local", "--db", db_path)
    finally:
        server.shutdown()
        server.server_close()
    (sweep,) = sqlite_utils.Database(db_path)["sweeps"].rows
    if site is TrsSite:
        assert (sweep["list_pages"], sweep["failed"], sweep["complete"]) == (3, 0, 1)
    else:
        assert sweep["failed"] >= 1 and sweep["complete"] == 0
