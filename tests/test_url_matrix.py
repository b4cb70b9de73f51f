"""Every URL pattern of the project, requested by every role, gets the expected answer.

A new URL pattern fails ``test_every_url_pattern_is_in_the_matrix`` until it is added
to MATRIX with the status each role must get.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    AdminFactory,
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
)

# "reviewer" is the author of the objects the URLs name; "other_reviewer" is not.
ROLES = ("anonymous", "no_role", "reviewer", "other_reviewer", "moderator", "admin")
LOGIN = "login"  # expected "redirect to the login page"

# name: (method, {role: status}); LOGIN means a redirect to the login page.
WORKSPACE = {"anonymous": LOGIN, "no_role": 403, "reviewer": 200, "moderator": 200, "admin": 200}
LOGGED_IN = {"anonymous": LOGIN, "no_role": 200, "reviewer": 200, "moderator": 200, "admin": 200}
EVERYONE_REDIRECTED = dict.fromkeys(ROLES, 302)
EVERYONE_OK = dict.fromkeys(ROLES, 200)
API_WRITE = {"anonymous": 401, "no_role": 403}
# Editing a draft: only its author (a reviewer here); other roles, moderators included, 403.
MODERATORS_ONLY = {
    "anonymous": LOGIN,
    "no_role": 403,
    "reviewer": 403,
    "moderator": 200,
    "admin": 200,
}
AUTHOR_ONLY = {
    "anonymous": LOGIN,
    "no_role": 403,
    "reviewer": 200,
    "other_reviewer": 403,
    "moderator": 403,
    "admin": 403,
}
MATRIX = {
    "login": (
        "get",
        {"anonymous": 200, "no_role": 302, "reviewer": 302, "moderator": 302, "admin": 302},
    ),
    "logout": ("post", dict.fromkeys(ROLES, 200)),
    "password_change": ("get", LOGGED_IN),
    "password_change_done": ("get", LOGGED_IN),
    "set_language": ("post", EVERYONE_REDIRECTED),
    "annotations:home": ("get", EVERYONE_REDIRECTED),
    # Your public name: any logged-in user.
    "annotations:account": ("get", LOGGED_IN),
    "favicon": ("get", EVERYONE_REDIRECTED),
    "annotations:article_list": ("get", WORKSPACE),
    "annotations:article_import": ("get", WORKSPACE),
    "annotations:article_detail": ("get", WORKSPACE),
    "annotations:my_claims": ("get", WORKSPACE),
    # The former "My drafts": My claims, filtered.
    "annotations:my_drafts": (
        "get",
        {**WORKSPACE, "reviewer": 302, "moderator": 302, "admin": 302},
    ),
    # The claim belongs to "reviewer" (see url_objects): other roles see it but cannot edit it.
    "annotations:claim_detail": ("get", WORKSPACE),
    "annotations:claim_new": ("get", WORKSPACE),
    # Versions of the article's text (one version here) and a new one's import form.
    "annotations:article_versions": ("get", WORKSPACE),
    "annotations:article_version": ("get", WORKSPACE),
    "annotations:article_version_new": ("get", WORKSPACE),
    # The draft's passage is in the current text: nothing to confirm (409) for whoever
    # may confirm one (any reviewer, before publication).
    "annotations:claim_passage": (
        "get",
        {"anonymous": LOGIN, "no_role": 403, "reviewer": 409, "moderator": 409, "admin": 409},
    ),
    "annotations:claim_edit": ("post", AUTHOR_ONLY),
    "annotations:evidence_add": ("post", AUTHOR_ONLY),
    "annotations:verdict_set": ("post", AUTHOR_ONLY),
    "annotations:claim_submit": ("post", AUTHOR_ONLY),
    "annotations:evidence_edit": ("get", AUTHOR_ONLY),
    "annotations:evidence_delete": ("post", AUTHOR_ONLY),
    "annotations:verdict_preview": ("post", WORKSPACE),
    "annotations:claim_history": ("get", WORKSPACE),
    # "Already checked?": reviewers and moderators (the claim's own, or a claim being written).
    "annotations:claim_matches": ("get", WORKSPACE),
    "annotations:claim_new_matches": ("get", WORKSPACE),
    # "Same claim as" marks on the reviewer's draft: its author and moderators; an empty
    # form is refused with a message, back on the claim.
    "annotations:claim_same_mark": (
        "post",
        {**AUTHOR_ONLY, "moderator": 302, "admin": 302, "reviewer": 302},
    ),
    "annotations:claim_same_unmark": (
        "post",
        {**AUTHOR_ONLY, "moderator": 302, "admin": 302, "reviewer": 302},
    ),
    "annotations:inbox": ("get", WORKSPACE),
    "annotations:inbox_mark_read": (
        "post",
        {**WORKSPACE, "reviewer": 302, "moderator": 302, "admin": 302},
    ),
    # Moderation, on the reviewer's draft (nothing to decide): the gate is the role.
    "annotations:moderation_queue": ("get", MODERATORS_ONLY),
    # The team dashboard and its CSV: moderators and staff.
    "annotations:dashboard": ("get", MODERATORS_ONLY),
    "annotations:dashboard_csv": ("get", MODERATORS_ONLY),
    # Nothing to approve: told so and sent back to the queue.
    "annotations:claim_approve": ("post", {**MODERATORS_ONLY, "moderator": 302, "admin": 302}),
    # No comment given: the queue again, with the error.
    "annotations:claim_request_changes": (
        "post",
        {**MODERATORS_ONLY, "moderator": 400, "admin": 400},
    ),
    # No note given: the panel again, with the error.
    "annotations:claim_retract": ("post", MODERATORS_ONLY),
    # A draft cannot be corrected: 409 for everyone who may annotate.
    "annotations:correction_start": (
        "post",
        {"anonymous": LOGIN, "no_role": 403, "reviewer": 409, "moderator": 409, "admin": 409},
    ),
    # Blind double review. The second verdict asked for is open, on a claim of "reviewer":
    # its author may not see it (403); another reviewer may take it (its blind page);
    # moderators see its state. Taking, cancelling, choosing: a redirect with a message.
    "annotations:blind_queue": ("get", WORKSPACE),
    "annotations:blind_detail": ("get", {**WORKSPACE, "reviewer": 403, "other_reviewer": 200}),
    "annotations:blind_take": (
        "post",
        {**WORKSPACE, "reviewer": 302, "other_reviewer": 302, "moderator": 302, "admin": 302},
    ),
    "annotations:blind_cancel": ("post", {**MODERATORS_ONLY, "moderator": 302, "admin": 302}),
    "annotations:blind_choose_second": (
        "post",
        {**MODERATORS_ONLY, "moderator": 302, "admin": 302},
    ),
    # On the reviewer's draft: not in review, refused with a message.
    "annotations:blind_request": ("post", {**MODERATORS_ONLY, "moderator": 302, "admin": 302}),
    "annotations:agreement": ("get", MODERATORS_ONLY),
    "annotations:agreement_csv": ("get", MODERATORS_ONLY),
    # Public pages: no login (the detail is of a published claim).
    "annotations:public_claim_list": ("get", dict.fromkeys(ROLES, 200)),
    "annotations:public_claim_detail": ("get", dict.fromkeys(ROLES, 200)),
    # The public API and its documentation: no login.
    "api:claim-list": ("get", EVERYONE_OK),
    "api:claim-detail": ("get", EVERYONE_OK),
    "api:article-list": ("get", EVERYONE_OK),
    "api:article-detail": ("get", EVERYONE_OK),
    "api:article-version": ("get", EVERYONE_OK),
    "api:claim_claimreview": ("get", EVERYONE_OK),
    "api:claimreview_feed": ("get", EVERYONE_OK),
    "api:annotation_collection": ("get", EVERYONE_OK),
    "api:annotation_detail": ("get", EVERYONE_OK),
    "api-schema": ("get", EVERYONE_OK),
    "api-docs": ("get", EVERYONE_OK),
    "api-redoc": ("get", EVERYONE_OK),
    # Claim matching: no text given is a 400 for everyone (no login needed).
    "api:similar": ("get", dict.fromkeys(ROLES, 400)),
    "api:export_claims_csv": ("get", EVERYONE_OK),
    "api:export_claims_jsonl": ("get", EVERYONE_OK),
    # API tokens: one's own only (another's key, or an unknown one, is a 404).
    "annotations:token_list": ("get", LOGGED_IN | {"no_role": 403}),
    "annotations:token_revoke": (
        "post",
        WORKSPACE | {"reviewer": 404, "moderator": 404, "admin": 404},
    ),
    # The write API, on the reviewer's draft, with an empty body (token or session auth;
    # anonymous gets 401, not a login page).
    "api:claim-create": ("post", API_WRITE | {"reviewer": 400, "moderator": 400, "admin": 400}),
    # An empty body is refused (400) before authorship is checked; with a valid body a
    # non-author gets 403 (tests/api/test_write_api.py).
    "api:claim-evidence": ("post", API_WRITE | {"reviewer": 400, "moderator": 400, "admin": 400}),
    "api:claim-verdict": ("put", API_WRITE | {"reviewer": 428, "moderator": 428, "admin": 428}),
    "api:claim-submit": ("post", API_WRITE | {"reviewer": 428, "moderator": 428, "admin": 428}),
    "api:claim-approve": ("post", API_WRITE | {"reviewer": 403, "moderator": 409, "admin": 409}),
    "api:claim-request-changes": (
        "post",
        API_WRITE | {"reviewer": 403, "moderator": 400, "admin": 400},
    ),
}
# Where authorship does not matter, another reviewer gets what the author gets.
for _method, _expected in MATRIX.values():
    _expected.setdefault("other_reviewer", _expected["reviewer"])

# The Django admin's own patterns are covered by its index: only staff get in.
ADMIN_NAMESPACE = "admin"
MATRIX["admin:index"] = ("get", {**dict.fromkeys(ROLES, 302), "admin": 200})


def pattern_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_is_in_the_matrix():
    names = set(pattern_names(get_resolver().url_patterns))
    uncovered = {n for n in names if n not in MATRIX and not n.startswith(f"{ADMIN_NAMESPACE}:")}
    assert not uncovered, f"URL patterns missing from the role matrix: {sorted(uncovered)}"
    assert not set(MATRIX) - names, "the matrix names URLs that no longer exist"


def url_objects(author):
    from annotations import services

    article = ArticleFactory()
    claim = services.claim_create(
        article=article, author=author, start=0, end=6, quote=article.body[:6], text="Budget"
    )
    evidence = services.evidence_add(
        claim=claim,
        user=author,
        data=services.EvidenceInput(
            url="https://example.org/budget", title="Le budget", stance="supports"
        ),
    )
    services.verdict_set(
        claim=claim, user=author, expected_version=None, rating="true", rationale="Vrai."
    )
    published = services.claim_create(
        article=article, author=author, start=7, end=9, quote=article.body[7:9], text="Publié"
    )
    services.evidence_add(
        claim=published,
        user=author,
        data=services.EvidenceInput(url="https://example.org/p", title="P", stance="supports"),
    )
    services.verdict_set(
        claim=published, user=author, expected_version=None, rating="false", rationale="Faux."
    )
    services.claim_submit(claim=published, user=author)
    services.claim_approve(claim=published, moderator=ModeratorFactory())
    in_review = services.claim_create(
        article=article, author=author, start=10, end=14, quote=article.body[10:14], text="Revu"
    )
    services.evidence_add(
        claim=in_review,
        user=author,
        data=services.EvidenceInput(url="https://example.org/r", title="R", stance="refutes"),
    )
    services.verdict_set(
        claim=in_review, user=author, expected_version=None, rating="mixed", rationale="Mitigé."
    )
    services.claim_submit(claim=in_review, user=author)
    blind = services.blind_review_request(claim=in_review, moderator=ModeratorFactory())
    return {
        "article": article,
        "claim": claim,
        "evidence": evidence,
        "published": published,
        "blind": blind,
    }


def url_for(name, objects):
    args = {
        "annotations:article_detail": objects["article"].pk,
        "annotations:claim_new": objects["article"].pk,
        "annotations:claim_new_matches": objects["article"].pk,
        "annotations:article_versions": objects["article"].pk,
        "annotations:article_version_new": objects["article"].pk,
        "annotations:evidence_edit": objects["evidence"].pk,
        "annotations:evidence_delete": objects["evidence"].pk,
        "annotations:public_claim_detail": objects["published"].pk,
        "api:claim-detail": objects["published"].pk,
        "api:claim_claimreview": objects["published"].pk,
        "api:annotation_detail": objects["published"].pk,
        "api:article-detail": objects["article"].pk,
        "annotations:token_revoke": "no-such-key",
    }
    if name in args:
        return reverse(name, args=[args[name]])
    if name.startswith("annotations:blind_") and name not in (
        "annotations:blind_queue",
        "annotations:blind_request",
    ):
        return reverse(name, args=[objects["blind"].pk])
    if name == "annotations:blind_request":
        return reverse(name, args=[objects["claim"].pk])
    if name in ("annotations:article_version", "api:article-version"):
        return reverse(name, args=[objects["article"].pk, 1])
    if name.startswith("api:claim-") and name not in ("api:claim-create", "api:claim-list"):
        return reverse(name, args=[objects["claim"].pk])
    if name.startswith("annotations:claim_") or name in (
        "annotations:evidence_add",
        "annotations:verdict_set",
        "annotations:correction_start",
    ):
        return reverse(name, args=[objects["claim"].pk])
    return reverse(name)


USERS = {
    "no_role": UserFactory,
    "reviewer": ReviewerFactory,
    "other_reviewer": ReviewerFactory,
    "moderator": ModeratorFactory,
    "admin": AdminFactory,
}


def _url_as(client, role, name) -> str:
    """The URL of pattern ``name`` over fresh objects, ``client`` logged in as ``role``
    (the objects' author when a reviewer)."""
    author = ReviewerFactory()
    objects = url_objects(author)
    if role == "reviewer":
        client.force_login(author)
    elif role != "anonymous":
        client.force_login(USERS[role]())
    return url_for(name, objects)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_status(client, role, name):
    url = _url_as(client, role, name)
    method, expectations = MATRIX[name]
    response = getattr(client, method)(url)
    expected = expectations[role]
    if expected == LOGIN:
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith(reverse("login")), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.django_db
def test_admin_shows_claims_and_their_history_but_offers_no_edit(client):
    from annotations.models import ClaimEvent

    author = ReviewerFactory()
    objects = url_objects(author)
    client.force_login(AdminFactory())
    claim = objects["claim"]
    event = ClaimEvent.objects.filter(claim=claim).first()
    for url in (
        reverse("admin:annotations_claim_change", args=[claim.pk]),
        reverse("admin:annotations_claimevent_change", args=[event.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b'name="_save"' not in response.content
    assert client.get(reverse("admin:annotations_claim_add")).status_code == 403
    response = client.post(reverse("admin:annotations_claimevent_delete", args=[event.pk]))
    assert response.status_code == 403
    assert ClaimEvent.objects.filter(pk=event.pk).exists()


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_head_gets_the_status_of_get_and_no_body(client, role, name):
    """HEAD is answered wherever GET is (RFC 9110: a server that answers GET answers
    HEAD), with the same status and no body; where GET is refused, so is HEAD."""
    url = _url_as(client, role, name)
    get = client.get(url)
    _body(get)
    head = client.head(url)
    assert head.status_code == get.status_code, (name, role, get.status_code, head.status_code)
    assert _body(head) == b"", (name, role)
    if get.has_header("Location"):
        assert head["Location"] == get["Location"], (name, role)


@pytest.mark.django_db
def test_head_on_a_public_page_sends_the_headers_of_get(client):
    published = url_objects(ReviewerFactory())["published"]
    url = reverse("annotations:public_claim_detail", args=[published.pk])
    get, head = client.get(url), client.head(url)
    assert head.status_code == 200
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control"):
        assert head[header] == get[header], header
