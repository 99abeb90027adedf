"""What drf-spectacular needs to describe the API: which paths are ours, and how to sign in."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

PUBLIC_PREFIX = "/api/v1/"


def only_public_api(endpoints):
    """Our API's paths only: Wagtail's admin explorer is built on DRF too, and is not for other
    systems to call."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "compliance.api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "A personal token, made at /tai-khoan/api/ (HR managers and administrators only)."
            ),
        }
