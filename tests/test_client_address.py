"""The API's throttles and the login lockout tell clients apart by the same address.

DRF reads it with NUM_PROXIES, django-axes with django-ipware: the settings give both from
BEHIND_PROXY and PROXY_COUNT (``client_address_settings``), and these cases hold them to
the same answer, spoofed X-Forwarded-For included.
"""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from rest_framework.throttling import BaseThrottle

from factcheck.settings import client_address_settings

CLIENT = "203.0.113.5"
PROXY, EDGE = "10.0.0.2", "198.51.100.20"

CASES = [
    # (behind a proxy, how many, REMOTE_ADDR, X-Forwarded-For or None)
    pytest.param(False, 1, CLIENT, None, id="direct"),
    pytest.param(False, 1, CLIENT, "192.0.2.66", id="direct, made-up header ignored"),
    pytest.param(True, 1, PROXY, CLIENT, id="one proxy"),
    pytest.param(True, 1, PROXY, f"192.0.2.66, {CLIENT}", id="one proxy, made-up address"),
    pytest.param(True, 2, PROXY, f"{CLIENT}, {EDGE}", id="two proxies"),
    pytest.param(True, 2, PROXY, f"192.0.2.66, {CLIENT}, {EDGE}", id="two, made-up address"),
]


@pytest.mark.parametrize(("behind_proxy", "count", "remote_addr", "forwarded_for"), CASES)
def test_throttles_and_lockout_read_the_same_client_address(
    settings, behind_proxy, count, remote_addr, forwarded_for
):
    chosen = client_address_settings(behind_proxy=behind_proxy, proxy_count=count)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": chosen["NUM_PROXIES"]}
    settings.AXES_IPWARE_PROXY_COUNT = chosen["AXES_IPWARE_PROXY_COUNT"]
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = chosen["AXES_IPWARE_META_PRECEDENCE_ORDER"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote_addr, **headers)
    assert BaseThrottle().get_ident(request) == CLIENT
    assert get_client_ip_address(request) == CLIENT
