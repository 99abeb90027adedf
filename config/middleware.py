import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseNotAllowed
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from .views import bad_request_page, method_not_allowed_page

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class PreferredLanguageMiddleware:
    """Activate the language the user chose, else Vietnamese.

    Django's LocaleMiddleware falls back to the browser's Accept-Language, which would show
    English to most officials whose phones are set to English; the site must open in
    Vietnamese until the user switches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, the query string, cookies or form fields.

    No URL, code or form field of ours carries one, and PostgreSQL refuses NUL in text with an
    error deep inside the first query that sees it: a 500 on input we can reject at the door.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspect = [request.path, *request.GET.keys()]
        # A session cookie is looked up in the database by the first middleware that asks who
        # the user is: a NUL byte there would break that query the same way.
        suspect += [*request.COOKIES.keys(), *request.COOKIES.values()]
        suspect += [value for values in request.GET.lists() for value in values[1]]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            suspect += [*request.POST.keys()]
            suspect += [value for values in request.POST.lists() for value in values[1]]
        if _has_nul(suspect):
            # Nobody is signed in on a rejected request: the page must not load the session.
            request.user = AnonymousUser()
            return bad_request_page(request)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Give `require_POST` and friends a Vietnamese page instead of their empty 405 body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            return method_not_allowed_page(request, allowed=response["Allow"])
        return response


class PrivateNoStoreMiddleware:
    """No cache, shared or in the browser, keeps a page produced for a signed-in user.

    Reports, exports, attempts and certificates carry personal data, and officials share
    office computers: the back button after signing out must not show the last one's pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


IDLE_SEEN_KEY = "_idle_seen"


class SessionIdleTimeoutMiddleware:
    """Sign out after SESSION_COOKIE_AGE seconds without a request (shared office computers).

    The expiry slides with use, but the session is written only once half the window has
    gone by, not on every request: at most two writes per window per user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(IDLE_SEEN_KEY)
            window = settings.SESSION_COOKIE_AGE
            if seen is not None and now - seen > window:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": window // 60},
                )
            elif seen is None or now - seen > window // 2:
                request.session[IDLE_SEEN_KEY] = now
        return self.get_response(request)
