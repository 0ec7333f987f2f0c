"""rules.platform: the member actions around the campus and the platform.

- ``DELETE /v2/campus/:campus_id/locations/end_all`` ends every open location of the campus now
  (each ended location journaled); 204 (GUESS: the catalog does not say what it answers).
- ``POST /v2/endpoints/:id/callback`` records a call made to a campus endpoint: ``url``,
  ``user_id``, ``initial_data`` and ``response_data`` (hashes), all required as plain parameters;
  201 with the recorded call (GUESS on the body: 42 documents the parameters only).
- ``POST /v2/webhook_registeries/:id/deactivate`` stops a webhook registration; 204, and 422 when
  it is already inactive (GUESS).
- ``POST /v2/translations/upload`` takes ``file`` (multipart, or the file's text as a parameter), a
  JSON or YAML document ``{language identifier: {type name: {translatable id: {field: text}}}}``
  (GUESS: the format of Rails' locale files, keyed by record), and creates or updates one
  translation per record and language; 201 with the translations written.
- ``POST /v2/search/users`` and ``POST /v2/search/projects`` (JSON ``{query, filter, range, search,
  sort, page}``): the index's filters, ranges, searches and sorts, plus ``query``, a
  case-insensitive word match over the names (users: login, first name, usual first name, last
  name; projects: name and slug); items ``{id, login}`` / ``{id, name, slug}``, paginated by 30 with
  the index's paging headers. A search writes nothing, leaves no journal and takes no write lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import yaml
from sqlalchemy import ColumnElement, Table, and_, func, or_, select, update

from openintra.api.call import Answer
from openintra.api.paging import paging_headers
from openintra.api.params import parse_query
from openintra.api.tx import Tx
from openintra.core import jsonenc
from openintra.core.clock import format_ts
from openintra.core.errors import BadRequest, Invalid
from openintra.db.base import table_of
from openintra.models.campus import EndpointCallback, Language
from openintra.models.pedagogy import Translation, TranslationsStructure
from openintra.models.platform import WebhookRegistery
from openintra.models.users import Location, User
from openintra.rules._params import integer

LOCATIONS = table_of(Location)
CALLBACKS = table_of(EndpointCallback)
WEBHOOKS = table_of(WebhookRegistery)
TRANSLATIONS = table_of(Translation)
STRUCTURES = table_of(TranslationsStructure)
LANGUAGES = table_of(Language)
USERS = table_of(User)
BLANK = "can't be blank"


# --- locations ----------------------------------------------------------------------------------


def end_all(tx: Tx, ids: dict[str, int], _params: dict[str, Any]) -> Answer:
    campus_id = ids["campus_id"]
    ended = tx.conn.execute(
        update(LOCATIONS)
        .where(LOCATIONS.c.campus_id == campus_id, LOCATIONS.c.end_at.is_(None))
        .values(end_at=tx.now)
        .returning(LOCATIONS.c.id, LOCATIONS.c.user_id)
    ).all()
    for location_id, user_id in ended:
        tx.journal("Location", location_id, "end_all", user_id=user_id, campus_id=campus_id)
    return Answer(204)


# --- endpoints ------------------------------------------------------------------------------------


def callback(tx: Tx, ids: dict[str, int], params: dict[str, Any]) -> Answer:
    errors: dict[str, list[str]] = {}
    url = params.get("url")
    if not isinstance(url, str) or not url.strip():
        errors["url"] = [BLANK]
    elif len(url) > 255:
        errors["url"] = ["is too long (maximum is 255 characters)"]
    data: dict[str, str] = {}
    for key in ("initial_data", "response_data"):
        value = params.get(key)
        if value in (None, "", {}):
            errors[key] = [BLANK]
        elif not isinstance(value, dict):
            errors[key] = ["must be a hash"]
        else:
            data[key] = jsonenc.dumps(value).decode()
    user_id: int | None = None
    try:
        user_id = integer(params, "user_id")
    except Invalid as invalid:
        errors.update(invalid.errors)
    if user_id is not None and tx.one(USERS, user_id) is None:
        errors["user"] = ["must exist"]
    if errors:
        raise Invalid(errors)
    values = {"endpoint_id": ids["id"], "url": url, "user_id": user_id, **data, "created_at": tx.now}
    callback_id = tx.insert(CALLBACKS, values)
    tx.journal("Endpoint", ids["id"], "callback", user_id=user_id)
    return Answer(201, {
        "id": callback_id, "endpoint_id": ids["id"], "url": url, "user_id": user_id,
        "initial_data": params["initial_data"], "response_data": params["response_data"],
        "created_at": format_ts(tx.now),
    })  # fmt: skip


# --- webhooks -------------------------------------------------------------------------------------


def deactivate(tx: Tx, ids: dict[str, int], _params: dict[str, Any]) -> Answer:
    done = tx.conn.execute(
        update(WEBHOOKS)
        .where(WEBHOOKS.c.id == ids["id"], WEBHOOKS.c.active.is_(True))
        .values(active=False, deactivated_at=tx.now, updated_at=tx.now)
    )
    if done.rowcount != 1:
        raise Invalid({"base": ["is already deactivated"]})
    tx.journal("WebhookRegistery", ids["id"], "deactivate")
    return Answer(204)


# --- translations ---------------------------------------------------------------------------------


def _document(file: Any) -> Any:
    """The uploaded document: JSON, else YAML (safe: plain data only)."""
    if file in (None, ""):
        raise Invalid.one("file", BLANK)
    raw: bytes | str = getattr(file, "data", None) or file
    if not isinstance(raw, (bytes, str)):
        raise Invalid.one("file", "is invalid")
    try:
        return jsonenc.loads(raw)
    except orjson.JSONDecodeError:
        pass
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        raise Invalid.one("file", "is not a JSON or YAML document") from None


def upload(tx: Tx, _ids: dict[str, int], params: dict[str, Any]) -> Answer:
    document = _document(params.get("file"))
    if not isinstance(document, dict) or not document:
        raise Invalid.one("file", "must map language identifiers to translations")
    languages = dict(tx.conn.execute(select(LANGUAGES.c.identifier, LANGUAGES.c.id)).all())
    structures = dict(tx.conn.execute(select(STRUCTURES.c.type_name, STRUCTURES.c.id)).all())
    written: list[int] = []
    for identifier, types in document.items():
        language_id = languages.get(str(identifier))
        if language_id is None:
            raise Invalid.one("file", f"names an unknown language: {str(identifier)[:40]}")
        if not isinstance(types, dict):
            raise Invalid.one("file", f"{identifier}: must map type names to records")
        for type_name, records in types.items():
            structure_id = structures.get(str(type_name))
            if structure_id is None:
                raise Invalid.one("file", f"names an unknown translations structure: {str(type_name)[:60]}")
            if not isinstance(records, dict):
                raise Invalid.one("file", f"{identifier}.{type_name}: must map record ids to fields")
            for record_id, fields in records.items():
                text = str(record_id)
                if not text.isdigit() or len(text) > 18 or not isinstance(fields, dict):
                    raise Invalid.one("file", f"{identifier}.{type_name}.{text[:20]}: is invalid")
                written.append(_translate(tx, language_id, str(type_name), int(text), structure_id, fields))
    return Answer(201, [tx.show("translations", row_id) for row_id in written])


def _translate(tx: Tx, language_id: int, type_name: str, record_id: int, structure_id: int,
               fields: dict[str, Any]) -> int:  # fmt: skip
    key = (TRANSLATIONS.c.translatable_type == type_name, TRANSLATIONS.c.translatable_id == record_id,
           TRANSLATIONS.c.language_id == language_id)  # fmt: skip
    found = tx.conn.execute(select(TRANSLATIONS.c.id).where(*key)).scalar()
    attributes = {"fields": jsonenc.dumps(fields).decode()}
    if found is not None:
        tx.update("translations", int(found), attributes)
        return int(found)
    return int(tx.create("translations", {
        **attributes, "translatable_type": type_name, "translatable_id": record_id, "language_id": language_id,
        "translations_structure_id": structure_id, "user_id": tx.principal.user_id,
    }))  # fmt: skip


# --- search ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """``POST /v2/search/<resource>``: the index's query language in a JSON body, plus ``query``."""

    resource: str
    words: tuple[str, ...]
    items: tuple[str, ...]

    def pairs(self, params: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The body as the index's query-string pairs (``filter[kind]=student``…)."""
        pairs: list[tuple[str, str]] = []
        for group in ("filter", "range", "search"):
            given = params.get(group)
            if given in (None, ""):
                continue
            if not isinstance(given, dict):
                raise BadRequest(f"{group} must be a hash of field names")
            for name, value in given.items():
                value = ",".join(map(_text, value)) if isinstance(value, list) else _text(value)
                pairs.append((f"{group}[{name}]", value))
        if params.get("sort") not in (None, ""):
            pairs.append(("sort", _text(params["sort"])))
        page = params.get("page")
        if isinstance(page, dict):
            pairs += [(f"page[{key}]", _text(page[key])) for key in ("number", "size") if key in page]
        elif page not in (None, ""):
            pairs.append(("page", _text(page)))
        if params.get("per_page") not in (None, ""):
            pairs.append(("per_page", _text(params["per_page"])))
        return pairs

    def words_match(self, table: Table, query: Any) -> list[ColumnElement[bool]]:
        if query in (None, ""):
            return []
        if not isinstance(query, str):
            raise BadRequest("query must be a string")
        conditions = []
        for word in query.split()[:10]:
            pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(
                or_(*(func.lower(table.c[name]).like(pattern, escape="\\") for name in self.words))
            )
        return [and_(*conditions)]

    def run(self, tx: Tx, _ids: dict[str, int], params: dict[str, Any]) -> Answer:
        api = tx.rows.api
        resource = api.registry[self.resource]
        table = resource.table
        plan = api.registry.plan(self.resource, api.dialect)
        pairs = self.pairs(params)
        query = parse_query(pairs, plan.schema)
        where = plan.conditions(query) + self.words_match(table, params.get("query"))
        total = int(tx.conn.execute(plan.count(where)).scalar_one())
        order = plan.order_by(query.sort) if query.sort else plan.default_order
        columns = [table.c[name] for name in self.items]
        rows = tx.conn.execute(
            select(*columns).where(*where).order_by(*order).limit(query.per_page)
            .offset((query.page - 1) * query.per_page)
        ).all()  # fmt: skip
        call = tx.call
        headers = paging_headers(call.base_url, call.path, pairs, query.page, query.per_page, total)
        return Answer(200, [dict(zip(self.items, row, strict=True)) for row in rows], headers)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        raise BadRequest("a search parameter must be a string or a number")
    return str(value)


USERS_SEARCH = Search("users", ("login", "first_name", "usual_first_name", "last_name"), ("id", "login"))
PROJECTS_SEARCH = Search("projects", ("name", "slug"), ("id", "name", "slug"))
