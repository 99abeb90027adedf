from .selectors import user_display_name, user_is_hr


def navigation(request):
    """Menu entries and the name in the header, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_hr": False}
    cached = getattr(request, "_navigation", None)
    if cached is None:
        cached = request._navigation = {
            "nav_is_hr": user_is_hr(user=user),
            "nav_user_name": user_display_name(user=user),
        }
    return cached
