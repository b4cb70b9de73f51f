"""The API's serializers: the public documents (``read``) and the write API's (``write``)."""

from annotations.api.serializers.read import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    ArticleSummarySerializer,
    ArticleVersionSerializer,
    ClaimDetailSerializer,
    ClaimListSerializer,
    ClaimSummarySerializer,
)
from annotations.api.serializers.write import (
    ApproveSerializer,
    ClaimCreateSerializer,
    ConflictSerializer,
    DraftClaimSerializer,
    ErrorSerializer,
    EvidenceCreateSerializer,
    RequestChangesSerializer,
    StaleVersionSerializer,
    VerdictSetSerializer,
)

__all__ = [
    "ApproveSerializer",
    "ArticleDetailSerializer",
    "ArticleListSerializer",
    "ArticleSummarySerializer",
    "ArticleVersionSerializer",
    "ClaimCreateSerializer",
    "ClaimDetailSerializer",
    "ClaimListSerializer",
    "ClaimSummarySerializer",
    "ConflictSerializer",
    "DraftClaimSerializer",
    "ErrorSerializer",
    "EvidenceCreateSerializer",
    "RequestChangesSerializer",
    "StaleVersionSerializer",
    "VerdictSetSerializer",
]
