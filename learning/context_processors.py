from .selectors import user_is_hr


def navigation(request):
    """Which menu entries the signed-in person gets; evaluated lazily, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_hr": False}
    cached = getattr(request, "_nav_is_hr", None)
    if cached is None:
        cached = request._nav_is_hr = user_is_hr(user=user)
    return {"nav_is_hr": cached}
