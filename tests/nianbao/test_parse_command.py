"""`nianbao parse FILE --json` on the seed reports, scored against their gold answers.

This is the contract other people build on (DESIGN.md): one JSON object with the keys of
REPORT_FORMATS.md. Gold files sit beside their inputs in tests/fixtures/seeds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
GOLDS = sorted(SEEDS.glob("*.gold.json"))
CONTRACT_KEYS = {
    "is_annual_report",
    "agency",
    "year",
    "format",
    "published",
    "title",
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "checks",
}


def parse_json(path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "nianbao", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout)


def compact(label: str | None) -> str:
    return re.sub(r"[\s\u3000:：、.．（）()]", "", label or "")


def leaves(obj: object, path: tuple = ()):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from leaves(value, (*path, key))
    else:
        yield path, obj


def dig(obj: object, path: tuple) -> object:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


@pytest.fixture(scope="module", params=GOLDS, ids=lambda p: p.name.split("_")[0])
def case(request):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    source = next(
        p
        for p in SEEDS.glob(request.param.name.replace(".gold.json", ".*"))
        if not p.name.endswith(".gold.json")
    )
    return parse_json(source), gold


def test_contract_keys(case):
    result, _ = case
    assert CONTRACT_KEYS <= set(result)


def test_metadata(case):
    result, gold = case
    agencies = {compact(gold["agency"])} | {compact(a) for a in gold.get("agency_aliases", [])}
    assert bool(result["is_annual_report"]) == gold["is_annual_report"]
    assert compact(result["agency"]) in agencies
    assert (result["year"], str(result["format"]), result["published"]) == (
        gold["year"],
        gold["format"],
        gold["published"],
    )


def same_number(got: object, want: float) -> bool:
    try:
        return abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(float(want)))
    except (TypeError, ValueError):
        return False


def test_every_gold_cell(case):
    result, gold = case
    lenient = set(gold.get("lenient_null_rows", []))
    misses = []
    for table in ("article20", "applications", "review_litigation"):
        for path, want in leaves(gold.get(table) or {}):
            got = dig(result.get(table), path)
            if want is None or (got is None and path[0] in lenient):
                continue
            if not same_number(got, want):
                misses.append((table, *path, got, want))
    rows = {compact(r["label"]).replace("其中", ""): r for r in result.get("legacy_stats") or []}
    for row in gold.get("legacy_stats") or []:
        got = rows.get(compact(row["label"]).replace("其中", ""), {}).get("value")
        if not same_number(got, row["value"]):
            misses.append(("legacy_stats", row["label"], got, row["value"]))
    assert not misses
