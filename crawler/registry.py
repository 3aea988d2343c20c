"""The site registry: which real government sites to crawl, kept as data in `sites.yaml`.

A site is data, not code: adding an agency means adding an entry to the YAML file, never a
module. This module only loads and validates it (pure: no network, no database).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DEFAULT_PATH = Path(__file__).with_name("sites.yaml")

LEVELS = ("central", "province", "city", "county", "township")
PLATFORMS = ("trs", "hanweb", "vsb", "gkmlpt", "lonsun", "govcn", "fjcms", "other")
FIELDS = ("name", "agency", "province", "city", "level", "home", "column", "platform", "source")
REQUIRED = ("name", "agency", "province", "level", "home")


class RegistryError(ValueError):
    """The registry file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class SiteEntry:
    name: str
    agency: str
    province: str
    level: str
    home: str
    city: str | None = None
    column: str | None = None
    platform: str | None = None
    source: str | None = None

    @property
    def target(self) -> tuple[str, str | None]:
        """The (home URL, column URL) pair `run_crawl` takes."""
        return (self.home, self.column)

    def to_dict(self) -> dict:
        return asdict(self)


def _check_url(value: object, field: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: {field} must be a URL string, got {value!r}")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RegistryError(f"{where}: {field} must be an http(s) URL, got {value!r}")
    return value.strip()


def _entry(raw: object, index: int, origin: str) -> SiteEntry:
    if not isinstance(raw, dict):
        raise RegistryError(f"{origin}: entry #{index + 1} is not a mapping: {raw!r}")
    name = raw.get("name")
    where = f"{origin}: entry #{index + 1}" + (f" ({name!r})" if name else "")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for field in REQUIRED:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise RegistryError(f"{where}: missing {field}")
    for field in ("city", "column", "platform", "source"):
        value = raw.get(field)
        if value is not None and not isinstance(value, str):
            raise RegistryError(f"{where}: {field} must be a string or null, got {value!r}")
    if raw["level"] not in LEVELS:
        raise RegistryError(f"{where}: level {raw['level']!r} is not one of {', '.join(LEVELS)}")
    platform = raw.get("platform")
    if platform is not None and platform not in PLATFORMS:
        raise RegistryError(f"{where}: platform {platform!r} is not one of {', '.join(PLATFORMS)}")
    home = _check_url(raw["home"], "home", where)
    column = raw.get("column")
    if column is not None:
        column = _check_url(column, "column", where)
    return SiteEntry(
        name=raw["name"].strip(),
        agency=raw["agency"].strip(),
        province=raw["province"].strip(),
        level=raw["level"],
        home=home,
        city=raw.get("city"),
        column=column,
        platform=platform,
        source=raw.get("source"),
    )


def parse_registry(text: str, origin: str = "<registry>") -> list[SiteEntry]:
    """Validate registry YAML text: a mapping with a `sites:` list (or a bare list)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: not valid YAML: {exc}") from None
    raw_sites = data.get("sites") if isinstance(data, dict) else data
    if not isinstance(raw_sites, list):
        raise RegistryError(f"{origin}: expected a `sites:` list of entries")
    entries: list[SiteEntry] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_sites):
        entry = _entry(raw, index, origin)
        if entry.name in seen:
            raise RegistryError(
                f"{origin}: entry #{index + 1}: duplicate name {entry.name!r} "
                f"(first used by entry #{seen[entry.name] + 1})"
            )
        seen[entry.name] = index
        entries.append(entry)
    return entries


def load_registry(path: str | Path | None = None) -> list[SiteEntry]:
    """Load and validate the registry; by default the packaged `crawler/sites.yaml`."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry: {exc}") from None
    return parse_registry(text, str(path))


def select(
    entries: list[SiteEntry],
    *,
    names: tuple[str, ...] | list[str] = (),
    province: str | None = None,
    platform: str | None = None,
) -> list[SiteEntry]:
    """Filter entries; unknown `names` raise a RegistryError that lists them.

    `province` matches the full name or a prefix (广东 matches 广东省)."""
    if names:
        by_name = {e.name: e for e in entries}
        missing = [n for n in names if n not in by_name]
        if missing:
            raise RegistryError(f"unknown site name(s): {', '.join(missing)} (see `nianbao sites`)")
        entries = [by_name[n] for n in dict.fromkeys(names)]
    if province:
        entries = [e for e in entries if e.province.startswith(province)]
    if platform:
        entries = [e for e in entries if e.platform == platform]
    return entries
