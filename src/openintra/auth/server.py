"""auth.server: the OAuth2 token endpoint — Authlib's server behind our Starlette adapter.

Authlib is synchronous and framework-agnostic: the adapter reads the whole request first (form,
multipart, JSON body and query string all carry parameters, as 42 clients send them), then runs
the grant in a thread. Tokens are opaque 64-hex values stored as SHA-256 digests. Error bodies
follow Doorkeeper's wording, which 42 clients see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidScopeError
from authlib.oauth2.rfc6749.grants import ClientCredentialsGrant
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from openintra.auth.tokens import digest, matches, new_secret
from openintra.core.clock import utc_now
from openintra.models.platform import AccessToken, OAuthApp

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
SCOPES = ("public", "projects", "profile", "elearning", "tig", "forum")


class Client(ClientMixin):  # type: ignore[misc] - Authlib is untyped
    """An `OAuthApp` row as Authlib sees it."""

    def __init__(self, app: OAuthApp) -> None:
        self.app = app

    def get_client_id(self) -> str:
        return self.app.uid

    def get_default_redirect_uri(self) -> str | None:
        uris = self.app.redirect_uris.split()
        return uris[0] if uris else None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.app.scopes.split()
        if not scope:
            return "public"
        return " ".join(item for item in scope.split() if item in allowed)

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
    """A token request whose parameters were read from the query string and the body."""

    def __init__(self, method: str, uri: str, headers: Mapping[str, str], pairs: list[tuple[str, str]]) -> None:
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


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, engine: Engine, token_ttl: int) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.token_ttl = token_ttl
        self.register_token_generator("default", self._generate)
        self.register_grant(ClientCredentials)

    def query_client(self, client_id: str) -> Client | None:
        if not client_id or len(client_id) > 128:
            return None
        with self._sessions() as session:
            app = session.scalar(select(OAuthApp).where(OAuthApp.uid == client_id))
        return Client(app) if app is not None else None

    def _generate(
        self, grant_type: str, client: Client, user: Any = None, scope: str | None = None,
        expires_in: int | None = None, include_refresh_token: bool = True,
    ) -> dict[str, Any]:  # fmt: skip
        created = utc_now()
        token: dict[str, Any] = {
            "access_token": new_secret(),
            "token_type": "bearer",
            "expires_in": self.token_ttl,
            "scope": client.get_allowed_scope(scope),
            "created_at": int(created.timestamp()),
            "secret_valid_until": int(client.app.secret_valid_until.timestamp()),
        }
        return token

    def save_token(self, token: dict[str, Any], request: Request) -> None:
        created = dt.datetime.fromtimestamp(token["created_at"], dt.UTC)
        with self._sessions.begin() as session:
            session.add(
                AccessToken(
                    digest=digest(token["access_token"]),
                    app_id=request.client.app.id,
                    user_id=getattr(request.user, "id", None),
                    scopes=token["scope"],
                    created_at=created,
                    expires_at=created + dt.timedelta(seconds=token["expires_in"]),
                )
            )

    def validate_requested_scope(self, scope: str | None) -> None:
        if scope and not set(scope.split()) <= set(SCOPES):
            raise InvalidScopeError()

    def create_oauth2_request(self, request: Request) -> Request:
        return request  # already built by the adapter (auth.routes)

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, dict[str, str]]:
        return status, body, dict(headers)

    def handle_error_response(self, request: Request, error: OAuth2Error) -> tuple[int, Any, dict[str, str]]:
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
        result: tuple[int, Any, dict[str, str]] = self.create_token_response(request)
        return result


