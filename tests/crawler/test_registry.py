"""The site registry (crawler/sites.yaml): real sites as data, loaded and validated."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.registry import (
    DEFAULT_PATH,
    LEVELS,
    PLATFORMS,
    RegistryError,
    SiteEntry,
    load_registry,
    parse_registry,
    select,
)

GOOD = """
sites:
- name: mva
  agency: 中华人民共和国退役军人事务部
  province: 中央
  level: central
  home: https://www.mva.gov.cn/
  column: https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/
  platform: trs
  source: SITES.md
"""


@pytest.fixture(scope="module")
def registry() -> list[SiteEntry]:
    return load_registry()


def test_packaged_registry_loads_with_enough_real_sites(registry):
    assert DEFAULT_PATH.name == "sites.yaml" and DEFAULT_PATH.exists()
    assert len(registry) >= 100
    provinces = {e.province for e in registry} - {"中央"}
    assert len(provinces) >= 20
    assert sum(1 for e in registry if e.column) >= 40


def test_names_unique_urls_http_values_known(registry):
    names = [e.name for e in registry]
    assert len(names) == len(set(names))
    for entry in registry:
        for url in filter(None, (entry.home, entry.column)):
            parts = urlsplit(url)
            assert parts.scheme in ("http", "https") and parts.hostname, entry.name
        assert entry.platform is None or entry.platform in PLATFORMS, entry.name
        assert entry.level in LEVELS, entry.name
        assert entry.agency and entry.province and entry.source, entry.name


def test_registry_lists_only_government_hosts(registry):
    """No mirror/spam clones: every host is a .gov.cn host."""
    for entry in registry:
        for url in filter(None, (entry.home, entry.column)):
            assert urlsplit(url).hostname.endswith(".gov.cn"), (entry.name, url)


def test_parse_good_entry():
    [entry] = parse_registry(GOOD)
    assert entry.name == "mva" and entry.city is None
    assert entry.target == (
        "https://www.mva.gov.cn/",
        "https://www.mva.gov.cn/gongkai/zfxxgkpt/zfxxgknb/",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("home: https://www.mva.gov.cn/", "home: ftp://www.mva.gov.cn/"), "home must be an http(s) URL"),
        (("  home: https://www.mva.gov.cn/\n", ""), "missing home"),
        (("column: https://", "column: javascript:void(0)//"), "column must be an http(s) URL"),
        (("platform: trs", "platform: wordpress"), "platform 'wordpress'"),
        (("level: central", "level: national"), "level 'national'"),
        (("source: SITES.md", "sauce: SITES.md"), "unknown field(s) sauce"),
    ],
)
def test_bad_entry_is_named_in_the_error(tmp_path, change, message):
    path = tmp_path / "sites.yaml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    assert message in str(err.value)
    assert "entry #1 ('mva')" in str(err.value) and str(path) in str(err.value)


def test_duplicate_names_rejected(tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text(GOOD + GOOD.split("sites:\n", 1)[1], encoding="utf-8")
    with pytest.raises(RegistryError, match=r"entry #2: duplicate name 'mva' \(first used by entry #1\)"):
        load_registry(path)


def test_not_a_list_or_not_yaml():
    with pytest.raises(RegistryError, match="expected a `sites:` list"):
        parse_registry("sites: {}")
    with pytest.raises(RegistryError, match="not valid YAML"):
        parse_registry("sites: [")


def test_select(registry):
    assert [e.name for e in select(registry, names=["mva", "gd-szyyj"])] == ["mva", "gd-szyyj"]
    assert {e.province for e in select(registry, province="广东")} == {"广东省"}
    assert {e.platform for e in select(registry, platform="hanweb")} == {"hanweb"}
    with pytest.raises(RegistryError, match="unknown site name"):
        select(registry, names=["no-such-site"])
