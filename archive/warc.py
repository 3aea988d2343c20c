"""The archival copy of every capture: WARC/1.1 files written with warcio.

The blob store is what the parsers read; the WARC files are what an archivist, a replay tool
(pywb, ReplayWeb.page) or a court reads. For every capture we write a `response` record (or a
`revisit` record when the same URL already answered the same bytes) and the `request` record
Scrapy sent, linked by `WARC-Concurrent-To`.

Conventions (RELIABILITY.md, storage 7):
- a file being written is named `*.warc.gz.open` and renamed to `*.warc.gz` when closed
  (the Heritrix convention), so a `.warc.gz` file is always complete;
- every record is its own gzip member, flushed and fsynced before the capture's row is
  committed: a killed writer leaves a `.open` file that is valid up to its last whole record;
- Scrapy hands us bodies it has already decoded (gzip, deflate, br, chunked). We store the
  decoded payload and write the HTTP headers with `Content-Encoding`/`Transfer-Encoding`
  removed and `Content-Length` set to the payload we store, so the record replays as a valid
  HTTP response; the original values are kept in the `WARC-Nianbao-Original-Headers` header
  (JSON), and the warcinfo record says so.

The captures table is the index: a row names the file (its final `.warc.gz` name, which
`resolve` maps to the `.open` file while it is still being written), the offset and length
of the gzip member, the record type and the payload digest.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import io
import ipaddress
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_SIZE = 1 << 30  # roll over to a new file past 1 GiB
OPEN_SUFFIX = ".open"
DECODED_NOTE = (
    "HTTP payloads are stored as the crawler received them after content decoding: "
    "Content-Encoding and Transfer-Encoding are removed from the archived headers and "
    "Content-Length is the stored payload length; original values are in the "
    "WARC-Nianbao-Original-Headers record header (JSON)."
)
HOP_BY_HOP = ("content-encoding", "transfer-encoding")


class WarcError(Exception):
    """A WARC record is missing, unreadable or does not hold the bytes its row says."""


class _RawHeaders(StatusAndHeaders):
    """HTTP headers written back as the bytes Scrapy received.

    Scrapy's header bytes reach us decoded as latin-1; encoding them as latin-1 again gives
    the original bytes (warcio would %-encode anything that is not ASCII).
    """

    def compute_headers_buffer(self, header_filter=None):
        self.headers_buff = self.to_str(header_filter).encode("latin-1", "replace") + b"\r\n"


@dataclass(frozen=True)
class WarcLocation:
    """Where one capture's response or revisit record is."""

    filename: str  # the closed name (`….warc.gz`), relative to the WARC directory
    offset: int
    length: int
    record_type: str  # response | revisit
    payload_digest: str  # as warcio writes it: "sha1:<base32>"
    record_id: str
    date: str


def warc_date(timestamp: str | None) -> str:
    """An ISO timestamp (ours: `2024-05-01T10:00:00+00:00`) as a WARC-Date in UTC."""
    when = datetime.fromisoformat(timestamp) if timestamp else datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if when.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return when.strftime(fmt)


def replay_headers(headers: dict[str, str], body_length: int) -> tuple[list[tuple[str, str]], dict]:
    """Headers that describe the decoded body we store, and what was changed."""
    out: list[tuple[str, str]] = []
    original: dict[str, str] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP:
            original[name] = value
        elif lower == "content-length":
            if value.strip() != str(body_length):
                original[name] = value
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_length)))
    return out, original


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def resolve(directory: str | os.PathLike[str], filename: str) -> Path:
    """The file a row names: the closed file, or the `.open` file still being written."""
    if "/" in filename or "\\" in filename or filename.startswith("."):
        raise WarcError(f"not a WARC file name: {filename!r}")
    path = Path(directory) / filename
    if path.exists():
        return path
    opened = path.with_name(path.name + OPEN_SUFFIX)
    if opened.exists():
        return opened
    raise WarcError(f"WARC file {filename} not found in {directory}")


class WarcWriter:
    """Append captures to rolling, per-record-gzipped WARC/1.1 files in `directory`."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        run_id: int | None = None,
        max_size: int = DEFAULT_MAX_SIZE,
        fsync: bool = True,
        software: str = "nianbao",
    ) -> None:
        self.directory = Path(directory)
        self.run_id = run_id
        self.max_size = max_size
        self.fsync = fsync
        self.software = software
        self.serial = 0
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._fh: io.BufferedWriter | None = None
        self._name: str | None = None
        self._writer: WARCWriter | None = None
        self.closed_files: list[Path] = []

    # -- files -------------------------------------------------------------------------------
    @property
    def current(self) -> Path | None:
        """The `.open` file being written, if any."""
        return self.directory / (self._name + OPEN_SUFFIX) if self._name else None

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        run = self.run_id if self.run_id is not None else 0
        while True:
            name = f"nianbao-{run}-{self.started}-{self.serial:05d}.warc.gz"
            self.serial += 1
            final = self.directory / name
            if final.exists():
                continue
            try:
                # exclusive create: two writers never share a file
                fh = open(self.directory / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115
            except FileExistsError:
                continue
            # held while writing, released by the kernel if the writer dies: how
            # `recover_open_files` tells a live `.open` file from one a killed run left
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        self._fh, self._name = fh, name
        self._writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = {
            "software": self.software,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"nianbao-run-{run}",
            "description": DECODED_NOTE,
        }
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        self._sync()

    def _sync(self) -> None:
        assert self._fh is not None
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        """Close the current file and give it its final name."""
        if self._fh is None:
            return
        self._sync()
        self._fh.close()
        opened = self.current
        assert opened is not None and self._name is not None
        final = self.directory / self._name
        os.replace(opened, final)
        if self.fsync:
            dir_fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        self.closed_files.append(final)
        self._fh = self._writer = self._name = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- records -----------------------------------------------------------------------------
    def write_capture(
        self,
        *,
        url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        fetched_at: str | None = None,
        method: str = "GET",
        request_headers: dict[str, str] | None = None,
        sha256: str | None = None,
        refers_to: tuple[str, str] | None = None,
    ) -> WarcLocation:
        """Write the response (or, with `refers_to=(uri, fetched_at)`, a revisit) and request
        records of one capture; flushed and fsynced when this returns."""
        if self._fh is None:
            self._open()
        assert self._fh is not None and self._writer is not None and self._name is not None
        writer = self._writer
        date = warc_date(fetched_at)
        sha256 = sha256 or hashlib.sha256(body).hexdigest()
        http_list, original = replay_headers(headers, len(body))
        http = _RawHeaders(f"{status} {_reason(status)}".rstrip(), http_list, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date, "WARC-Nianbao-Payload-SHA256": f"sha256:{sha256}"}
        if original:
            warc_headers["WARC-Nianbao-Original-Headers"] = json.dumps(original, sort_keys=True)
        if refers_to:
            digest = "sha1:" + _sha1_base32(body)
            record = writer.create_revisit_record(
                url,
                digest,
                refers_to[0],
                warc_date(refers_to[1]),
                http_headers=http,
                warc_headers_dict=warc_headers,
            )
            record_type = "revisit"
        else:
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict=warc_headers,
            )
            record_type = "response"
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        offset = self._fh.tell()
        writer.write_record(record)
        length = self._fh.tell() - offset

        request = writer.create_warc_record(
            url,
            "request",
            http_headers=_RawHeaders(
                f"{method} {_request_target(url)} HTTP/1.1",
                _request_header_list(url, request_headers),
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        writer.write_record(request)
        self._sync()
        location = WarcLocation(
            filename=self._name,
            offset=offset,
            length=length,
            record_type=record_type,
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
            record_id=record_id,
            date=date,
        )
        if self._fh.tell() >= self.max_size:
            self.close()
        return location


def _sha1_base32(data: bytes) -> str:
    import base64

    return base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _request_header_list(url: str, headers: dict[str, str] | None) -> list[tuple[str, str]]:
    items = list((headers or {}).items())
    if not any(name.lower() == "host" for name, _ in items):
        items.insert(0, ("Host", urlsplit(url).netloc))
    return items


# -- reading -------------------------------------------------------------------------------------
@dataclass
class StoredResponse:
    record_type: str
    target_uri: str
    date: str
    status_line: str
    header_bytes: bytes  # the HTTP status line and headers, as archived
    body: bytes  # the payload (empty for a revisit: it is in the record it refers to)
    warc_headers: dict[str, str]


def read_record(
    directory: str | os.PathLike[str], filename: str, offset: int, length: int
) -> StoredResponse:
    """Read the record at `offset` (a whole gzip member of `length` bytes) of a WARC file."""
    path = resolve(directory, filename)
    with open(path, "rb") as fh:
        fh.seek(offset)
        member = fh.read(length)
    if len(member) != length:
        raise WarcError(f"{path}: record at {offset} is truncated")
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        body = record.raw_stream.read()
        raw = gzip.decompress(member)
    except Exception as exc:  # warcio and gzip raise many kinds
        raise WarcError(f"{path}: no readable record at offset {offset}: {exc}") from exc
    _warc_head, _, block = raw.partition(b"\r\n\r\n")
    header_bytes, sep, _ = block.partition(b"\r\n\r\n")
    rec = record.rec_headers
    return StoredResponse(
        record_type=record.rec_type,
        target_uri=rec.get_header("WARC-Target-URI"),
        date=rec.get_header("WARC-Date"),
        status_line=f"{record.http_headers.protocol} {record.http_headers.statusline}"
        if record.http_headers
        else "",
        header_bytes=header_bytes + sep,
        body=body if record.rec_type != "revisit" else b"",
        warc_headers=dict(rec.headers),
    )


def warc_files(directory: str | os.PathLike[str], *, include_open: bool = False) -> list[Path]:
    directory = Path(directory)
    if not directory.is_dir():
        return []
    files = sorted(directory.glob("*.warc.gz"))
    if include_open:
        files += sorted(directory.glob("*.warc.gz.open"))
    return files


def gzip_members(path: str | os.PathLike[str]) -> tuple[list[tuple[int, int]], str | None]:
    """The (offset, length) of every complete gzip member of `path`, and what is wrong after
    the last one (None when the file ends exactly at a member's end).

    warcio reads a member cut short inside its deflate stream or its CRC trailer without
    complaint (the last record just disappears, or passes), so a truncated WARC needs this
    check as well as `warcio check`. Everything up to the last complete member is intact.
    """
    cap = 1 << 20
    members: list[tuple[int, int]] = []
    pos = start = 0
    d = None
    with open(path, "rb") as fh:
        while chunk := fh.read(cap):
            data = chunk
            while data:
                if d is None:
                    d, start = zlib.decompressobj(31), pos
                try:
                    d.decompress(data, cap)
                except zlib.error as exc:
                    return members, f"bad gzip data in the member at offset {start}: {exc}"
                if d.eof:
                    rest = d.unused_data
                    pos += len(data) - len(rest)
                    members.append((start, pos - start))
                    d, data = None, rest
                else:
                    tail = d.unconsumed_tail
                    pos += len(data) - len(tail)
                    data = tail
    if d is not None:
        try:
            while not d.eof and d.decompress(b"", cap):
                pass
        except zlib.error as exc:
            return members, f"bad gzip data in the member at offset {start}: {exc}"
        if d.eof:
            members.append((start, pos - start))
        else:
            return members, f"truncated gzip member at offset {start} (file ends at {pos})"
    return members, None


def recover_open_files(directory: str | os.PathLike[str]) -> list[tuple[Path, int]]:
    """Close the `.open` files a killed writer left: cut each after its last whole gzip
    member and give it its final name. Returns (file, bytes cut) for each.

    Nothing a row points at is cut: a capture's row is committed only after its records
    are fsynced, so a partial member can only belong to a capture that has no row (it is
    fetched again). Files a live writer holds (its flock) are left alone.
    """
    recovered = []
    for path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        with open(path, "r+b") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # being written
            members, _problem = gzip_members(path)
            end = members[-1][0] + members[-1][1] if members else 0
            size = os.fstat(fh.fileno()).st_size
            if end < size:
                fh.truncate(end)
            fh.flush()
            os.fsync(fh.fileno())
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if end == 0:
            path.unlink()  # not even the warcinfo record was whole
        else:
            os.replace(path, final)
        recovered.append((final, size - end))
    if recovered:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return recovered


def check_files(paths: list[Path]) -> int:
    """`warcio check` over `paths` (digests, record structure) plus a complete-gzip-member
    check (truncation); prints what fails, returns 0 when everything passes."""
    from warcio.checker import Checker

    failed = 0
    for path in paths:
        _, problem = gzip_members(path)
        if problem:
            print(f"{path}\n  {problem}")
            failed = 1
    checker = Checker(SimpleNamespace(inputs=[str(p) for p in paths], verbose=False))
    try:
        failed |= checker.process_all()
    except Exception as exc:  # a damaged record can surface as almost anything
        print(f"  saw exception {type(exc).__name__}: {exc}")
        failed = 1
    return failed


# -- CDXJ ----------------------------------------------------------------------------------------
def surt(url: str) -> str:
    """The SURT sort key of a URL (`http://www.a.gov.cn/x?b=1&a=2` → `cn,gov,a)/x?a=2&b=1`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        key = host
    except ValueError:
        if host.startswith("www."):
            host = host[4:]
        key = ",".join(reversed(host.split(".")))
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default:
        key += f":{parts.port}"
    path = (parts.path or "/").lower()
    query = "&".join(sorted(parts.query.lower().split("&"))) if parts.query else ""
    return f"{key}){path}" + (f"?{query}" if query else "")


def cdxj_lines(paths: list[Path]) -> Iterator[str]:
    """Unsorted CDXJ lines (pywb's format) for the response and revisit records of `paths`."""
    for path in paths:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type not in ("response", "revisit"):
                    continue
                rec = record.rec_headers
                uri = rec.get_header("WARC-Target-URI")
                date = rec.get_header("WARC-Date")
                http = record.http_headers
                if record.rec_type == "revisit":
                    mime = "warc/revisit"
                else:
                    mime = (http.get_header("Content-Type") or "").split(";")[0].strip()
                digest = rec.get_header("WARC-Payload-Digest") or ""
                it.read_to_end(record)
                fields = {
                    "url": uri,
                    "mime": mime or "unk",
                    "status": http.get_statuscode() if http else "-",
                    "digest": digest.split(":", 1)[-1],
                    "length": str(it.get_record_length()),
                    "offset": str(it.get_record_offset()),
                    "filename": path.name.removesuffix(OPEN_SUFFIX),
                }
                timestamp = "".join(c for c in date if c.isdigit())[:14]
                yield f"{surt(uri)} {timestamp} {json.dumps(fields, ensure_ascii=False)}"


def write_cdxj(paths: list[Path], out: io.TextIOBase) -> int:
    lines = sorted(cdxj_lines(paths))
    for line in lines:
        out.write(line + "\n")
    return len(lines)


# -- a capture back out of the archive -----------------------------------------------------------
@dataclass
class CaptureBytes:
    capture_id: int
    record_type: str
    header_bytes: bytes  # status line and headers of this capture's own record
    body: bytes  # the payload, from the response record (the referred one for a revisit)
    source: str  # "file:offset" the body was read from


def read_capture(db, directory: str | os.PathLike[str], capture_id: int) -> CaptureBytes:
    """The archived response of capture `capture_id`, its sha256 checked against the row."""
    row = next(db.query("select * from captures where id = ?", [capture_id]), None)
    if row is None:
        raise WarcError(f"no capture {capture_id}")
    if not row.get("warc_file"):
        raise WarcError(f"capture {capture_id} has no WARC record (captured before WARCs)")
    own = read_record(directory, row["warc_file"], row["warc_offset"], row["warc_length"])
    if own.record_type != row["warc_record_type"]:
        raise WarcError(
            f"capture {capture_id}: expected a {row['warc_record_type']} record at "
            f"{row['warc_file']}:{row['warc_offset']}, found {own.record_type}"
        )
    source_row = row
    stored = own
    if own.record_type == "revisit":
        refers_uri = own.warc_headers.get("WARC-Refers-To-Target-URI")
        refers_date = own.warc_headers.get("WARC-Refers-To-Date")
        candidates = [
            r
            for r in db.query(
                "select * from captures where final_url = ? and warc_record_type = 'response'"
                " and sha256 = ? order by id",
                [refers_uri, row["sha256"]],
            )
        ]
        exact = [r for r in candidates if warc_date(r["fetched_at"]) == refers_date]
        if not (exact or candidates):
            raise WarcError(
                f"capture {capture_id}: revisit refers to {refers_uri} at {refers_date}, "
                "which is not in the archive"
            )
        source_row = (exact or candidates)[0]
        stored = read_record(
            directory, source_row["warc_file"], source_row["warc_offset"], source_row["warc_length"]
        )
    digest = hashlib.sha256(stored.body).hexdigest()
    if digest != row["sha256"]:
        raise WarcError(
            f"capture {capture_id}: sha256 mismatch: the row says {row['sha256']}, the WARC "
            f"record at {source_row['warc_file']}:{source_row['warc_offset']} holds {digest}"
        )
    return CaptureBytes(
        capture_id=capture_id,
        record_type=own.record_type,
        header_bytes=own.header_bytes,
        body=stored.body,
        source=f"{source_row['warc_file']}:{source_row['warc_offset']}",
    )
