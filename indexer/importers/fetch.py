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

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

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

    def download(self, url: str, target: Path, etag: str | None = None, progress=None) -> Download:
        """Stream ``url`` into ``target`` (bounded memory), with the same retries as :meth:`get_bytes`.

        ``etag`` makes the request conditional: a ``304`` answer writes nothing and
        returns ``not_modified``. A body shorter than its ``Content-Length`` (a
        dropped connection) is retried like a 5xx and, in the end, raises
        :class:`FetchError`: a half file must never be taken for the new data.
        ``target`` is written through a temporary file beside it and renamed only
        when complete.
        """
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(url, "only http and https URLs can be fetched")
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        headers = {"If-None-Match": etag} if etag else {}
        attempt = 0
        while True:
            try:
                result = self._download_once(url, target, headers, progress)
            except _Retryable as exc:
                reason, status = exc.reason, exc.status
            except requests.RequestException as exc:
                raise FetchError(url, _describe(exc)) from None
            else:
                return result
            if attempt >= self.retries:
                raise FetchError(url, f"{reason} (after {attempt + 1} attempts)", status)
            time.sleep(self.backoff * (2**attempt))
            attempt += 1

    def _download_once(self, url: str, target: Path, headers: dict, progress) -> Download:
        partial = target.with_name(f".{target.name}.part")
        try:
            response = self.session.get(url, timeout=self.timeout, headers=headers, stream=True)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Retryable(_describe(exc), None) from None
        with response:
            status = response.status_code
            if status == 304:
                return Download(url, status, True, response.headers.get("ETag") or headers.get("If-None-Match"),
                                response.headers.get("Last-Modified"), 0, None)
            if status >= 400:
                reason = f"HTTP {status} {response.reason or ''}".strip()
                if status < 500:
                    raise FetchError(url, reason, status)
                raise _Retryable(reason, status)
            expected = response.headers.get("Content-Length")
            digest, size = hashlib.sha256(), 0
            try:
                with open(partial, "wb") as handle:
                    for chunk in response.iter_content(chunk_size=1 << 16):
                        handle.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        if progress is not None:
                            progress(size, int(expected) if expected and expected.isdigit() else None)
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
                partial.unlink(missing_ok=True)
                raise _Retryable(f"the body broke off after {size} bytes ({_describe(exc)})", None) from None
            if expected and expected.isdigit() and int(expected) != size:
                partial.unlink(missing_ok=True)
                raise _Retryable(f"the body broke off: {size} of {expected} bytes", None)
            os.replace(partial, target)
            return Download(url, status, False, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                            size, digest.hexdigest())

    def get_text(self, url: str) -> str:
        data = self.get_bytes(url)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FetchError(url, "the response is not UTF-8 text") from None

    def close(self) -> None:
        self.session.close()


@dataclass(frozen=True)
class Download:
    """What :meth:`HttpClient.download` got: a new body on disk, or ``not_modified``."""

    url: str
    status: int
    not_modified: bool
    etag: str | None
    last_modified: str | None
    bytes: int
    sha256: str | None


class _Retryable(Exception):
    def __init__(self, reason: str, status: int | None):
        self.reason, self.status = reason, status


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
