"""auth.server: the OAuth2 token endpoint — Authlib's server behind our Starlette adapter.

Authlib is synchronous and framework-agnostic: the adapter reads the whole request first (form,
multipart, JSON body and query string all carry parameters, as 42 clients send them), then runs
the grant in a thread. Tokens are opaque 64-hex values stored as SHA-256 digests. Error bodies
follow Doorkeeper's wording, which 42 clients see.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidScopeError
from authlib.oauth2.rfc6749.grants import (
    AuthorizationCodeGrant,
    ClientCredentialsGrant,
    RefreshTokenGrant,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from sqlalchemy import Connection, Engine, Row, func, insert, or_, select, update

from openintra.auth.tokens import digest, matches, new_secret
from openintra.core.clock import utc_now
from openintra.core.principal import SCOPES
from openintra.models.platform import AccessToken, AuthorizationCode, OAuthApp

CODE_TTL = dt.timedelta(minutes=10)
"""An authorization code is good for ten minutes (RFC 6749 §4.1.2), and once."""

INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication included, "
    "or unsupported authentication method."
)
_DOORKEEPER = {
    "invalid_client": INVALID_CLIENT,
    "invalid_grant": (
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection "
        "URI used in the authorization request, or was issued to another client."
    ),
    "unsupported_grant_type": "The authorization grant type is not supported by the authorization server.",
    "invalid_scope": "The requested scope is invalid, unknown, or malformed.",
    "invalid_request": (
        "The request is missing a required parameter, includes an unsupported parameter value, "
        "or is otherwise malformed."
    ),
    "unauthorized_client": "The client is not authorized to perform this request using this method.",
}


class Client(ClientMixin):  # type: ignore[misc] - Authlib is untyped
    """An `OAuthApp` row as Authlib sees it."""

    def __init__(self, app: Row[Any]) -> None:
        self.app = app

    def get_client_id(self) -> str:
        return self.app.uid

    def get_default_redirect_uri(self) -> str | None:
        uris = self.app.redirect_uris.split()
        return uris[0] if uris else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The requested scopes (``public`` when none), or None when the app may not have one of them."""
        if not scope or not scope.split():
            return "public"
        requested = scope.split()
        if not set(requested) <= set(self.app.scopes.split()):
            return None
        return " ".join(dict.fromkeys(requested))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.app.redirect_uris.split()

    def check_client_secret(self, client_secret: str) -> bool:
        if self.app.secret_valid_until <= utc_now():
            return False
        return matches(client_secret, self.app.secret_digest)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("client_credentials", "authorization_code", "refresh_token")


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, data: dict[str, str], datalist: dict[str, list[str]]) -> None:
        self._data = data
        self._datalist = datalist

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._datalist


class Request(OAuth2Request):  # type: ignore[misc]
    """An OAuth request whose parameters were read from the query string and the body.

    ``conn`` is the transaction the grant runs in (set by `TokenServer`): claiming a code or a
    refresh token and saving what it issues commit together, so that a concurrent second use
    waits for the first and then sees what to revoke.
    """

    conn: Connection

    def __init__(
        self, method: str, uri: str, headers: Mapping[str, str], pairs: list[tuple[str, str]]
    ) -> None:
        super().__init__(method=method, uri=uri, headers=headers)
        datalist: dict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            datalist[key].append(value)
        self._form = {key: values[-1] for key, values in datalist.items()}
        self.payload = _Payload(self._form, datalist)

    @property
    def args(self) -> dict[str, str]:
        return self._form

    @property
    def form(self) -> dict[str, str]:
        return self._form


class ClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    """42 clients send their credentials in the body or the query string as often as in Basic."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def validate_token_request(self) -> None:
        super().validate_token_request()
        requested = set((self.request.payload.scope or "").split())
        if not requested <= set(self.request.client.app.scopes.split()):
            raise InvalidScopeError()


@dataclass
class User:
    """The resource owner as Authlib sees it."""

    id: int

    def get_user_id(self) -> int:
        return self.id


@dataclass
class Code:
    """A claimed authorization code (its row, already marked redeemed in this transaction)."""

    row: Row[Any]

    def get_redirect_uri(self) -> str:
        return str(self.row.redirect_uri)

    def get_scope(self) -> str:
        return str(self.row.scopes)

    @property
    def code_challenge(self) -> str | None:
        return self.row.code_challenge  # type: ignore[no-any-return]

    @property
    def code_challenge_method(self) -> str | None:
        return self.row.code_challenge_method  # type: ignore[no-any-return]


@dataclass
class IssuedToken:
    """An issued token row, for refresh and revocation."""

    row: Row[Any]

    def check_client(self, client: Client) -> bool:
        return bool(self.row.app_id == client.app.id)

    def get_scope(self) -> str:
        return str(self.row.scopes)

    def is_expired(self) -> bool:
        return False  # refresh tokens do not expire; they are single use (rotation)

    def is_revoked(self) -> bool:
        return False  # claimed atomically in `authenticate_refresh_token`


class AuthorizationCodeS256(CodeChallenge):  # type: ignore[misc]
    """PKCE (RFC 7636), optional; only S256 (``plain`` protects nothing that TLS does not)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    """``authorization_code``: exact redirect URIs, single-use codes; a second use revokes the first's tokens."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, request: Request) -> None:
        now = utc_now()
        challenge = request.payload.data.get("code_challenge")
        method = request.payload.data.get("code_challenge_method") if challenge else None
        request.conn.execute(
            insert(AuthorizationCode).values(
                digest=digest(code),
                app_id=request.client.app.id,
                user_id=request.user.id,
                redirect_uri=request.payload.redirect_uri or request.client.get_default_redirect_uri(),
                scopes=request.scope or "public",
                code_challenge=challenge,
                code_challenge_method=(method or "plain") if challenge else None,
                created_at=now,
                expires_at=now + CODE_TTL,
            )  # fmt: skip
        )

    def generate_authorization_code(self) -> str:
        return new_secret()

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        """Claim the code: only the first redemption gets it; any later one revokes what it issued."""
        conn = self.request.conn
        now = utc_now()
        table = AuthorizationCode.__table__
        claimed = conn.execute(
            update(table)
            .where(table.c.digest == digest(code), table.c.app_id == client.app.id,
                   table.c.redeemed_at.is_(None), table.c.expires_at > now)
            .values(redeemed_at=now)
            .returning(*table.c)
        ).first()  # fmt: skip
        if claimed is not None:
            return Code(claimed)
        used = conn.execute(
            select(table.c.id).where(table.c.digest == digest(code), table.c.redeemed_at.is_not(None))
        ).scalar()
        if used is not None:
            revoke_grant(conn, used, now)
        return None

    def delete_authorization_code(self, authorization_code: Code) -> None:
        return None  # already marked redeemed when claimed

    def authenticate_user(self, authorization_code: Code) -> User:
        return User(authorization_code.row.user_id)


class RefreshToken(RefreshTokenGrant):  # type: ignore[misc]
    """``refresh_token`` with rotation: each use issues a new refresh token; a used one is ``invalid_grant``."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token: str) -> IssuedToken | None:
        table = AccessToken.__table__
        now = utc_now()
        claimed = self.request.conn.execute(
            update(table)
            .where(table.c.refresh_digest == digest(refresh_token), table.c.refresh_used_at.is_(None))
            .values(refresh_used_at=now, revoked_at=now)
            .returning(*table.c)
        ).first()
        return IssuedToken(claimed) if claimed is not None else None

    def authenticate_user(self, refresh_token: IssuedToken) -> User | None:
        user_id = refresh_token.row.user_id
        return User(user_id) if user_id is not None else None

    def revoke_old_credential(self, refresh_token: IssuedToken) -> None:
        return None  # the old access and refresh tokens were revoked when claimed

    def create_token_response(self) -> Any:
        self.request.grant_id = self.request.refresh_token.row.grant_id
        return super().create_token_response()


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """``POST /oauth/revoke`` (RFC 7009): an access or refresh token of the calling app."""

    CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        table = AccessToken.__table__
        value = digest(token_string)
        if token_type_hint == "access_token":
            match = table.c.digest == value
        elif token_type_hint == "refresh_token":
            match = table.c.refresh_digest == value
        else:
            match = or_(table.c.digest == value, table.c.refresh_digest == value)
        row = self.server.run(lambda conn: conn.execute(select(*table.c).where(match)).first())
        return IssuedToken(row) if row is not None else None

    def revoke_token(self, token: IssuedToken, request: Request) -> None:
        table = AccessToken.__table__
        now = utc_now()
        self.server.run(lambda conn: conn.execute(
            update(table).where(table.c.id == token.row.id, table.c.revoked_at.is_(None)).values(revoked_at=now)
        ))  # fmt: skip


def revoke_grant(conn: Connection, grant_id: int, now: dt.datetime) -> None:
    """Revoke every token descended from one authorization code (RFC 6749 §4.1.2)."""
    table = AccessToken.__table__
    conn.execute(
        update(table).where(table.c.grant_id == grant_id)
        .values(revoked_at=func.coalesce(table.c.revoked_at, now), refresh_used_at=func.coalesce(table.c.refresh_used_at, now))
    )  # fmt: skip


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, engine: Engine, token_ttl: int) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.engine = engine
        self._current = threading.local()
        """The transaction of the request this thread serves (see `token_response`)."""
        self.token_ttl = token_ttl
        self.register_token_generator("default", self._generate)
        self.register_grant(ClientCredentials)
        self.register_grant(CodeGrant, [AuthorizationCodeS256(required=False)])
        self.register_grant(RefreshToken)
        self.register_endpoint(Revocation)

    def run(self, work: Any) -> Any:
        """``work(conn)`` in a transaction of its own."""
        with self.engine.begin() as conn:
            return work(conn)

    def query_client(self, client_id: str) -> Client | None:
        """The app, read on the request's own transaction when there is one.

        A request holds one connection, never two at once: twenty concurrent redemptions of one
        code must not exhaust the pool while they wait for the first one's row lock.
        """
        if not client_id or len(client_id) > 128:
            return None
        stmt = select(OAuthApp.__table__).where(OAuthApp.uid == client_id)
        conn: Connection | None = getattr(self._current, "conn", None)
        if conn is not None:
            row = conn.execute(stmt).first()
        else:
            with self.engine.connect() as own:
                row = own.execute(stmt).first()
        return Client(row) if row is not None else None

    def _generate(
        self, grant_type: str, client: Client, user: Any = None, scope: str | None = None,
        expires_in: int | None = None, include_refresh_token: bool = True,
    ) -> dict[str, Any]:  # fmt: skip
        """The token JSON in Doorkeeper's key order (api-shapes §6.1)."""
        created = utc_now()
        token: dict[str, Any] = {
            "access_token": new_secret(),
            "token_type": "bearer",
            "expires_in": self.token_ttl,
        }
        if user is not None and include_refresh_token:
            token["refresh_token"] = new_secret()
        token["scope"] = client.get_allowed_scope(scope) or "public"
        token["created_at"] = int(created.timestamp())
        token["secret_valid_until"] = int(client.app.secret_valid_until.timestamp())
        return token

    def save_token(self, token: dict[str, Any], request: Request) -> None:
        created = dt.datetime.fromtimestamp(token["created_at"], dt.UTC)
        code = getattr(request, "authorization_code", None)
        grant_id = code.row.id if isinstance(code, Code) else getattr(request, "grant_id", None)
        request.conn.execute(
            insert(AccessToken).values(
                digest=digest(token["access_token"]),
                app_id=request.client.app.id,
                user_id=getattr(request.user, "id", None),
                scopes=token["scope"],
                created_at=created,
                expires_at=created + dt.timedelta(seconds=token["expires_in"]),
                refresh_digest=digest(token["refresh_token"]) if "refresh_token" in token else None,
                grant_id=grant_id,
            )  # fmt: skip
        )

    def validate_requested_scope(self, scope: str | None) -> None:
        if scope and not set(scope.split()) <= set(SCOPES):
            raise InvalidScopeError()

    def create_oauth2_request(self, request: Request) -> Request:
        return request  # already built by the adapter (auth.routes)

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, dict[str, str]]:
        return status, body, dict(headers)

    def handle_error_response(self, request: Request, error: OAuth2Error) -> tuple[int, Any, dict[str, str]]:
        if error.redirect_uri:  # an authorize error, to the client's validated redirect URI (with state)
            status, body, headers = error()
            return status, body, dict(headers)
        description = _DOORKEEPER.get(error.error, error.description or error.error)
        status = 401 if error.error == "invalid_client" else error.status_code
        body = {"error": error.error, "error_description": description}
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if status == 401:
            headers["WWW-Authenticate"] = (
                f'Bearer realm="42 API", error="{error.error}", error_description="{description}"'
            )
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def token_response(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        """The token endpoint, in one transaction (committed even on an error: a reused code's revocations stay)."""
        with self.transaction(request):
            result: tuple[int, Any, dict[str, str]] = self.create_token_response(request)
        return result

    @contextmanager
    def transaction(self, request: Request) -> Iterator[Connection]:
        """One transaction for the whole of a grant: ``request.conn``, also used by `query_client`."""
        with self.engine.begin() as conn:
            request.conn = self._current.conn = conn
            try:
                yield conn
            finally:
                self._current.conn = None

    def revocation_response(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        result: tuple[int, Any, dict[str, str]] = self.create_endpoint_response(
            Revocation.ENDPOINT_NAME, request
        )
        return result
