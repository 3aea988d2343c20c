"""Plain-text reader, and the byte decoding that the HTML reader shares with it.

Government sites and the people who save their pages get encodings wrong in every way: a
GBK page served as UTF-8, a UTF-8 page whose <meta> says gb2312, an error page that claims
iso-8859-1, a text file saved by a Windows tool in GB18030. Decoding therefore trusts a
declaration only as far as the bytes agree with it, and says in `Document.warnings`
whenever it had to overrule one.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from parsers.document import Document

# GB2312 and GBK are subsets of GB18030; decoding with the superset costs nothing and keeps
# characters such as 䶮 or 㵲 that pages labelled gb2312 contain anyway.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}
_GB_LABELS = {
    "x-gbk",
    "x-gb2312",
    "gb_2312-80",
    "csgb2312",
    "iso-ir-58",
    "chinese",
    "csiso58gb231280",
    "ms936",
    "windows-936",
    "x-euc-cn",
}
# Single-byte Western charsets decode any byte sequence without error, so a count of
# replacement characters cannot tell whether they are wrong; a Chinese page labelled with
# one of them is treated as undeclared.
_SINGLE_BYTE_WESTERN = {"iso8859-1", "cp1252", "ascii", "iso8859-15"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A pinyin reading in brackets right after a character ("數(shù)據(jù)", "規(guī)章"): some mirror
# sites flatten their ruby annotations into the text. Only a tone-marked syllable counts, so
# a bracketed Latin word ("(app)", "(PDF)") stays.
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_RUBY = re.compile(  # the bracket first: the scan jumps from bracket to bracket
    rf"[(（](?<=[\u3400-\u9fff][(（])[a-zü]*[{_TONE}][a-zü{_TONE}]*[)）]"
)


@dataclass
class Decoded:
    """Text decoded from bytes, the codec that produced it and why it was chosen."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def normalize_charset(label: str | None) -> str | None:
    """Return the Python codec name for a charset label, GB2312/GBK folded into GB18030."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _GB_FAMILY:
        return "gb18030"
    if name.startswith(("utf-16", "utf-32")):
        # Without a BOM a declared UTF-16 is a template leftover; browsers read UTF-8 then.
        return "utf-8"
    return name


def charset_from_content_type(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", content_type, re.I)
    return m.group(1) if m else None


def _replacements(data: bytes, encoding: str) -> tuple[str, int]:
    text = data.decode(encoding, errors="replace")
    return text, text.count("\ufffd")


def _is_few(count: int, text: str) -> bool:
    """A handful of undecodable bytes is damage (a truncated page); more means a wrong codec."""
    return count <= 3 or count <= len(text) // 1000


def _utf8(data: bytes) -> str | None:
    """The text if `data` is valid UTF-8 (decoded once, kept for the caller), else None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _has_non_ascii(data: bytes) -> bool:
    return not data.isascii()


def _utf8_multibyte_chars(data: bytes) -> int:
    """Characters encoded on several bytes, when `data` is valid UTF-8; a GBK text of more
    than a few characters is practically never valid UTF-8 by accident."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))


def _sniff(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # the sniffer is a heuristic; its failure must not stop decoding
        return None
    return normalize_charset(best.encoding) if best is not None else None


def decode_bytes(data: bytes, declared: list[tuple[str, str]] | None = None) -> Decoded:
    """Decode bytes using, in order: a BOM, the declared charsets, UTF-8, GB18030, sniffing.

    `declared` holds (where, label) pairs such as ("Content-Type", "utf-8") in order of
    authority. A declaration is used when the bytes decode with it cleanly; otherwise the
    next source is tried and a warning names the charset that was overruled.
    """
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc, errors="replace"), enc.replace("-sig", ""), warnings)

    utf8_text = _utf8(data)
    for where, label in declared or []:
        enc = normalize_charset(label)
        if enc is None:
            warnings.append(f"unknown charset {label!r} declared in {where}")
            continue
        if enc == "utf-8":
            if utf8_text is not None:
                return Decoded(utf8_text, "utf-8", warnings)
            text, bad = _replacements(data, "utf-8")
            if _is_few(bad, text):
                warnings.append(f"{bad} undecodable bytes with charset utf-8 declared in {where}")
                return Decoded(text, "utf-8", warnings)
            warnings.append(f"charset utf-8 declared in {where} gives {bad} replacement characters")
            continue
        if utf8_text is not None and _utf8_multibyte_chars(data) >= 4:
            warnings.append(f"charset {label} declared in {where}, but the bytes are valid UTF-8")
            return Decoded(utf8_text, "utf-8", warnings)
        if enc in _SINGLE_BYTE_WESTERN and _has_non_ascii(data):
            warnings.append(f"charset {label} declared in {where} ignored for non-ASCII text")
            continue
        text, bad = _replacements(data, enc)
        if _is_few(bad, text):
            if bad:
                warnings.append(f"{bad} undecodable bytes with charset {enc} declared in {where}")
            return Decoded(text, enc, warnings)
        warnings.append(f"charset {label} declared in {where} gives {bad} replacement characters")

    if utf8_text is not None:
        return Decoded(utf8_text, "utf-8", warnings)
    gb_text, gb_bad = _replacements(data, "gb18030")
    if _is_few(gb_bad, gb_text):
        if declared:
            warnings.append("decoded as gb18030 instead of the declared charset")
        return Decoded(gb_text, "gb18030", warnings)
    sniffed = _sniff(data)
    best_text, best_enc, best_bad = gb_text, "gb18030", gb_bad
    utf_text, utf_bad = _replacements(data, "utf-8")
    if utf_bad < best_bad:
        best_text, best_enc, best_bad = utf_text, "utf-8", utf_bad
    if sniffed and sniffed not in ("gb18030", "utf-8"):
        text, bad = _replacements(data, sniffed)
        if bad < best_bad:
            best_text, best_enc, best_bad = text, sniffed, bad
    warnings.append(
        f"no clean decoding; chose {best_enc} with {best_bad} replacement characters"
        + (f" (sniffed {sniffed})" if sniffed else "")
    )
    return Decoded(best_text, best_enc, warnings)


def clean_text(text: str) -> str:
    """Normalise line ends; drop control characters and flattened pinyin ruby, which no
    report contains on purpose."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    if any(mark in text for mark in _TONE):
        text = _PINYIN_RUBY.sub("", text)
    return text


def read_text(data: bytes) -> Document:
    """Read a plain-text report; tables stay in the text for the text-table reader."""
    decoded = decode_bytes(data)
    text = clean_text(decoded.text).lstrip("\ufeff")
    return Document(
        text=text,
        source_format="text",
        encoding=decoded.encoding,
        warnings=decoded.warnings,
    )
