"""Hooks other parts of the project listen to (webhooks, caches, search indexes).

``claim_published`` is sent once per publication, correction or retraction, after the
transaction has committed (never inside it), with ``claim`` and ``kind`` (one of
``Notification.Kind``'s values: published, corrected, retracted).

``passage_changed`` is sent after the commit of a new version of an article (or of a
confirmed passage) with ``claim_ids``: the public claims whose passage in the current
text changed (changed, removed, or reading otherwise than the passage checked).
"""

from django.dispatch import Signal

claim_published = Signal()
passage_changed = Signal()
