"""Every page of the journeys, for each role that may see it, in French and in English:
no axe-core violation of impact serious or critical, and on a phone (390 px wide) no
horizontal scroll and the header (with its menu) in view.

One browser context per role and language, logged in once (a session cookie made on
the server, as ``force_login`` does: no login form per page). Each page is checked at a
laptop's width (axe) and then at a phone's (layout); every failure of the role and
language is listed at once.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from annotations import services
from tests.e2e.test_daily_pages import LAPTOP
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The site's URLs plus /fails/refused/ (a 403 whatever the role).
    pytest.mark.urls("tests.views.test_errors"),
]

PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}
# Two rows on a phone: the navigation, then the language, account menu and Log out.
PHONE_HEADER_MAX = 100
AXE = Axe()
ROLES = ("anonymous", "reviewer", "moderator")
LANGUAGES = ("en", "fr")


def make_world() -> dict:
    """A reviewer's draft, another's claim in review, a published claim with a correction
    (checked and approved by people with display names), a notification."""
    reviewer = ReviewerFactory(username="sweep-reviewer")
    moderator = ModeratorFactory(username="sweep-moderator")
    services.profile_update(user=reviewer, display_name="Jeanne Dupont", sign_as_team=False)
    services.profile_update(user=moderator, display_name="Marc Lenoir", sign_as_team=False)
    article = ArticleFactory(source_url="https://www.example.org/budget", author="Jo Martin")
    draft = ready_claim(article=article, author=reviewer, sentence=2)
    submitted_claim(article=article, sentence=3)
    public = published_claim(article=article, author=reviewer, moderator=moderator)
    pending_correction(public, author=reviewer, submit=True)
    services.claim_approve(claim=public, moderator=moderator)
    first = article.sentences.order_by("position").first()
    new_claim = (
        f"/articles/{article.pk}/claims/new/?start={first.start}&end={first.end}"
        f"&quote={article.body[first.start : first.end]}"
    )
    return {
        "users": {"reviewer": reviewer, "moderator": moderator},
        "public": [
            ("/fact-checks/", 200),
            (f"/fact-checks/{public.pk}/", 200),
            ("/no/such/page/", 404),
            ("/fails/refused/", 403),
        ],
        "anonymous": [("/accounts/login/", 200)],
        "workspace": [
            ("/my/claims/", 200),
            ("/articles/", 200),
            ("/articles/import/", 200),
            (f"/articles/{article.pk}/", 200),
            (new_claim, 200),
            (f"/claims/{draft.pk}/", 200),
            (f"/claims/{public.pk}/", 200),
            (f"/claims/{public.pk}/history/", 200),
            (f"/articles/{article.pk}/versions/", 200),
            (f"/articles/{article.pk}/versions/1/", 200),
            (f"/articles/{article.pk}/versions/new/", 200),
            ("/inbox/", 200),
            ("/account/", 200),
            ("/account/tokens/", 200),
            ("/accounts/password_change/", 200),
        ],
    }


def pages_for(role: str, world: dict) -> list[tuple[str, int]]:
    if role == "anonymous":
        return world["public"] + world["anonymous"]
    queue = ("/moderation/", 200 if role == "moderator" else 403)
    return world["public"] + world["workspace"] + [queue]


def open_context(browser, live_server, role: str, language: str, world: dict):
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP)
    context.set_default_timeout(10_000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if role != "anonymous":
        client = Client()
        client.force_login(world["users"][role])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    return context


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def phone_problems(page) -> list[str]:
    """At 390 px: the page does not scroll sideways, and the header is in view, its
    navigation and the account's tools reachable (inside the width)."""
    page.set_viewport_size(PHONE)
    try:
        layout = page.evaluate(
            """() => {
                const root = document.documentElement;
                const header = document.querySelector('header.site-header');
                const box = header ? header.getBoundingClientRect() : null;
                // The navigation may scroll sideways in its own row: its box must fit.
                const outside = [...document.querySelectorAll(
                    'header.site-header nav, header.site-header .header-tools > *')]
                    .filter(el => {
                        const r = el.getBoundingClientRect();
                        return r.width === 0 || r.right > root.clientWidth + 1 || r.left < -1;
                    })
                    .map(el => el.textContent.trim());
                const wide = [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1
                             && !el.closest('.table-scroll, header.site-header nav'))
                    .slice(0, 3)
                    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
                return {scroll: root.scrollWidth, client: root.clientWidth,
                        header: box && box.height > 0 && box.bottom > 0,
                        height: box ? box.height : 0, outside, wide};
            }"""
        )
    finally:
        page.set_viewport_size(LAPTOP)
    problems = []
    if layout["scroll"] > layout["client"]:
        problems.append(
            f"scrolls sideways ({layout['scroll']} > {layout['client']} px): {layout['wide']}"
        )
    if not layout["header"]:
        problems.append("no header in view")
    elif layout["height"] > PHONE_HEADER_MAX:
        problems.append(f"header {layout['height']:.0f} px tall: more than two rows")
    if layout["outside"]:
        problems.append(f"header items out of view: {layout['outside']}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible_and_fits_a_phone(browser, live_server, role, language):
    world = make_world()
    context = open_context(browser, live_server, role, language, world)
    page = context.new_page()
    failures = []
    try:
        for path, status in pages_for(role, world):
            response = page.goto(path)
            if response.status != status:
                failures.append(f"{path}: status {response.status}, expected {status}")
                continue
            lang = page.locator("html").get_attribute("lang")
            if lang != language:
                failures.append(f"{path}: html lang={lang!r}")
            failures += [f"{path}: {v}" for v in serious_violations(page)]
            failures += [f"{path}: {p}" for p in phone_problems(page)]
    finally:
        context.close()
    assert not failures, f"{role}, {language}:\n" + "\n".join(failures)
