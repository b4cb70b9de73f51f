"""Hooks other parts of the project listen to (webhooks, caches, search indexes).

``claim_published`` is sent once per publication, correction or retraction, after the
transaction has committed (never inside it), with ``claim`` and ``kind`` (one of
``Notification.Kind``'s values: published, corrected, retracted).
"""

from django.dispatch import Signal

claim_published = Signal()
