"""The OpenAPI schema is the contract: schemathesis generates requests from it and
checks that every response conforms (no server error, documented status codes,
content types and bodies that match the schema)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from factcheck.wsgi import application
from tests.factories import ArticleFactory, ClaimFactory, pending_correction, published_claim

# Loaded from the app itself (in-process WSGI): no server, no network.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def claims_in_every_state(db):
    """Claims in every public state, and a draft that must stay hidden.

    The requests go through the real WSGI handler, which closes the database
    connection when a request ends; inside a test transaction that would close the
    test's own connection, so (as Django's test client does) the hook is detached.
    """
    published_claim()
    corrected = published_claim()
    pending_correction(corrected, submit=False)
    ClaimFactory(article=ArticleFactory())
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("claims_in_every_state")
@schema.include(method="GET").parametrize()
@hypothesis_settings(
    # Random on developers' machines (to keep finding new cases), reproducible in CI.
    derandomize=bool(os.environ.get("CI")),
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_api_responses_conform_to_the_schema(case):
    cache.clear()  # throttling counts every request; the fuzzer makes many
    # Every response check: no server error, documented status codes, content types,
    # headers and bodies. Not the two strict input checks: like most DRF APIs this one
    # ignores an unknown or ill-typed optional parameter (page_size=abc) and answers
    # with the defaults rather than a 400.
    case.call_and_validate(
        excluded_checks=[checks.negative_data_rejection, checks.positive_data_acceptance]
    )


@pytest.fixture
def reviewer_token(claims_in_every_state):
    """A reviewer's API token: the write operations are fuzzed as an integration would
    call them (and the claims above give them ids to hit)."""
    from knox.models import AuthToken

    from tests.factories import ReviewerFactory

    _instance, token = AuthToken.objects.create(ReviewerFactory())
    return token


@schema.exclude(method="GET").parametrize()
@hypothesis_settings(
    derandomize=bool(os.environ.get("CI")),
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_write_api_responses_conform_to_the_schema(case, reviewer_token):
    cache.clear()
    case.call_and_validate(
        headers={"Authorization": f"Token {reviewer_token}"},
        excluded_checks=[
            checks.negative_data_rejection,
            checks.positive_data_acceptance,
            # A missing If-Match is answered 428 Precondition Required (RFC 6585), which
            # this check does not count among the refusals it expects.
            checks.missing_required_header,
        ],
    )
