"""Every write to the domain, one module per aggregate.

Each function takes keyword-only arguments, runs in one transaction (all or nothing)
and returns what it wrote; transitions lock the claim's row and append an event to its
history. Views, the API, the admin and management commands call them; they never write
models directly.
"""

from annotations.services.accounts import login_failures_forget, on_user_logged_in
from annotations.services.articles import ImportResult, article_import, sentence_spans
from annotations.services.blind import (
    active_blind_review,
    blind_review_cancel,
    blind_review_request,
    blind_review_submit,
    blind_review_take,
)
from annotations.services.claims import (
    EvidenceInput,
    check_span,
    claim_create,
    claim_submit,
    claim_update,
    correction_start,
    evidence_add,
    evidence_remove,
    evidence_update,
    verdict_set,
)
from annotations.services.common import FourEyesError, IncompleteClaim, StaleEdit, TransitionError
from annotations.services.evaluation import (
    evaluation_measure,
    evaluation_rankings,
    evaluation_set_load,
    evaluation_tune,
)
from annotations.services.external import ExternalImportResult, external_factchecks_import
from annotations.services.idempotency import (
    idempotency_keys_purge,
    idempotency_lock,
    idempotency_record,
)
from annotations.services.matching import vectors_compute, vectors_missing_count
from annotations.services.moderation import (
    blind_review_choose_second,
    claim_approve,
    claim_request_changes,
    claim_retract,
)
from annotations.services.notifications import notifications_mark_read
from annotations.services.profiles import profile_update
from annotations.services.public import article_metadata_changed, public_changed
from annotations.services.same_claims import same_claim_mark, same_claim_unmark
from annotations.services.tokens import token_create, token_revoke
from annotations.services.versions import (
    SAME_ARTICLE_MIN,
    VersionRefused,
    VersionResult,
    article_new_version,
    claim_confirm_span,
    current_passage,
)
from annotations.services.webhooks import webhook_secrets_rotate

__all__ = [
    "SAME_ARTICLE_MIN",
    "EvidenceInput",
    "ExternalImportResult",
    "FourEyesError",
    "ImportResult",
    "IncompleteClaim",
    "StaleEdit",
    "TransitionError",
    "VersionRefused",
    "VersionResult",
    "active_blind_review",
    "article_import",
    "article_metadata_changed",
    "article_new_version",
    "blind_review_cancel",
    "blind_review_choose_second",
    "blind_review_request",
    "blind_review_submit",
    "blind_review_take",
    "check_span",
    "claim_approve",
    "claim_confirm_span",
    "claim_create",
    "claim_request_changes",
    "claim_retract",
    "claim_submit",
    "claim_update",
    "correction_start",
    "current_passage",
    "evaluation_measure",
    "evaluation_rankings",
    "evaluation_set_load",
    "evaluation_tune",
    "evidence_add",
    "evidence_remove",
    "evidence_update",
    "external_factchecks_import",
    "idempotency_keys_purge",
    "idempotency_lock",
    "idempotency_record",
    "login_failures_forget",
    "notifications_mark_read",
    "on_user_logged_in",
    "profile_update",
    "public_changed",
    "same_claim_mark",
    "same_claim_unmark",
    "sentence_spans",
    "token_create",
    "token_revoke",
    "vectors_compute",
    "vectors_missing_count",
    "verdict_set",
    "webhook_secrets_rotate",
]
