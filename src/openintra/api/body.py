"""api.body: a write request's parameters, Rails style (DESIGN §4.10).

42 is a Rails application: a write's attributes come wrapped in the resource's singular name
(``events_user[event_id]=1``) as form fields, multipart fields, a JSON object
(``{"events_user": {"event_id": 1}}``) or the query string, and all of them merge into one nested
dictionary of parameters. `parse_pairs` is Rack's nested-query grammar:

- ``a=1`` → ``{"a": "1"}``; ``a[b]=1`` → ``{"a": {"b": "1"}}``;
- ``a[]=1&a[]=2`` → ``{"a": ["1", "2"]}``;
- ``a[][b]=1&a[][c]=2&a[][b]=3`` → ``{"a": [{"b": "1", "c": "2"}, {"b": "3"}]}``;
- a key used both as a value and as a hash (``a=1&a[b]=2``) is a `BadRequest`, as in Rack.

Values of the query string and of forms are strings; JSON keeps its types. Body parameters win
over query-string ones of the same name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import orjson

from openintra.core.errors import BadRequest

MAX_DEPTH = 16
MAX_UPLOAD = 5 * 1024 * 1024
"""Bytes of one uploaded file (a multipart part with a filename) a write reads."""
MAX_KEY = 512
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


class Upload(str):
    """An uploaded file: its file name as the parameter's text value (what a plain attribute keeps,
    as Paperclip does), with the file's ``data`` and ``content_type`` for the routes that read it
    (``POST /v2/translations/upload``)."""

    data: bytes
    content_type: str

    def __new__(cls, filename: str, data: bytes, content_type: str = "") -> Upload:
        upload = super().__new__(cls, filename)
        upload.data = data
        upload.content_type = content_type
        return upload


def _split(key: str) -> list[str]:
    """``a[b][][c]`` → ``["a", "b", "", "c"]``; a malformed key is taken whole, as Rack does."""
    head, bracket, rest = key.partition("[")
    if not bracket:
        return [key]
    parts = [head]
    rest = "[" + rest
    position = 0
    for match in _SEGMENT.finditer(rest):
        if match.start() != position:
            return [key]
        parts.append(match.group(1))
        position = match.end()
    if position != len(rest) or not head:
        return [key]
    return parts


def _type_error(name: str, expected: str, got: Any) -> BadRequest:
    names: dict[type, str] = {str: "String", list: "Array", dict: "Hash"}
    kind = names.get(type(got), type(got).__name__)
    return BadRequest(f"expected {expected} (got {kind}) for param `{name}'")


def _assign(target: dict[str, Any], parts: list[str], value: Any, name: str) -> None:
    head, rest = parts[0], parts[1:]
    if not rest:
        target[head] = value
        return
    if rest[0] == "":
        items = target.setdefault(head, [])
        if not isinstance(items, list):
            raise _type_error(name, "Array", items)
        if len(rest) == 1:
            items.append(value)
            return
        # ``a[][b]``: a new hash unless the last one lacks this key (Rack's rule).
        child_parts = rest[1:]
        if items and isinstance(items[-1], dict) and not _has_path(items[-1], child_parts):
            _assign(items[-1], child_parts, value, name)
        else:
            child: dict[str, Any] = {}
            _assign(child, child_parts, value, name)
            items.append(child)
        return
    child_map = target.setdefault(head, {})
    if not isinstance(child_map, dict):
        raise _type_error(name, "Hash", child_map)
    _assign(child_map, rest, value, name)


def _has_path(item: dict[str, Any], parts: list[str]) -> bool:
    head = parts[0]
    if head not in item:
        return False
    if len(parts) == 1 or parts[1] == "":
        return True
    child = item[head]
    return isinstance(child, dict) and _has_path(child, parts[1:])


def parse_pairs(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Rack's nested parameters of ``(key, value)`` pairs (query string, form, multipart)."""
    params: dict[str, Any] = {}
    for key, value in pairs:
        if not key or len(key) > MAX_KEY:
            continue
        parts = _split(key)
        if len(parts) > MAX_DEPTH:
            raise BadRequest(f"parameter {key[:64]!r} is nested too deeply")
        _assign(params, parts, value, parts[0])
    return params


def parse_json(raw: bytes) -> dict[str, Any]:
    """A JSON body: an object, else `BadRequest`."""
    if not raw.strip():
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"The request body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise BadRequest("The request body must be a JSON object")
    return value


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, hashes merged key by key."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


__all__ = ["merge", "parse_json", "parse_pairs"]
