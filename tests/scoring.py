"""Scoring parser output against gold answers (the layout of ../shared/tools/score_parse.py).

Shared by the seed test (through the `nianbao parse` command) and the fixture-set test (in
process), so both count fields and cells the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

TABLES = ("article20", "applications", "review_litigation")
_LABEL_NOISE = re.compile(r"[\s\u3000:：、.．·“”\"'‘’（）()]")


def compact(label: str | None) -> str:
    return _LABEL_NOISE.sub("", label or "").replace("其中", "")


def leaves(obj: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
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


def same_number(got: object, want: object) -> bool:
    try:
        return abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(float(want)))
    except (TypeError, ValueError):
        return False


def field_misses(result: dict, gold: dict) -> list[tuple]:
    """Metadata fields that differ from gold, as (field, got, want)."""
    misses = []
    if bool(result.get("is_annual_report")) != bool(gold["is_annual_report"]):
        misses.append(
            ("is_annual_report", result.get("is_annual_report"), gold["is_annual_report"])
        )
    if not gold["is_annual_report"]:
        return misses
    if gold.get("agency"):
        names = {compact(gold["agency"])} | {compact(a) for a in gold.get("agency_aliases", [])}
        if compact(result.get("agency")) not in names:
            misses.append(("agency", result.get("agency"), gold["agency"]))
    if result.get("year") != gold["year"]:
        misses.append(("year", result.get("year"), gold["year"]))
    if gold.get("format") and str(result.get("format")) != gold["format"]:
        misses.append(("format", result.get("format"), gold["format"]))
    if "published" in gold and result.get("published") != gold["published"]:
        misses.append(("published", result.get("published"), gold["published"]))
    return misses


def field_count(gold: dict) -> int:
    if not gold["is_annual_report"]:
        return 1
    return 1 + bool(gold.get("agency")) + 1 + bool(gold.get("format")) + ("published" in gold)


def cell_results(result: dict, gold: dict) -> list[tuple[tuple, object, object, bool]]:
    """Every scored cell as (where, got, want, ok); null gold cells are not scored."""
    lenient = set(gold.get("lenient_null_rows", []))
    cells = []
    for table in TABLES:
        for path, want in leaves(gold.get(table) or {}):
            if want is None:
                continue
            got = dig(result.get(table), path)
            ok = same_number(got, want) or (
                got is None and path[0] in lenient and bool(result.get(table))
            )
            cells.append(((table, *path), got, want, ok))
    rows = {compact(r.get("label")): r for r in result.get("legacy_stats") or []}
    for row in gold.get("legacy_stats") or []:
        got = rows.get(compact(row["label"]), {}).get("value")
        cells.append(
            (("legacy_stats", row["label"]), got, row["value"], same_number(got, row["value"]))
        )
    return cells


def cases(folder: Path) -> Iterator[tuple[str, Path, dict]]:
    """(name, input file, gold) for NAME.gold.json files and folders of gold.json + input.*."""
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name.removesuffix(".gold.json")
        source = next(p for p in folder.glob(stem + ".*") if not p.name.endswith(".gold.json"))
        yield stem, source, json.loads(gold_path.read_text(encoding="utf-8"))
    for gold_path in sorted(folder.glob("*/gold.json")):
        source = next(gold_path.parent.glob("input.*"))
        yield gold_path.parent.name, source, json.loads(gold_path.read_text(encoding="utf-8"))
