"""A crawl that meets only anti-bot walls ends 'blocked', with each host's reason, storing nothing."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from simweb.server import running
from tests.nianbao.helpers import run_nianbao

pytestmark = pytest.mark.e2e
WALLS = ("antibot", "antibot-jsl", "antibot-waf")


def test_walls_only_crawl_is_blocked(tmp_path):
    db_path = tmp_path / "walls.db"
    with running() as web:
        args = ["crawl", "--allow-private", "--local", "--db", db_path]
        for name in WALLS:
            args += ["--url", web.base_url(name) + "/"]
        result = run_nianbao(*args)
        reasons = {
            urlsplit(web.base_url(n)).netloc: web.manifest(n)["blocked"]["reason"] for n in WALLS
        }
        asked = Counter(site for site, *_ in web.log.entries)
    assert result.returncode == 1  # nothing could be fetched
    db = sqlite_utils.Database(db_path)
    [run] = list(db["crawl_runs"].rows)
    assert run["status"] == "blocked"
    assert json.loads(run["blocked_hosts"]) == reasons
    assert db["captures"].count == 0
    assert all(1 <= asked[name] <= 5 for name in WALLS), asked
    for host, reason in reasons.items():
        assert f"blocked host {host}: {reason}" in result.stderr + result.stdout
