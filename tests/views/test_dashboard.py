"""The team dashboard and its CSV: who may see them, the figures they show (the same in
both), their query counts (constant in the number of claims), and French."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import services
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

URL = reverse("annotations:dashboard")
CSV_URL = reverse("annotations:dashboard_csv")


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def team_history(count: int, moderator) -> None:
    """``count`` claims published, ``count`` sent back, ``count`` waiting."""
    author = ReviewerFactory()
    article = ArticleFactory(paragraphs=["Une phrase. Une autre. Encore une. La dernière."])
    for i in range(count):
        published_claim(article=article, author=author, moderator=moderator, sentence=1 + i % 4)
        sent = submitted_claim(article=article, author=author, sentence=1 + i % 4)
        services.claim_request_changes(claim=sent, moderator=moderator, comment="Source ?")
        submitted_claim(article=article, author=author, sentence=1 + i % 4)


@pytest.mark.parametrize(
    ("who", "status"),
    [("reviewer", 403), ("no_role", 403), ("moderator", 200), ("staff", 200), ("admin", 200)],
)
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_the_dashboard_is_for_moderators_and_staff(client, admin_user, who, status, url):
    users = {
        "reviewer": ReviewerFactory,
        "no_role": UserFactory,
        "moderator": ModeratorFactory,
        "staff": lambda: UserFactory(is_staff=True),
        "admin": lambda: admin_user,
    }
    client.force_login(users[who]())
    assert client.get(url).status_code == status


def test_an_anonymous_visitor_is_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_header_links_the_dashboard_for_moderators_only(client, moderator, reviewer):
    client.force_login(moderator)
    assert f'href="{URL}"' in client.get(reverse("annotations:public_claim_list")).content.decode()
    client.force_login(reviewer)
    assert f'href="{URL}"' not in client.get(reverse("annotations:my_claims")).content.decode()


def test_the_page_shows_the_figures_with_accessible_charts(client, moderator):
    team_history(2, moderator)
    client.force_login(moderator)
    content = client.get(URL).content.decode()
    # Charts: images with a title and a description, and a text legend.
    assert content.count('role="img"') == 4
    for chart in ("claims-by-state", "throughput", "decision-time", "sent-back"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in content
    assert '<ul class="chart-legend"' in content
    assert "<script" not in content.split("<main", 1)[1]
    # The figures: 2 approved, 2 sent back out of 4 decisions; 2 waiting.
    assert "50.0 % of the decisions sent back (2 of 4)." in content
    assert re.search(r"In the period: 6 submitted, 2 approved, 2 sent back.", content)
    assert content.count('class="waiting-list"') == 1
    assert len(re.findall(r"<li><a href=\"/claims/\d+/\">", content)) == 2


def test_the_period_can_be_chosen_and_an_unknown_one_is_the_default(client, moderator):
    client.force_login(moderator)
    assert client.get(URL, {"weeks": "26"}).context["weeks"] == 26
    assert client.get(URL, {"weeks": "1000"}).context["weeks"] == 12
    assert client.get(URL, {"weeks": "x"}).context["weeks"] == 12
    assert len(client.get(URL, {"weeks": "52"}).context["board"].weeks) == 52


def test_the_csv_has_the_pages_numbers(client, moderator):
    team_history(2, moderator)
    client.force_login(moderator)
    page = client.get(URL, {"weeks": "26"}).context
    response = client.get(CSV_URL, {"weeks": "26"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="factcheck-dashboard-26-weeks-{today}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["section", "date", "item", "value"]
    figures = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    board = page["board"]
    assert figures[("period", board.since.date().isoformat(), "weeks")] == "26"
    assert figures[("state", "", "published")] == "2"
    assert figures[("state", "", "in_review")] == "2"
    assert figures[("state", "", "changes_requested")] == "2"
    assert figures[("sent_back", "", "decided")] == "4"
    assert figures[("sent_back", "", "sent_back")] == "2"
    assert figures[("sent_back", "", "rate_percent")] == "50.0"
    assert figures[("decision_time", "", "decisions")] == "4"
    assert figures[("decision_time", "", "median_hours")] == str(page["median_hours"])
    this_week = board.weeks[-1].start.isoformat()
    assert figures[("week", this_week, "submitted")] == "6"
    assert figures[("week", this_week, "approved")] == "2"
    assert len([r for r in rows if r[0] == "week"]) == 26 * 3
    waiting = [r for r in rows if r[0] == "waiting"]
    assert [int(r[2]) for r in waiting] == [item["review"].claim_id for item in page["waiting"]]
    assert [r[3] for r in waiting] == ["0.0", "0.0"]


def test_an_empty_period_is_told_and_its_csv_has_empty_cells(client, moderator):
    client.force_login(moderator)
    content = client.get(URL).content.decode()
    assert "No decision in this period." in content
    assert "No claim waiting for a moderator." in content
    figures = {(r[0], r[2]): r[3] for r in csv_rows(client.get(CSV_URL))[1:]}
    assert figures[("decision_time", "median_hours")] == ""
    assert figures[("sent_back", "rate_percent")] == ""


# Session, user, roles; the figures: claims by state, the weeks, the two percentiles'
# ranks, the claims waiting longest; the header's counts (claims waiting, unread).
DASHBOARD_QUERIES = 9
# The same figures, without the header's counts.
CSV_QUERIES = 7


def test_the_dashboard_and_its_csv_take_a_fixed_number_of_queries(
    client, moderator, django_assert_num_queries
):
    client.force_login(moderator)
    team_history(1, moderator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(URL)
    with django_assert_num_queries(CSV_QUERIES):
        client.get(CSV_URL)
    team_history(12, moderator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(URL, {"weeks": "52"})
    assert response.context["board"].decided == 26
    with django_assert_num_queries(CSV_QUERIES):
        client.get(CSV_URL, {"weeks": "52"})


def test_the_dashboard_in_french_with_french_typography(client, moderator):
    team_history(1, moderator)
    client.force_login(moderator)
    content = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tableau de bord de l’équipe" in content
    assert "Temps entre la soumission et la décision" in content
    assert "50,0\u202f% des décisions renvoyées (1 sur 2)." in content
    assert "Télécharger ces chiffres (CSV)" in content
    # The charts' coordinates are never localized ("12,5" would be two numbers in SVG).
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|height)="-?\d+,\d', content)
    assert "<title>Publié\u00a0: 1</title>" in content


def test_a_period_can_end_on_a_past_day(client, moderator):
    client.force_login(moderator)
    response = client.get(URL, {"weeks": "12", "until": "2025-03-05"})
    board = response.context["board"]
    assert board.weeks[-1].start.isoformat() == "2025-03-03"  # that Wednesday's Monday
    assert board.weeks[0].start.isoformat() == "2024-12-16"
    csv_response = client.get(CSV_URL, {"weeks": "12", "until": "2025-03-05"})
    assert "factcheck-dashboard-12-weeks-2025-03-05.csv" in csv_response["Content-Disposition"]
    assert 'href="/dashboard.csv?weeks=12&amp;until=2025-03-05"' in response.content.decode()
    # Unreadable, today or later: up to today.
    for until in ("soon", "2999-01-01"):
        assert client.get(URL, {"until": until}).context["until"] is None
