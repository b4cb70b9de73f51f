"""The API's HTML pages (Swagger UI, ReDoc, the browsable API) and the policy each needs.

The site's Content-Security-Policy (``CONTENT_SECURITY_POLICY`` in the settings) lets only this
site's files run or style a page. Three pages are drawn by third-party code that needs
more; each gets that and nothing else, added to the site's policy for its response only:

* Swagger UI: its initialisation script is served as a file by drf-spectacular's split
  view (no inline script); it shows icons as ``data:`` images.
* ReDoc: its styles are written by styled-components into ``<style>`` elements at run
  time (``'unsafe-inline'`` styles; a nonce would not do: part of them is written before
  ReDoc reads its options), its search runs in a worker made from a ``blob:`` URL, and
  its icons are ``data:`` images. Its scripts are still this site's files only. The
  Redocly logo it fetches from its CDN stays refused: the page makes no request to
  another site (the browser notes the refusal in its console).
* The browsable API: Django REST framework's templates put ``style`` attributes on a few
  elements (its scripts are files; its one ``<style>`` element is left out by
  templates/rest_framework/api.html).
"""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_update
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.renderers import BrowsableAPIRenderer

SWAGGER_UI_POLICY = {"img-src": ["'self'", "data:"]}
REDOC_POLICY = {
    "img-src": ["'self'", "data:"],
    "style-src": ["'unsafe-inline'"],
    "worker-src": ["blob:"],
}
BROWSABLE_API_POLICY = {"style-src-attr": ["'unsafe-inline'"]}


def _loosened(policy: dict):
    """``csp_update`` for whichever of the two policies is in force (enforced or
    report-only): django-csp ignores an update of a policy that is not set."""

    def decorator(view):
        return csp_update(policy)(csp_update(policy, REPORT_ONLY=True)(view))

    return decorator


@method_decorator(_loosened(SWAGGER_UI_POLICY), name="dispatch")
class SwaggerUIView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


@method_decorator(_loosened(REDOC_POLICY), name="dispatch")
class RedocView(SpectacularRedocView):
    # drf-spectacular's own template loads Google Fonts.
    template_name = "api/redoc.html"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; a browsable API response gets ``BROWSABLE_API_POLICY``.

    Which renderer answers is only known once DRF has negotiated the content type, so a
    view decorator cannot tell; django-csp documents ``get_policy_parts`` for this."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
            parts.update = {**(parts.update or {}), **BROWSABLE_API_POLICY}
        return parts

    # The site's two policies as built from the settings objects named first (see
    # ``_site_policies``).
    _built: tuple | None = None

    def process_response(self, request, response):
        # A 304 has no document for a policy to govern: the browser keeps the policy of
        # the 200 it revalidated. Building the policy is a tenth of a 304's CPU.
        if response.status_code == 304:
            return response
        if not self._site_policy_as_is(request, response):
            return super().process_response(request, response)
        # What django-csp's ``process_response`` does for such a response, with the
        # policies built once: it builds the same text again for every response (a tenth
        # of an API miss's CPU). Tied to it by tests/test_content_security_policy.py.
        for header, text, setting in zip(
            (HEADER, HEADER_REPORT_ONLY),
            self._site_policies(),
            ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            strict=True,
        ):
            policy = getattr(settings, setting, None) or {}
            excluded = tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())
            if text and header not in response and not request.path_info.startswith(excluded):
                response[header] = text
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _site_policy_as_is(request, response) -> bool:
        """The response gets the settings' policies unchanged: no nonce used, nothing a
        view decorator set (update, replace, config, exemption), not the browsable API,
        not a debug page (which django-csp leaves alone)."""
        return not (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)
            or (settings.DEBUG and response.status_code in (404, 500))
        )

    def _site_policies(self) -> tuple[str, str]:
        """The enforced and report-only policies of the settings, built again when the
        settings objects change (``override_settings`` makes new ones)."""
        enforced = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not enforced or built[1] is not report_only:
            built = (enforced, report_only, build_policy(), build_policy(report_only=True))
            self._built = built
        return built[2], built[3]


# What django-csp's decorators leave on a response for the middleware.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
