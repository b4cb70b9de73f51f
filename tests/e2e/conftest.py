"""Real Chromium, driven by Playwright, against pytest-django's live server.

Playwright drives the system's Chromium (``/usr/bin/chromium``, or CHROMIUM_PATH):
the project never downloads a browser. Without one, these tests are skipped on a
developer's machine and fail in CI (CI=true), where nothing may be skipped.

The live server enforces the Content-Security-Policy (pyproject.toml sets
CSP_REPORT_ONLY=false for the test run). Every browser context opened through
``new_context`` (the ``page`` fixture's too) records what the browser says about the
policy, in its console or as a page error, and a test during which anything was
recorded fails at teardown.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import missing

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls
# (making fixtures) are still plain synchronous code, so Django's guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a closed network and a root user in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        missing(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# What Chromium says when the policy blocks something ("Refused to execute inline
# script because it violates the following Content Security Policy directive: …"), or
# that it would block it, in report-only mode ("[Report Only] Refused to …").
CSP_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Refused to")


def is_about_the_policy(text: str) -> bool:
    return any(marker in text for marker in CSP_MESSAGES)


class Violations(list):
    """What the browser said about the policy, in order. ``expected`` holds fragments of
    the messages a test expects (and then checks itself); any other fails the test."""

    def __init__(self):
        super().__init__()
        self.expected: list[str] = []

    def unexpected(self) -> list[str]:
        return [v for v in self if not any(fragment in v for fragment in self.expected)]


@pytest.fixture
def csp_violations():
    """The policy violations the browser reported during the test; an unexpected one
    fails the test at teardown (a test that provokes one on purpose clears the list)."""
    seen = Violations()
    yield seen
    if seen.unexpected():
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(seen.unexpected()))


def watch_the_policy(context, violations: Violations) -> None:
    """Record the policy's console messages and page errors of every page of ``context``."""

    def on_console(message):
        if is_about_the_policy(message.text):
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def on_error(web_error):
        text = str(web_error.error)
        if is_about_the_policy(text):
            page_url = web_error.page.url if web_error.page else "?"
            violations.append(f"{page_url}: {text}")

    context.on("console", on_console)
    context.on("weberror", on_error)


@pytest.fixture
def new_context(browser, live_server, csp_violations):
    """Opens a browser context (one person, their own cookies) on the live server,
    watched for policy violations; all are closed at the end of the test."""
    contexts = []

    def open_context():
        context = browser.new_context(base_url=live_server.url, locale="en-US")
        context.set_default_timeout(10_000)
        watch_the_policy(context, csp_violations)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(new_context, live_server):
    """A page in a browser context of its own, in ``language`` (the language cookie)."""

    def opener(language="en"):
        context = new_context()
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        return context.new_page()

    return opener


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
