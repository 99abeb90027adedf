"""Site-wide error pages that Django's defaults do not cover: 400 from our own checks, 405, 429."""

from django.http import HttpResponse
from django.shortcuts import render
from django_ratelimit.exceptions import Ratelimited


def bad_request_page(request) -> HttpResponse:
    return render(request, "400.html", status=400)


def method_not_allowed_page(request, *, allowed: str) -> HttpResponse:
    response = render(request, "405.html", status=405)
    response["Allow"] = allowed
    return response


def too_many_requests_page(request) -> HttpResponse:
    return render(request, "429.html", status=429)


def permission_denied(request, exception=None) -> HttpResponse:
    """handler403: django-ratelimit refuses with a PermissionDenied subclass; that one is a 429."""
    if isinstance(exception, Ratelimited):
        return too_many_requests_page(request)
    return render(request, "403.html", status=403)
