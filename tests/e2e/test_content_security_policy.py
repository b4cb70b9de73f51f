"""The pages under the enforced Content-Security-Policy, in a real Chromium.

Every browser test fails on a policy violation (``csp_violations`` in conftest.py);
these check that the watch works, that the live server enforces the policy, and that
the pages no journey visits (the public claim with its JSON-LD, the API's
documentation and browsable pages) keep to it.
"""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, ReviewerFactory, published_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The Redocly logo that ReDoc fetches from its CDN: refused, as every request to another
# site (annotations/api/documentation.py).
REDOC_LOGO = "https://cdn.redoc.ly/"


def test_the_live_server_enforces_the_policy(page):
    response = page.goto("/fact-checks/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "content-security-policy-report-only" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


def test_an_inline_script_and_an_inline_style_are_refused_and_recorded(page, csp_violations):
    page.goto("/fact-checks/")
    ran = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineScriptRan = true;";
          document.body.appendChild(script);
          const style = document.createElement("style");
          style.textContent = "body { color: rgb(255, 0, 0); }";
          document.head.appendChild(style);
          return window.inlineScriptRan === true;
        }"""
    )
    assert ran is False
    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    page.wait_for_function("() => true")  # let the console messages arrive
    assert any("script-src" in v for v in csp_violations), csp_violations
    assert any("style-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # provoked on purpose: the teardown must not fail this test


def test_the_public_claim_page_and_its_json_ld_keep_to_the_policy(page):
    claim = published_claim()
    page.goto(f"/fact-checks/{claim.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.text)
    data = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(data)["@type"] == "ClaimReview"


def test_swagger_ui_draws_the_api_under_the_policy(page):
    published_claim()
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Factcheck API")).to_be_visible()
    page.locator(".opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")


def test_redoc_draws_the_api_and_searches_it_under_the_policy(page, csp_violations):
    csp_violations.expected.append(REDOC_LOGO)
    page.goto("/api/redoc/")
    expect(page.get_by_role("heading", name="Factcheck API")).to_be_visible()
    page.get_by_placeholder("Search...").fill("ClaimReview")
    search = page.get_by_role("search")
    expect(search.get_by_role("menuitem").first).to_contain_text("ClaimReview")
    refused = [v for v in csp_violations if REDOC_LOGO in v]
    assert all("img-src" in v for v in refused), refused


def test_the_browsable_api_keeps_to_its_policy_for_a_logged_in_user(page):
    claim = published_claim()
    ReviewerFactory(username="camille")
    log_in(page, "camille", PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    response = page.goto(f"/api/v1/claims/{claim.pk}/")
    assert response.headers["cache-control"] == "private, no-store"
    expect(page.get_by_role("heading", name="Claim Detail")).to_be_visible()
    expect(page.get_by_text("camille").first).to_be_visible()
