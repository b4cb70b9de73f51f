"""The Content-Security-Policy and X-Frame-Options of every kind of response.

And the templates and scripts that must keep to the policy: no inline script, style or
event handler."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import ROOT
from tests.factories import ReviewerFactory, published_claim

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only"
STRICT = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def directives(header: str) -> dict[str, set[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = set(values)
    return policy


@pytest.fixture
def claim():
    return published_claim()


def _site_urls(claim) -> dict[str, str]:
    return {
        "login": reverse("login"),
        "public list": reverse("annotations:public_claim_list"),
        "public claim (with JSON-LD)": reverse("annotations:public_claim_detail", args=[claim.pk]),
        "API JSON": reverse("api:claim-detail", args=[claim.pk]),
        "API JSON-LD": reverse("api:claim_claimreview", args=[claim.pk]),
        "API schema": reverse("api-schema"),
        "not found": "/no-such-page/",
    }


@pytest.mark.parametrize(
    "name",
    [
        "login",
        "public list",
        "public claim (with JSON-LD)",
        "API JSON",
        "API JSON-LD",
        "API schema",
        "not found",
    ],
)
def test_every_response_carries_the_strict_policy_and_refuses_framing(client, claim, name):
    response = client.get(_site_urls(claim)[name])
    assert directives(response[CSP]) == STRICT
    assert not response.has_header(CSP_REPORT_ONLY)
    assert response["X-Frame-Options"] == "DENY"


def test_the_workspace_pages_carry_the_strict_policy(client, claim):
    client.force_login(ReviewerFactory())
    for url in (reverse("annotations:article_list"), claim.article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert directives(response[CSP]) == STRICT, url


def test_no_inline_script_or_style_is_allowed_on_the_site(client, claim):
    policy = directives(client.get(_site_urls(claim)["public list"])[CSP])
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert not any(name.endswith("-attr") or name.endswith("-elem") for name in policy)


def test_the_public_claim_page_embeds_its_json_ld_as_a_data_block_without_a_nonce(client, claim):
    response = client.get(reverse("annotations:public_claim_detail", args=[claim.pk]))
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    assert json.loads(block.group(1))["@type"] == "ClaimReview"
    assert "nonce" not in response[CSP]


def test_htmx_is_told_not_to_inject_its_indicator_style(client, claim):
    html = client.get(reverse("annotations:public_claim_list")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    assert json.loads(config.group(1))["includeIndicatorStyles"] is False
    assert html.index('name="htmx-config"') < html.index("htmx-2.min.js")


# --- The templates keep to the policy ---------------------------------------------------

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# A <script> element without src that is not a data block, a <style> element, a style
# attribute, an on…= event handler attribute, a javascript: URL.
INLINE = {
    "inline script": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*\btype=[\"']application/(?:ld\+)?json[\"'])[^>]*>",
        re.I,
    ),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_event_handler(template):
    text = template.read_text(encoding="utf-8")
    found = {name for name, pattern in INLINE.items() if pattern.search(text)}
    assert not found, f"{template.relative_to(ROOT)}: {sorted(found)}"


def test_no_script_of_the_app_sets_an_inline_style_or_evaluates_text():
    # Styles set through the CSSOM (element.style.color = …) are allowed; a style
    # attribute written as text is not.
    for script in (ROOT / "annotations" / "static").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        for forbidden in (
            'setAttribute("style"',
            "setAttribute('style'",
            "eval(",
            "new Function",
        ):
            assert forbidden not in text, (script.name, forbidden)


# --- The API's HTML pages: each loosened for what it needs, nothing else ----------------


def _loosening(response) -> dict[str, set[str]]:
    policy = directives(response[CSP])
    return {
        name: values - STRICT.get(name, set())
        for name, values in policy.items()
        if values - STRICT.get(name, set())
    }


def test_swagger_ui_runs_its_script_from_a_file_and_may_show_data_images(client):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert not INLINE["inline script"].search(html)
    assert not INLINE["style element"].search(html)
    assert _loosening(response) == {"img-src": {"'self'", "data:"}}
    script_url = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html).group(1)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_redoc_may_use_inline_styles_a_blob_worker_and_data_images_but_no_inline_script(client):
    response = client.get(reverse("api-redoc"))
    html = response.content.decode()
    assert not INLINE["inline script"].search(html)
    assert not INLINE["style element"].search(html)
    assert _loosening(response) == {
        "img-src": {"'self'", "data:"},
        "style-src": {"'unsafe-inline'"},
        "worker-src": {"blob:"},
    }
    assert "'unsafe-inline'" not in directives(response[CSP])["script-src"]


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_browsable_api_may_use_style_attributes_only(client, claim, logged_in):
    if logged_in:
        client.force_login(ReviewerFactory())
    response = client.get(
        reverse("api:claim-detail", args=[claim.pk]), headers={"Accept": "text/html"}
    )
    assert response["Content-Type"].startswith("text/html")
    assert _loosening(response) == {"style-src-attr": {"'unsafe-inline'"}}
    html = response.content.decode()
    assert not INLINE["style element"].search(html)
    assert not INLINE["inline script"].search(html)


def test_json_of_the_api_gets_the_strict_policy_even_from_a_browsable_capable_view(claim):
    response = APIClient().get(reverse("api:claim-list"), headers={"Accept": "application/json"})
    assert directives(response[CSP]) == STRICT


# --- Enforced in production, report-only in development ---------------------------------


def _policy_settings(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "SECRET_KEY": "a-test-key",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "enforced"),
    [
        ({"DEBUG": "false"}, True),
        ({"DEBUG": "true"}, False),
        ({"DEBUG": "true", "CSP_REPORT_ONLY": "false"}, True),
        ({"DEBUG": "false", "CSP_REPORT_ONLY": "true"}, False),
    ],
)
def test_the_policy_is_enforced_unless_debug_or_csp_report_only_says_otherwise(env, enforced):
    result = _policy_settings(**env)
    assert result.returncode == 0, result.stderr
    policy, report_only = json.loads(result.stdout)
    if enforced:
        assert report_only is None
        assert {k: set(v) for k, v in policy["DIRECTIVES"].items()} == STRICT
    else:
        assert policy is None
        # frame-ancestors is ignored by browsers in a report-only policy.
        expected = {k: v for k, v in STRICT.items() if k != "frame-ancestors"}
        assert {k: set(v) for k, v in report_only["DIRECTIVES"].items()} == expected


def test_a_bad_csp_report_only_value_stops_the_start_up():
    result = _policy_settings(CSP_REPORT_ONLY="sometimes")
    assert result.returncode != 0
    assert "CSP_REPORT_ONLY must be a boolean" in result.stderr


def test_in_report_only_mode_the_header_is_the_report_only_one(client, settings, claim):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get(reverse("annotations:public_claim_list"))
    assert not response.has_header(CSP)
    assert directives(response[CSP_REPORT_ONLY]) == STRICT
    redoc = client.get(reverse("api-redoc"))
    assert "'unsafe-inline'" in directives(redoc[CSP_REPORT_ONLY])["style-src"]


def test_the_test_run_enforces_the_policy():
    assert settings.CONTENT_SECURITY_POLICY is not None
    assert settings.CONTENT_SECURITY_POLICY_REPORT_ONLY is None


# --- The site's policy, built once -------------------------------------------------------


def _both_middlewares(request_factory, path="/api/v1/claims/"):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from annotations.api.documentation import ContentSecurityPolicyMiddleware

    ours = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("{}"))
    theirs = CSPMiddleware(lambda request: HttpResponse("{}"))
    return ours(request_factory.get(path)), theirs(request_factory.get(path))


@pytest.mark.parametrize("report_only", [False, True])
def test_the_policy_built_once_is_django_csps_own(rf, settings, report_only):
    directives_ = {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}
    if report_only:
        del settings.CONTENT_SECURITY_POLICY
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": directives_}
    else:
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives_}
    ours, theirs = _both_middlewares(rf)
    for header in (CSP, CSP_REPORT_ONLY):
        assert ours.get(header) == theirs.get(header), header
    assert ours.get(CSP_REPORT_ONLY if report_only else CSP)


def test_a_change_of_the_settings_is_seen_and_excluded_prefixes_kept(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    first, _ = _both_middlewares(rf)
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'none'"]},
        "EXCLUDE_URL_PREFIXES": ["/api/"],
    }
    excluded, theirs = _both_middlewares(rf)
    kept, _ = _both_middlewares(rf, "/fact-checks/")
    assert first[CSP] == "default-src 'self'"
    assert CSP not in excluded and CSP not in theirs
    assert kept[CSP] == "default-src 'none'"
