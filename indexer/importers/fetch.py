"""The one place where importers talk to the network.

Official data (NHTSA's recall API, published files) is fetched over HTTP. A
call without a timeout can hang an import forever, and a single 502 from a busy
government server should not fail a whole import, so every request goes
through :class:`HttpClient`: one ``requests.Session`` (connection reuse), an
explicit timeout, a bounded number of retries with exponential back-off for
server errors and broken connections, and every failure turned into
:class:`FetchError` so callers never need to know about ``requests``.
"""

from __future__ import annotations

import time

import requests

USER_AGENT = "ota-transparency-portal-importer/0.1 (+https://www.nhtsa.gov data import)"
DEFAULT_TIMEOUT = 20.0  # seconds, for connect and for each read
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds; doubles after every failed attempt


class FetchError(RuntimeError):
    """A URL could not be fetched; says which URL and why."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        self.url, self.reason, self.status = url, reason, status
        super().__init__(f"could not fetch {url}: {reason}")


class HttpClient:
    """GET with a timeout, retries and domain errors, over one session."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        session: requests.Session | None = None,
    ):
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)

    def get_bytes(self, url: str) -> bytes:
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(url, "only http and https URLs can be fetched")
        attempt = 0
        while True:
            try:
                response = self.session.get(url, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                # Both are usually transient (a reset, a slow moment): worth a retry.
                reason, status = _describe(exc), None
            except requests.RequestException as exc:
                raise FetchError(url, _describe(exc)) from None
            else:
                if response.status_code < 400:
                    return response.content
                reason, status = f"HTTP {response.status_code} {response.reason or ''}".strip(), response.status_code
                if status < 500:
                    # A 4xx will not change on a retry: the URL or the request is wrong.
                    raise FetchError(url, reason, status)
            if attempt >= self.retries:
                raise FetchError(url, f"{reason} (after {attempt + 1} attempts)", status)
            time.sleep(self.backoff * (2**attempt))
            attempt += 1

    def get_text(self, url: str) -> str:
        data = self.get_bytes(url)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FetchError(url, "the response is not UTF-8 text") from None

    def close(self) -> None:
        self.session.close()


def _describe(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer within the timeout"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    return type(exc).__name__


_default: HttpClient | None = None


def default_client() -> HttpClient:
    """The process-wide client, created on first use so importing costs nothing."""
    global _default
    if _default is None:
        _default = HttpClient()
    return _default


def fetch_text(url: str, client: HttpClient | None = None) -> str:
    return (client or default_client()).get_text(url)
