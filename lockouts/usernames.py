from django.contrib.auth import get_user_model


def attempted_username(request, credentials: dict | None) -> str | None:
    """The username a sign-in tried, cut to what a username can be.

    django-axes stores it in a 255-character column: an 8 KB "username" would make PostgreSQL
    refuse the row and the sign-in page answer 500. No account has a longer name than the user
    model allows, so the cut never merges two real accounts.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    if username is None:
        # An OpenID Connect sign-in has no typed name: once the provider has named the person,
        # a refusal counts under that name (agencies.oidc), not under "no name" for the address.
        username = getattr(request, "sign_in_name", None)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(username)[:limit]
