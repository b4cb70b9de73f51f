"""The web pages, by area; each view is thin: a role check, one service call, a render."""

from annotations.views.annotate import (
    article_detail,
    claim_detail,
    claim_edit,
    claim_new,
    claim_submit,
    evidence_add,
    evidence_delete,
    evidence_edit,
    verdict_preview,
    verdict_set,
)
from annotations.views.articles import article_import, article_list
from annotations.views.blind import (
    agreement_csv,
    agreement_page,
    blind_cancel,
    blind_choose_second,
    blind_detail,
    blind_queue,
    blind_request,
    blind_take,
)
from annotations.views.common import favicon, role_required
from annotations.views.dashboard import dashboard, dashboard_csv
from annotations.views.errors import (
    bad_request,
    csrf_failure,
    page_not_found,
    permission_denied,
    server_error,
)
from annotations.views.matches import (
    claim_matches,
    claim_new_matches,
    claim_same_mark,
    claim_same_unmark,
)
from annotations.views.moderation import (
    claim_approve,
    claim_history,
    claim_request_changes,
    claim_retract,
    correction_start,
    moderation_queue,
)
from annotations.views.profile import account
from annotations.views.public import public_claim_detail, public_claim_list
from annotations.views.tokens import token_list, token_revoke
from annotations.views.versions import (
    article_version,
    article_version_new,
    article_versions,
    claim_passage,
)
from annotations.views.workspace import home, inbox, inbox_mark_read, my_claims, my_drafts

__all__ = [
    "account",
    "agreement_csv",
    "agreement_page",
    "article_detail",
    "article_import",
    "article_list",
    "article_version",
    "article_version_new",
    "article_versions",
    "bad_request",
    "blind_cancel",
    "blind_choose_second",
    "blind_detail",
    "blind_queue",
    "blind_request",
    "blind_take",
    "claim_approve",
    "claim_detail",
    "claim_edit",
    "claim_history",
    "claim_matches",
    "claim_new",
    "claim_new_matches",
    "claim_passage",
    "claim_request_changes",
    "claim_retract",
    "claim_same_mark",
    "claim_same_unmark",
    "claim_submit",
    "correction_start",
    "csrf_failure",
    "dashboard",
    "dashboard_csv",
    "evidence_add",
    "evidence_delete",
    "evidence_edit",
    "favicon",
    "home",
    "inbox",
    "inbox_mark_read",
    "moderation_queue",
    "my_claims",
    "my_drafts",
    "page_not_found",
    "permission_denied",
    "public_claim_detail",
    "public_claim_list",
    "role_required",
    "server_error",
    "token_list",
    "token_revoke",
    "verdict_preview",
    "verdict_set",
]
