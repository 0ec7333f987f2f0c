"""core.errors: the error catalogue. Each error knows its status, body and headers."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error answered to the client with a faithful 42 body."""

    status: int = 500
    title: str = "Internal Server Error"

    def __init__(self, message: str = "", *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def body(self) -> Any:
        return {"error": self.title, "message": self.message}


class PageError(ApiError):
    status = 400
    title = "Page Error"


class SortError(ApiError):
    status = 400
    title = "Sort Error"


class FilterError(ApiError):
    status = 400
    title = "Filter Error"


class RangeError(ApiError):
    status = 400
    title = "Range Error"


class SearchError(ApiError):
    status = 400
    title = "Search Error"


class BadRequest(ApiError):
    status = 400
    title = "Bad Request"


class NotFound(ApiError):
    """Unknown record or route: ``404 {}`` (DESIGN §4.5)."""

    status = 404
    title = "Not Found"

    def body(self) -> Any:
        return {}


class Unprocessable(ApiError):
    """A path parameter outside its enum (graph ``:field``): 422."""

    status = 422
    title = "Unprocessable Entity"


TOKEN_INVALID = "The access token is invalid"
TOKEN_EXPIRED = "The access token expired"


class NotAuthorized(ApiError):
    """No, invalid, expired or revoked token (DESIGN §4.6)."""

    status = 401
    title = "Not authorized"

    def __init__(self, description: str = TOKEN_INVALID) -> None:
        super().__init__(
            description,
            headers={
                "WWW-Authenticate": (
                    f'Bearer realm="42 API", error="invalid_token", error_description="{description}"'
                )
            },
        )


class Forbidden(ApiError):
    status = 403
    title = "Forbidden"


class InsufficientScope(Forbidden):
    """A valid token without a scope the route needs: exactly 42's 403 (api-routes §5.3)."""

    def __init__(self, scopes: list[str], descriptions: list[str]) -> None:
        needed = f"[{', '.join(scopes)}]"
        detail = f" ({'; '.join(descriptions)})" if descriptions else ""
        super().__init__(
            f"Insufficient scope. The action need the following scopes: {needed}{detail}",
            headers={
                "WWW-Authenticate": (
                    f'Bearer realm="42 API", error="insufficient scope", '
                    f'error_description="The action need the following scopes: {needed}"'
                ),
                "Cache-Control": "no-store",
                "Pragma": "no-cache",
            },
        )


class TooManyRequests(ApiError):
    status = 429
    title = "Too Many Requests"


class ServiceUnavailable(ApiError):
    status = 503
    title = "Service Unavailable"


class Invalid(ApiError):
    """A write that fails validation: ``422`` with Rails' errors object ``{"field": ["message"]}``
    (DESIGN §4.7); nothing is written."""

    status = 422
    title = "Unprocessable Entity"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{key} {', '.join(messages)}" for key, messages in errors.items()))
        self.errors = errors

    def body(self) -> Any:
        return self.errors

    @staticmethod
    def one(field: str, message: str) -> Invalid:
        return Invalid({field: [message]})
