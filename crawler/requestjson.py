"""JSON for requests in Redis: scrapy-redis's `SCHEDULER_SERIALIZER`, never pickle.

scrapy-redis stores requests with pickle by default, so anyone who can write to Redis runs
code on every worker (RELIABILITY.md A7, fault 48). This module has the `loads`/`dumps` pair
scrapy-redis asks of a serializer; Scrapy's `request_to_dict` gives plain data, which is JSON
but for bytes (bodies, headers) and tuples (the sweep's list key), tagged here. Loading checks
what an entry may name: a request class of Scrapy's own and a spider callback by name from a
short list, nothing importable at will.
"""

from __future__ import annotations

import base64
import json
from typing import Any

REQUEST_CLASSES = {
    "scrapy.http.request.Request",
    "scrapy.http.request.form.FormRequest",
    "scrapy.http.request.json_request.JsonRequest",
    "scrapy.http.Request",
    "scrapy.http.FormRequest",
    "scrapy.http.JsonRequest",
}
CALLBACKS = {
    None,
    "parse",
    "parse_home",
    "parse_section",
    "parse_list",
    "parse_detail",
    "parse_attachment",
}


class UnsafeEntry(ValueError):
    """A queue entry names a class or callback this crawler never writes."""


def _tag(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, tuple):
        return {"__tuple__": [_tag(v) for v in value]}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _tag(v) for k, v in value.items()}
        # headers: bytes names
        return {"__items__": [[_tag(k), _tag(v)] for k, v in value.items()]}
    return value


def _untag(value: dict) -> Any:
    if set(value) == {"__b64__"}:
        return base64.b64decode(value["__b64__"])
    if set(value) == {"__tuple__"}:
        return tuple(value["__tuple__"])
    if set(value) == {"__items__"}:
        return {_hashable(k): v for k, v in value["__items__"]}
    return value


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def encode(obj: Any) -> str:
    """Any plain data with bytes and tuples as a JSON string."""
    return json.dumps(_tag(obj), ensure_ascii=False, separators=(",", ":"))


def decode(data: str | bytes) -> Any:
    return json.loads(data, object_hook=_untag)


def dumps(request: dict) -> str:
    """A request as `request_to_dict` gives it, as JSON."""
    return encode(request)


def loads(data: str | bytes) -> dict:
    """A request dict for `request_from_dict`, refused if it names anything unexpected."""
    request = decode(data)
    if not isinstance(request, dict) or not isinstance(request.get("url"), str):
        raise UnsafeEntry("a queue entry is not a request")
    cls = request.get("_class")
    if cls is not None and cls not in REQUEST_CLASSES:
        raise UnsafeEntry(f"a queue entry names the class {cls!r}")
    for key in ("callback", "errback"):
        if request.get(key) not in CALLBACKS:
            raise UnsafeEntry(f"a queue entry names the {key} {request.get(key)!r}")
    return request
