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

ROLES = ("anonymous", "no_role", "reviewer", "moderator", "admin")
LOGIN = "login"  # expected "redirect to the login page"

# name: (method, {role: status}); LOGIN means a redirect to the login page.
WORKSPACE = {"anonymous": LOGIN, "no_role": 403, "reviewer": 200, "moderator": 200, "admin": 200}
LOGGED_IN = {"anonymous": LOGIN, "no_role": 200, "reviewer": 200, "moderator": 200, "admin": 200}
EVERYONE_REDIRECTED = dict.fromkeys(ROLES, 302)
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
    "annotations:article_list": ("get", WORKSPACE),
    "annotations:article_import": ("get", WORKSPACE),
    "annotations:article_detail": ("get", WORKSPACE),
}
# The Django admin's own patterns are covered by its index: only staff get in.
ADMIN_NAMESPACE = "admin"
MATRIX["admin:index"] = (
    "get",
    {"anonymous": 302, "no_role": 302, "reviewer": 302, "moderator": 302, "admin": 200},
)


def _pattern_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_is_in_the_matrix():
    names = set(_pattern_names(get_resolver().url_patterns))
    uncovered = {n for n in names if n not in MATRIX and not n.startswith(f"{ADMIN_NAMESPACE}:")}
    assert not uncovered, f"URL patterns missing from the role matrix: {sorted(uncovered)}"
    assert not set(MATRIX) - names, "the matrix names URLs that no longer exist"


def _url_for(name, objects):
    if name == "annotations:article_detail":
        return reverse(name, args=[objects["article"].pk])
    return reverse(name)


USERS = {
    "no_role": UserFactory,
    "reviewer": ReviewerFactory,
    "moderator": ModeratorFactory,
    "admin": AdminFactory,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_status(client, role, name):
    objects = {"article": ArticleFactory()}
    if role != "anonymous":
        client.force_login(USERS[role]())
    method, expectations = MATRIX[name]
    url = _url_for(name, objects)
    response = getattr(client, method)(url)
    expected = expectations[role]
    if expected == LOGIN:
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith(reverse("login")), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)
