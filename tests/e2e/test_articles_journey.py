import pytest
from playwright.sync_api import expect

from annotations import importing, services
from annotations.models import Article
from tests.conftest import SAMPLE_ARTICLE
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, ReviewerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _import_sample():
    from zoneinfo import ZoneInfo

    parsed = importing.parse_upload(
        SAMPLE_ARTICLE.read_bytes(),
        filename=SAMPLE_ARTICLE.name,
        default_timezone=ZoneInfo("Europe/Paris"),
        max_bytes=5_000_000,
    )
    return services.article_import(parsed=parsed, import_format="text").article


def test_anonymous_visitor_is_asked_to_log_in(page):
    page.goto("/articles/")
    expect(page).to_have_url("/accounts/login/?next=/articles/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_wrong_password_is_refused_and_the_username_is_kept(page):
    ReviewerFactory(username="camille")
    log_in(page, "camille", "not the password")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username")
    expect(page.get_by_label("Username")).to_have_value("camille")


def test_reviewer_logs_in_and_reads_the_sample_article_sentence_by_sentence(page):
    ReviewerFactory(username="camille")
    article = _import_sample()
    log_in(page, "camille", PASSWORD)
    # A reviewer's start is "My claims"; the articles are one click away.
    expect(page.get_by_role("heading", name="My claims")).to_be_visible()
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Articles"
    ).click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    sentences = page.locator(".paragraph .sentence")
    expect(sentences).to_have_count(article.sentences.filter(is_headline=False).count())
    expect(sentences.first).to_have_text(
        "Ces derniers jours, la scène politique mondiale connaît une montée des tensions "
        "concernant l’avenir de l’Ukraine et le niveau de soutien militaire que plusieurs "
        "pays sont prêts à apporter."
    )
    expect(page.get_by_text("Chas Pravdy")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()


def test_reviewer_imports_pasted_text_with_the_keyboard_only(page):
    ReviewerFactory(username="camille")
    log_in(page, "camille", PASSWORD)
    page.get_by_role("link", name="Import an article").first.click()
    page.get_by_label("Or paste the text").fill(
        "Le Sénat a adopté la réforme mardi soir. M. Dupont a voté contre.\n\n"
        "Le texte revient à l’Assemblée le 12 mars."
    )
    page.get_by_label("Title").fill("Retraites : le Sénat adopte la réforme")
    page.get_by_label("Title").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("4 sentences")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Retraites : le Sénat adopte la réforme"
    )
    expect(page.locator(".paragraph .sentence").nth(1)).to_have_text("M. Dupont a voté contre.")
    assert Article.objects.get().imported_by.username == "camille"


def test_failed_import_shows_the_reason_and_keeps_the_typed_text(page):
    ReviewerFactory(username="camille")
    log_in(page, "camille", PASSWORD)
    page.goto("/articles/import/")
    page.get_by_label("Publisher").fill("Ouest Matin")
    page.get_by_label("Source URL").fill("javascript:alert(1)")
    page.get_by_label("Title").fill("Un titre")
    page.get_by_label("Or paste the text").fill("Une phrase.")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("not imported")
    expect(page.get_by_label("Publisher")).to_have_value("Ouest Matin")
    expect(page.get_by_label("Or paste the text")).to_have_value("Une phrase.")
    assert Article.objects.count() == 0
