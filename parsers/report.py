"""One document's bytes → the report contract of REPORT_FORMATS.md, as a plain dict.

This is what `nianbao parse FILE --json` prints and what the archive stores per capture,
so it must answer for every input: a reader or parser that fails on one odd file is
reported in the dict (`error`, `warnings`) with whatever could still be recovered, never
raised to the caller, so a nightly run never stops on one bad page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from parsers.detect import detect_format
from parsers.document import Document
from parsers.limits import DocumentError
from parsers.metadata import extract_metadata
from parsers.readers import read_as

STAT_KEYS = ("article20", "applications", "review_litigation", "legacy_stats", "checks")
META_KEYS = ("is_annual_report", "agency", "year", "format", "published", "title")


def _empty_result() -> dict:
    result: dict = dict.fromkeys(META_KEYS)
    result["is_annual_report"] = False
    for key in STAT_KEYS:
        result[key] = [] if key == "checks" else None
    return result


def parse_document(
    data: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    filename: str | None = None,
) -> dict:
    """Parse one document into the contract dict; failures come back as data."""
    result = _empty_result()
    result.update(text="", source_format=None, encoding=None, warnings=[])
    kind = detect_format(data, content_type, filename)
    result["source_format"] = kind
    try:
        doc = read_as(kind, data, content_type=content_type, url=url)
    except DocumentError as exc:  # the file is bad: its reason is the answer
        result["error"] = exc.reason
        return result
    except Exception as exc:  # a reader bug on one file must not stop a batch
        result["error"] = f"{kind} reader failed: {type(exc).__name__}: {exc}"
        return result
    return parse_read_document(doc, result)


def parse_read_document(doc: Document, result: dict | None = None) -> dict:
    """The contract dict of an already-read `Document` (any reader)."""
    result = result if result is not None else _empty_result()
    warnings: list[str] = list(doc.warnings)
    result.update(text=doc.text, source_format=doc.source_format, encoding=doc.encoding)
    try:
        result.update(extract_metadata(doc))
    except Exception as exc:
        warnings.append(f"metadata extraction failed: {type(exc).__name__}: {exc}")
    try:
        from parsers.statistics import extract_statistics

        stats = extract_statistics(doc) or {}
    except Exception as exc:
        warnings.append(f"statistics extraction failed: {type(exc).__name__}: {exc}")
        stats = {}
    for key, value in stats.items():
        if key in META_KEYS and result.get(key) is not None:
            continue  # metadata owns these; statistics may only fill gaps
        if key == "warnings":
            warnings.extend(value or [])
            continue
        result[key] = value
    if result.get("is_annual_report"):
        _describe_report(doc, result, warnings)
    if doc.catalog:
        result["catalog"] = doc.catalog
    result["tables_found"] = len(doc.tables)
    result["warnings"] = warnings
    return result


def _describe_report(doc: Document, result: dict, warnings: list[str]) -> None:
    """Region, level, sections and narrative figures: only worth computing for reports.

    The gazetteer is loaded on first use (it is large); every step degrades to a warning.
    """
    try:
        from parsers.region import locate

        place = locate(
            result.get("agency") or "",
            site_hint=doc.meta.get("SiteName"),
            context=doc.text,
            year=result.get("year"),
        )
        for key in ("province", "city", "county", "township", "adcode", "level"):
            result[key] = place.get(key)
        result["agency_kind"] = place.get("kind")
    except Exception as exc:
        warnings.append(f"region lookup failed: {type(exc).__name__}: {exc}")
    try:
        from parsers.narrative import narrative_figures
        from parsers.sections import split_sections

        result["sections"] = split_sections(doc.text)
        result["narrative_figures"] = narrative_figures(doc.text)
    except Exception as exc:
        warnings.append(f"sections/narrative failed: {type(exc).__name__}: {exc}")


def parse_file(path: str | Path) -> dict:
    """Parse a local file; the file name is passed along for messages only."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result = _empty_result()
        result.update(error=f"cannot read {path}: {exc.strerror or exc}", warnings=[])
        return result
    return parse_document(data, filename=path.name)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m parsers.report FILE", file=sys.stderr)
        sys.exit(2)
    parsed = parse_file(sys.argv[1])
    print(json.dumps(parsed, ensure_ascii=False))
    sys.exit(1 if "error" in parsed and not parsed.get("text") else 0)
