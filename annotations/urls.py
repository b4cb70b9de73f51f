"""The web pages' URLs (namespace "annotations"); the API's are in ``api.urls``."""

from django.urls import path

from annotations import views

app_name = "annotations"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/import/", views.article_import, name="article_import"),
    path("articles/<id:pk>/", views.article_detail, name="article_detail"),
    path("articles/<id:pk>/claims/new/", views.claim_new, name="claim_new"),
    path(
        "articles/<id:pk>/claims/new/matches/",
        views.claim_new_matches,
        name="claim_new_matches",
    ),
    # Versions of an article's text.
    path("articles/<id:pk>/versions/", views.article_versions, name="article_versions"),
    path("articles/<id:pk>/versions/new/", views.article_version_new, name="article_version_new"),
    path("articles/<id:pk>/versions/<id:number>/", views.article_version, name="article_version"),
    path("claims/<id:pk>/passage/", views.claim_passage, name="claim_passage"),
    path("claims/<id:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<id:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<id:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("claims/<id:pk>/verdict/", views.verdict_set, name="verdict_set"),
    path("claims/<id:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("evidence/<id:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<id:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("rationale/preview/", views.verdict_preview, name="verdict_preview"),
    path("my/claims/", views.my_claims, name="my_claims"),
    # The former "My drafts": My claims, filtered on drafts and claims sent back.
    path("my/drafts/", views.my_drafts, name="my_drafts"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    # The team dashboard (moderators and staff), and its figures as CSV.
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("claims/<id:pk>/approve/", views.claim_approve, name="claim_approve"),
    path(
        "claims/<id:pk>/request-changes/",
        views.claim_request_changes,
        name="claim_request_changes",
    ),
    path("claims/<id:pk>/retract/", views.claim_retract, name="claim_retract"),
    path("claims/<id:pk>/correct/", views.correction_start, name="correction_start"),
    path("claims/<id:pk>/history/", views.claim_history, name="claim_history"),
    # "Already checked?": published fact-checks saying the same; "same claim as" marks.
    path("claims/<id:pk>/matches/", views.claim_matches, name="claim_matches"),
    path("claims/<id:pk>/same-as/", views.claim_same_mark, name="claim_same_mark"),
    path("claims/<id:pk>/same-as/remove/", views.claim_same_unmark, name="claim_same_unmark"),
    # Blind double review: second verdicts, their comparison, and the agreement page.
    path("claims/<id:pk>/second-verdict/", views.blind_request, name="blind_request"),
    path("second-verdicts/", views.blind_queue, name="blind_queue"),
    path("second-verdicts/<id:pk>/", views.blind_detail, name="blind_detail"),
    path("second-verdicts/<id:pk>/take/", views.blind_take, name="blind_take"),
    path("second-verdicts/<id:pk>/cancel/", views.blind_cancel, name="blind_cancel"),
    path(
        "second-verdicts/<id:pk>/choose-second/",
        views.blind_choose_second,
        name="blind_choose_second",
    ),
    path("agreement/", views.agreement_page, name="agreement"),
    path("agreement.csv", views.agreement_csv, name="agreement_csv"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
    # Your account: how you sign public fact-checks; API tokens.
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<str:key>/revoke/", views.token_revoke, name="token_revoke"),
    # Public: no login.
    path("fact-checks/", views.public_claim_list, name="public_claim_list"),
    path("fact-checks/<id:pk>/", views.public_claim_detail, name="public_claim_detail"),
]
