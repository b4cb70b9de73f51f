"""The answer to a locked-out login: a page that says why and for how long, with a 429.

django-axes counts the failed logins (``AXES_*`` in settings) and calls :func:`locked_out`
(``AXES_LOCKOUT_CALLABLE``) instead of the login page's answer once an account or an
address is over the limit: the login page itself, our own admin's, or any other view that
authenticates with the request.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """429 Too Many Requests, with the wait in ``Retry-After`` and on the page."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
