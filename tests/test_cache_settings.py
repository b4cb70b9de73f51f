"""CACHE_URL: Redis, the database's cache table by default, or one process's memory."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.settings import CACHE_TABLE, cache_from_url


def test_without_cache_url_the_cache_is_the_databases_table():
    config = cache_from_url("")
    assert config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert config["LOCATION"] == CACHE_TABLE
    # Culling a full table erases a third of it: far above the clients of a minute.
    assert config["OPTIONS"]["MAX_ENTRIES"] >= 100_000


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/1", "rediss://cache.example.org:6380/0"])
def test_a_redis_url_selects_djangos_redis_cache_with_its_fallback(url):
    assert cache_from_url(url) == {
        "BACKEND": "factcheck.caches.FallbackRedisCache",
        "LOCATION": url,
    }


def test_locmem_is_a_cache_in_each_process():
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "127.0.0.1:6379", "redis"])
def test_any_other_cache_url_is_refused_at_start_up(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start with"):
        cache_from_url(url)
