"""api.paging: ``X-Page``, ``X-Per-Page``, ``X-Total`` and ``Link`` (DESIGN §4.1)."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

_PAGE_KEYS = {"page", "page[number]"}


def paging_headers(
    base_url: str, path: str, params: Sequence[tuple[str, str]], page: int, per_page: int, total: int
) -> dict[str, str]:
    """Headers of one page; ``Link`` keeps every other parameter and gives the page as ``page=N``."""
    last = max(1, -(-total // per_page))
    kept = [(key, value) for key, value in params if key not in _PAGE_KEYS]

    def url(number: int) -> str:
        return f"{base_url}{path}?{urlencode([*kept, ('page', str(number))])}"

    links = []
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
        links.append(f'<{url(1)}>; rel="first"')
    if page < last:
        links.append(f'<{url(last)}>; rel="last"')
    headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(total)}
    if links:
        headers["Link"] = ", ".join(links)
    return headers
