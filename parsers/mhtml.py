"""MHTML (a web page saved as one file: .mht, .mhtml, and Word's "single file web page",
often published as .doc) → Document, through the HTML reader.

The file is a MIME message: the page is the first text/html part, quoted-printable or
base64 encoded, its images further parts. Python's email package decodes it; the HTML
reader then sees the page as a browser would, with the part's charset as its header.
"""

from __future__ import annotations

import email
import email.policy

from parsers.document import Document
from parsers.limits import DocumentError, check_size


def read_mhtml(data: bytes) -> Document:
    """The HTML part of an MHTML file, read; DocumentError if it has none."""
    check_size(data)
    from parsers.html import read_html

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        body = part.get_payload(decode=True)
        if not isinstance(body, bytes):
            continue
        charset = part.get_content_charset()
        header = f"text/html; charset={charset}" if charset else "text/html"
        doc = read_html(body, content_type=header, url=part.get("Content-Location"))
        doc.source_format = "mhtml"
        return doc
    raise DocumentError("MHTML file without an HTML part")
