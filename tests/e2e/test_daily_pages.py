"""The pages of the newsroom's day in a real browser: the error pages, where ``/`` leads,
"My claims", and the header at a laptop's width (1366 px), in English and in French.

Every page visited is checked by axe-core (its copy bundled in axe-playwright-python: no
download) and watched for Content-Security-Policy violations (conftest.py).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    ready_claim,
    submitted_claim,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The site's URLs plus views that fail on purpose (/fails/broken/ raises).
    pytest.mark.urls("tests.views.test_errors"),
]

LAPTOP = {"width": 1366, "height": 768}
AXE = Axe()


def assert_accessible(page):
    """No axe-core violation on the page as it is now."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}:\n{results.generate_snapshot()}"


def logged_in(open_page, user, language="en"):
    page = open_page("en")  # the login form's labels, in English
    log_in(page, user.username, PASSWORD)
    root = re.match(r"^https?://[^/]+/", page.url).group(0)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": root}]
    )
    return page


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


# --- Error pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", {404: "Page not found", 403: "Access refused", 500: "Server error"}),
        ("fr", {404: "Page introuvable", 403: "Accès refusé", 500: "Erreur du serveur"}),
    ],
)
def test_the_error_pages_are_the_sites_own_with_a_way_on(open_page, language, words):
    page = open_page(language)

    response = page.goto("/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(words[404])
    assert_accessible(page)
    page.locator(".ways-on a").last.click()  # the published fact-checks
    expect(page).to_have_url(re.compile(r"/fact-checks/$"))

    response = page.goto("/fails/refused/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(words[403])
    assert_accessible(page)
    page.locator(".ways-on a").first.click()  # log in, and come back
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Ffails%2Frefused%2F$"))

    response = page.goto("/fails/broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text(words[500])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "This form has expired"), ("fr", "Ce formulaire a expiré")]
)
def test_a_form_left_open_across_a_new_login_gets_the_expired_form_page(
    open_page, language, heading
):
    reviewer = ReviewerFactory()
    page = logged_in(open_page, reviewer, language)
    page.goto("/articles/import/")
    # Logging out and in again in another tab gives the session a new CSRF token.
    other = page.context.new_page()
    other.goto("/")
    other.locator("form[action='/accounts/logout/'] button").click()
    other.goto("/accounts/login/")
    other.locator("input[name=username]").fill(reviewer.username)
    other.locator("input[name=password]").fill(PASSWORD)
    other.locator("form button[type=submit]").last.click()
    expect(other.locator("form[action='/accounts/logout/']")).to_be_visible()
    other.close()

    page.locator("textarea").first.fill("Une phrase.")
    page.locator("form.stacked-form button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    page.locator(".ways-on a").first.click()  # back to the form
    expect(page).to_have_url(re.compile(r"/articles/import/$"))


# --- / and My claims -------------------------------------------------------------------------


def test_home_leads_a_visitor_to_the_fact_checks_and_staff_to_their_workspace(open_page):
    visitor = open_page()
    visitor.goto("/")
    expect(visitor).to_have_url(re.compile(r"/fact-checks/$"))
    assert_accessible(visitor)

    no_role = logged_in(open_page, UserFactory())
    no_role.goto("/")
    expect(no_role).to_have_url(re.compile(r"/fact-checks/$"))

    reviewer = logged_in(open_page, ReviewerFactory())
    expect(reviewer).to_have_url(re.compile(r"/my/claims/$"))  # right after logging in
    reviewer.goto("/")
    expect(reviewer).to_have_url(re.compile(r"/my/claims/$"))

    moderator = logged_in(open_page, ModeratorFactory())
    expect(moderator).to_have_url(re.compile(r"/moderation/$"))
    moderator.goto("/")
    expect(moderator).to_have_url(re.compile(r"/moderation/$"))
    assert_accessible(moderator)


def test_a_claim_submitted_for_review_is_found_in_my_claims(open_page):
    reviewer = ReviewerFactory()
    claim = ready_claim(author=reviewer, text="Le budget augmente de 3,5 %.")
    page = logged_in(open_page, reviewer)

    page.goto(claim.get_absolute_url())
    page.get_by_role("button", name="Submit for review").click()
    in_review = f".badge.status-{Claim.Status.IN_REVIEW}"
    expect(page.locator(in_review).first).to_be_visible()

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My claims"
    ).click()
    row = page.locator("table.my-claims tbody tr").filter(has_text="Le budget augmente")
    expect(row.locator(in_review)).to_have_text("In review")
    assert_accessible(page)

    page.get_by_label("In review (1)").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.my-claims tbody tr")).to_have_count(1)
    assert f"state={Claim.Status.IN_REVIEW}" in page.url


# --- The header at 1366 px -------------------------------------------------------------------


def header_rows(page) -> dict:
    """The header's layout: the top of each of its parts and of every link of the nav, and
    the heights of the nav and of one link."""
    return page.evaluate(
        """() => {
            const header = document.querySelector('.site-header');
            const nav = header.querySelector('nav');
            const tops = el => Math.round(el.getBoundingClientRect().top);
            return {
                parts: [...header.children].map(tops),
                links: [...nav.querySelectorAll(':scope > a')].map(tops),
                navHeight: nav.getBoundingClientRect().height,
                linkHeight: nav.querySelector('a').getBoundingClientRect().height,
                overflow: document.documentElement.scrollWidth > window.innerWidth,
            };
        }"""
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_moderators_header_stays_on_one_row_at_1366_pixels(open_page, language):
    moderator = ModeratorFactory(username="moderatrice.principale", is_staff=True)
    # Claims waiting, and an unread notification: the widest header a moderator gets.
    for _ in range(12):
        submitted_claim()
    own = submitted_claim(author=moderator, article=ArticleFactory())
    services.claim_approve(claim=own, moderator=ModeratorFactory())
    page = logged_in(open_page, moderator, language)
    page.set_viewport_size(LAPTOP)

    page.goto("/moderation/")

    nav = page.locator(".site-header nav")
    expect(nav.locator(".badge.count")).to_contain_text("12")
    expect(nav.locator(".badge.unread")).to_be_visible()
    layout = header_rows(page)
    assert len(set(layout["links"])) == 1, layout  # every link on one line
    assert max(layout["parts"]) - min(layout["parts"]) <= 4, layout  # nav and tools side by side
    assert layout["navHeight"] < 1.5 * layout["linkHeight"], layout
    assert not layout["overflow"], layout
    assert_accessible(page)


# --- The articles table ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_articles_table_gives_a_long_title_room_at_1366_pixels(open_page, language):
    title = (
        "Ukraine : plus de dix pays prêts à envoyer des troupes après un cessez-le-feu, "
        "selon les chefs d’état-major réunis à Paris"
    )
    ArticleFactory(title=title, publisher="Chas Pravdy", tags=["ukraine", "défense"])
    page = logged_in(open_page, ModeratorFactory(), language)
    page.set_viewport_size(LAPTOP)

    page.goto("/articles/")

    cell = page.locator("table.article-list td.col-title").first
    expect(cell).to_contain_text("Ukraine")
    lines = cell.evaluate(
        "td => Math.round(td.querySelector('a').getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(td).lineHeight))"
    )
    assert lines <= 3, lines
    # Every column fits: the table needs no sideways scrolling at this width.
    assert page.evaluate(
        "() => { const box = document.querySelector('.table-scroll');"
        " return box.scrollWidth <= box.clientWidth; }"
    )
    assert_accessible(page)
