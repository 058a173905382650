"""Client addresses behind trusted proxies, one bucket for both ways of asking, limits in Redis."""

from __future__ import annotations

import os
import secrets

import pytest

from portal import create_app
from portal.state import state
from tests.conftest import open_app


def _ask(client, address: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/api/v1/ask", json={"question": "what is an OTA recall?", "lang": "en"},
                       headers=headers, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def limited(small_instance, database_url):
    def make(**overrides):
        settings = {"ASK_RATE_LIMIT": "2 per minute", "RATELIMIT_STORAGE_URI": "memory://", **overrides}
        return open_app(small_instance, database_url, **settings)
    apps = []
    yield lambda **overrides: apps.append(make(**overrides)) or apps[-1]
    for app in apps:
        state(app).close()


def test_without_trusted_proxies_the_forwarded_header_is_ignored(limited):
    client = limited().test_client()
    assert _ask(client, "10.0.0.1", "198.51.100.1").status_code == 200
    assert _ask(client, "10.0.0.1", "198.51.100.2").status_code == 200
    # Both "clients" were the balancer's address: a forged header buys no new allowance.
    assert _ask(client, "10.0.0.1", "198.51.100.3").status_code == 429


def test_behind_one_trusted_proxy_clients_are_told_apart(limited):
    client = limited(TRUSTED_PROXY_HOPS=1).test_client()
    for _ in range(2):
        assert _ask(client, "10.0.0.1", "198.51.100.1").status_code == 200
    assert _ask(client, "10.0.0.1", "198.51.100.1").status_code == 429
    assert _ask(client, "10.0.0.1", "198.51.100.2").status_code == 200
    # Only the hop the proxy appended counts: a value the client put in front is not believed.
    assert _ask(client, "10.0.0.1", "203.0.113.9, 198.51.100.1").status_code == 429


def test_the_form_and_the_api_share_one_bucket(limited):
    client = limited(WTF_CSRF_ENABLED=False).test_client()
    assert _ask(client, "10.0.0.5").status_code == 200
    form = client.post("/ask", data={"question": "what is an OTA recall?"}, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert form.status_code == 200
    assert _ask(client, "10.0.0.5").status_code == 429


def test_a_bad_proxy_hop_count_is_refused(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "two")
    with pytest.raises(ValueError, match="TRUSTED_PROXY_HOPS"):
        create_app()


def _redis_url() -> str:
    from tests.support.requirements import unavailable

    url = os.environ.get("REDIS_URL")
    if not url:
        unavailable("REDIS_URL is not set; export redis://127.0.0.1:6379/<db>")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} is unusable: {exc}")
    return url


@pytest.mark.redis
def test_limits_are_shared_between_nodes_through_redis(limited):
    url = _redis_url()
    prefix = f"test-{secrets.token_hex(4)}"
    node_a = limited(RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix).test_client()
    node_b = limited(RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix).test_client()
    assert _ask(node_a, "10.0.0.9").status_code == 200
    assert _ask(node_b, "10.0.0.9").status_code == 200
    assert _ask(node_a, "10.0.0.9").status_code == 429
    assert _ask(node_b, "10.0.0.9").status_code == 429
