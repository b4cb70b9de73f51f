"""The API's endpoints: JSON reads, writes, linked data and exports (see ``urls``)."""

from annotations.api.views.exports import ClaimCsvExport, ClaimJsonlExport
from annotations.api.views.linked_data import (
    AnnotationCollectionView,
    AnnotationView,
    ClaimReviewFeedView,
    ClaimReviewView,
)
from annotations.api.views.read import (
    ArticleDetail,
    ArticleList,
    ArticleVersionDetail,
    ClaimDetail,
    ClaimList,
)
from annotations.api.views.similar import SimilarView
from annotations.api.views.write import (
    ClaimApprove,
    ClaimCollection,
    ClaimRequestChanges,
    ClaimSubmit,
    EvidenceCreate,
    VerdictSet,
)

__all__ = [
    "AnnotationCollectionView",
    "AnnotationView",
    "ArticleDetail",
    "ArticleList",
    "ArticleVersionDetail",
    "ClaimApprove",
    "ClaimCollection",
    "ClaimCsvExport",
    "ClaimDetail",
    "ClaimJsonlExport",
    "ClaimList",
    "ClaimRequestChanges",
    "ClaimReviewFeedView",
    "ClaimReviewView",
    "ClaimSubmit",
    "EvidenceCreate",
    "SimilarView",
    "VerdictSet",
]
