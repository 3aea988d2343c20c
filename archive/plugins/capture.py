"""Datasette plugin: `/-/capture/<id>` serves the archived original of a capture.

A citation needs the bytes the numbers were read from, as the government site served them.
This route reads the capture's row, takes its payload from the WARC record
(`archive.warc.read_capture`, which checks the sha256 against the row) or, for captures
written before WARCs, from the blob store, and answers with the original Content-Type and:

- `Link: <url>; rel="original"`, `Memento-Datetime` and `X-Archived-At`, saying what was
  captured and when (the Memento convention, RFC 7089);
- for HTML, a sandboxing Content-Security-Policy: an archived page runs no script, loads
  nothing from the live web and cannot touch this origin;
- for anything else, `Content-Disposition: attachment` with a filename cut from the URL.

Where the WARC files and the blob store live at serve time is plugin configuration,
written into the metadata by `archive.publish.write_metadata`:

    "plugins": {"nianbao-capture": {"warc_dir": "...", "blob_dir": "...", "database": "nianbao"}}
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from datasette import hookimpl
from datasette.utils.asgi import Response

PLUGIN = "nianbao-capture"
HTML_TYPES = ("text/html", "application/xhtml+xml")
# No script, no plugin, no request to anywhere (the page's images and styles on the live
# site are not fetched: reading the archive must not call the government site), a unique
# origin for the document (sandbox without allow-same-origin), inline styles allowed.
SANDBOX_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


class CaptureUnavailable(Exception):
    """The capture exists but neither its WARC record nor its blob gives its bytes."""


def config(datasette) -> dict:
    return datasette.plugin_config(PLUGIN) or {}


def capture_database(datasette) -> str | None:
    """The database holding `captures`: the configured one, else the first file database."""
    name = config(datasette).get("database")
    if name in datasette.databases:
        return name
    for db_name, db in datasette.databases.items():
        if db_name != "_internal" and not db.is_memory:
            return db_name
    return None


def header_url(url: str) -> str:
    """`url` fit for an HTTP header: non-ASCII percent-encoded, no control characters."""
    cleaned = "".join(ch for ch in url if ch >= " " and ch != "\x7f")
    return quote(cleaned, safe=":/?#[]@!$&'()*+,;=%~")


def download_name(url: str, capture_id: int, content_type: str) -> str:
    """A safe file name for the download: the URL's last path segment, else capture-<id>."""
    segment = PurePosixPath(unquote(urlsplit(url).path)).name
    name = _UNSAFE_NAME.sub("_", segment).strip("._")[:120]
    if not name:
        name = f"capture-{capture_id}"
        if "pdf" in content_type:
            name += ".pdf"
    return name


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _http_date(fetched_at: str | None) -> str | None:
    if not fetched_at:
        return None
    try:
        when = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None  # the crawler writes UTC with an offset; a naive time is ambiguous
    return format_datetime(when.astimezone(UTC), usegmt=True)


def payload(conn, row: dict, warc_dir: str | None, blob_dir: str | None) -> tuple[bytes, str]:
    """The capture's body and where it came from ("warc file:offset" or "blob").

    The WARC record is the archival copy and is preferred; the blob store (checked against
    the row's sha256) serves captures made before WARCs, or when no WARC folder is set.
    """
    import sqlite_utils

    from archive.warc import WarcError, read_capture

    errors = []
    if row.get("warc_file") and warc_dir:
        try:
            found = read_capture(sqlite_utils.Database(conn), warc_dir, row["id"])
            return found.body, f"warc {found.source}"
        except (WarcError, OSError) as exc:
            errors.append(str(exc))
    if row.get("blob") and blob_dir:
        path = Path(blob_dir) / row["blob"]
        try:
            body = path.read_bytes()
        except OSError as exc:
            errors.append(f"blob {row['blob']}: {exc.strerror}")
        else:
            if hashlib.sha256(body).hexdigest() == row.get("sha256"):
                return body, "blob"
            errors.append(f"blob {row['blob']}: sha256 does not match the capture row")
    if not errors:
        errors.append("no WARC folder or blob store is configured for this capture")
    raise CaptureUnavailable("; ".join(errors))


async def capture_view(request, datasette) -> Response:
    capture_id = int(request.url_vars["capture_id"])
    db_name = capture_database(datasette)
    if db_name is None:
        return Response.text("No database holds captures.", status=404)
    allowed = await datasette.permission_allowed(
        request.actor, "view-table", resource=(db_name, "captures"), default=True
    )
    if not allowed:
        return Response.text("Forbidden", status=403)
    db = datasette.get_database(db_name)
    if "captures" not in await db.table_names():
        return Response.text(f"Database {db_name} has no captures table.", status=404)
    found = await db.execute("select * from captures where id = ?", [capture_id])
    if not found.rows:
        return Response.text(f"No capture {capture_id}.", status=404)
    row = dict(found.rows[0])
    settings = config(datasette)

    def read(conn):
        return payload(conn, row, settings.get("warc_dir"), settings.get("blob_dir"))

    try:
        body, source = await db.execute_fn(read)
    except CaptureUnavailable as exc:
        return Response.text(
            f"Capture {capture_id} ({row.get('url')}) cannot be served: {exc}", status=502
        )
    content_type = row.get("content_type") or "application/octet-stream"
    url = row.get("final_url") or row.get("url") or ""
    headers = {
        "Link": f'<{header_url(url)}>; rel="original"',
        "X-Archived-At": row.get("fetched_at") or "",
        "X-Nianbao-Capture-Source": source,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX_CSP,
        "Referrer-Policy": "no-referrer",
    }
    if memento := _http_date(row.get("fetched_at")):
        headers["Memento-Datetime"] = memento
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        name = download_name(url, capture_id, content_type.lower())
        headers["Content-Disposition"] = content_disposition(name)
    return Response(body, status=200, headers=headers, content_type=content_type)


@hookimpl
def register_routes():
    return [(r"^/-/capture/(?P<capture_id>[0-9]{1,18})$", capture_view)]
