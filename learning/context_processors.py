from .selectors import user_navigation_get


def navigation(request):
    """Menu entries and the name in the header, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_hr": False}
    cached = getattr(request, "_navigation", None)
    if cached is None:
        cached = request._navigation = user_navigation_get(user=user)
    return cached
