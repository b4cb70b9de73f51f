"""``Idempotency-Key`` on the write API's POSTs: a retried write is answered, not redone.

A client sends a key of its choosing (a UUID, say) with a POST. The first request with
that key runs the write and stores its answer in the write's own transaction
(``services.idempotency_record``), so a committed write always has its stored answer,
even when the answer itself never reached the client (a timeout, a 500 after the
commit, a connection lost during COMMIT). Within ``IDEMPOTENCY_KEY_HOURS``:

- the same key with the same request (method, path, body, user) gets the stored answer
  again (status, body, ETag and Location), marked ``Idempotent-Replayed: true``, and
  nothing is written;
- the same key with another request is refused, 422;
- the same key while the first request is still being processed is refused, 409
  (PostgreSQL; SQLite queues the second request until the first commits, then answers
  it from the store);
- a refused write (4xx) commits nothing and stores nothing: it can be sent again with
  the same key.

Keys are per user: two users' keys never meet.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http.request import RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from annotations import selectors, services
from annotations.api import serializers
from annotations.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The headers of an answer that are stored with it and sent again.
STORED_HEADERS = ("ETag", "Location")


class KeyInUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy(
        "A request with this Idempotency-Key is still being processed; "
        "retry once it has been answered."
    )
    default_code = "idempotency_key_in_use"


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy(
        "This Idempotency-Key was already used for another request; "
        "send a new key with each new request."
    )
    default_code = "idempotency_key_reused"


def _problem(exc_class: type[APIException]) -> APIException:
    """The error with its code beside the message, as the other write errors have it."""
    return exc_class({"detail": str(exc_class.default_detail), "code": exc_class.default_code})


def requested_key(request) -> str | None:
    """The request's ``Idempotency-Key``: None when absent; 400 when it is not 1 to 255
    visible ASCII characters."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 0 < len(key) <= IdempotencyKey.KEY_MAX_LENGTH or not all(
        "!" <= char <= "~" for char in key
    ):
        raise ValidationError(
            {
                HEADER: [
                    _("Send from 1 to %(limit)d visible ASCII characters, such as a UUID.")
                    % {"limit": IdempotencyKey.KEY_MAX_LENGTH}
                ]
            }
        )
    return key


def request_fingerprint(request) -> str:
    """SHA-256 of the method, path (with its query), user and body of the request."""
    try:
        body = request.body
    except RawPostDataException:
        # A form body that the CSRF check has already read (a browser session posting
        # a form): its parsed fields, in a stable order, stand for it.
        body = json.dumps(request.data, sort_keys=True, cls=JSONEncoder).encode()
    head = f"{request.method}\0{request.get_full_path()}\0{request.user.pk}\0"
    return hashlib.sha256(head.encode() + body).hexdigest()


def replay(stored: IdempotencyKey) -> Response:
    """The stored answer, as it was first sent."""
    response = Response(json.loads(stored.body), status=stored.status_code)
    for name, value in stored.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent(post):
    """Make a write API's ``post`` honour ``Idempotency-Key`` (see the module's doc).

    Without the header the request runs as before. With it, the whole handling runs in
    one transaction, in which the answer is stored when it is a success.
    """

    @functools.wraps(post)
    def handle(view, request, *args, **kwargs):
        key = requested_key(request)
        if key is None:
            return post(view, request, *args, **kwargs)
        fingerprint = request_fingerprint(request)
        expired_before = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
        with transaction.atomic():
            if not services.idempotency_lock(user=request.user, key=key):
                raise _problem(KeyInUse)
            stored = selectors.idempotent_answer(request.user, key, since=expired_before)
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise _problem(KeyReused)
                return replay(stored)
            response = post(view, request, *args, **kwargs)
            if status.is_success(response.status_code):
                services.idempotency_record(
                    user=request.user,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=response.status_code,
                    body=json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False),
                    headers={
                        name: response[name] for name in STORED_HEADERS if response.has_header(name)
                    },
                    expired_before=expired_before,
                )
            return response

    return handle


# --- Schema ----------------------------------------------------------------------------

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A key of your choosing (1 to 255 visible ASCII characters, a UUID for "
    "instance), new for each new request. Sending the same request again with the same "
    f"key within {settings.IDEMPOTENCY_KEY_HOURS} hours returns the first answer (with "
    "`Idempotent-Replayed: true`) without writing again: retry safely after a timeout "
    "or a server error. The same key with another request is refused (422); while the "
    "first request is still being processed, a retry is refused (409). Keys are per user.",
)
KEY_IN_USE_TEXT = "A request with the same Idempotency-Key is still being processed."
KEY_IN_USE = OpenApiResponse(serializers.ErrorSerializer, description=KEY_IN_USE_TEXT)
KEY_REUSED = OpenApiResponse(
    serializers.ErrorSerializer,
    description="The Idempotency-Key was already used with another request.",
)


def idempotent_responses(responses: dict) -> dict:
    """``responses`` and what a write with an ``Idempotency-Key`` may also answer."""
    merged = dict(responses)
    conflict = merged.get(409)
    merged[409] = (
        KEY_IN_USE
        if conflict is None
        else OpenApiResponse(
            conflict.response, description=f"{conflict.description} Or: {KEY_IN_USE_TEXT}"
        )
    )
    merged[422] = KEY_REUSED
    return merged
