"""The reminder digests' two screens: the one-click unsubscribe link from the email (no sign-in)
and a signed-in person's own setting. Thin: the work is in `compliance.reminders`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import DigestPreference
from .reminders import digest_preference_set, digest_subscribed, digest_unsubscribe


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe_page(request, token: str):
    """GET asks for confirmation and changes nothing (mail scanners open links); POST stops the
    digests.

    Without CSRF protection on purpose: the secret token in the address is the credential, a
    forged cross-site POST cannot know it, and mail clients' one-click unsubscribe (RFC 8058)
    POSTs here without any cookie.
    """
    preference = get_object_or_404(DigestPreference, token=token)
    done = False
    if request.method == "POST":
        digest_unsubscribe(preference=preference)
        preference.refresh_from_db()
        done = True
    return render(
        request,
        "compliance/digest_unsubscribe.html",
        {"unsubscribed": preference.unsubscribed, "done": done},
    )


class DigestPreferenceForm(forms.Form):
    digest = forms.ChoiceField(
        label=gettext_lazy("Daily reminder email"),
        choices=[
            ("on", gettext_lazy("Send me the daily reminder email")),
            ("off", gettext_lazy("Do not send it")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose whether to receive the email."),
            "invalid_choice": gettext_lazy("Choose whether to receive the email."),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def digest_preferences(request):
    """A signed-in person turns their daily reminder email on or off."""
    subscribed = digest_subscribed(user=request.user)
    if request.method == "POST":
        form = DigestPreferenceForm(request.POST)
        if form.is_valid():
            on = form.cleaned_data["digest"] == "on"
            digest_preference_set(user=request.user, subscribed=on)
            messages.success(
                request,
                _("You will receive the daily reminder email.")
                if on
                else _("You will no longer receive the daily reminder email."),
            )
            return redirect("reminders:preferences")
    else:
        form = DigestPreferenceForm(initial={"digest": "on" if subscribed else "off"})
    return render(
        request,
        "compliance/digest_preferences.html",
        {"form": form, "subscribed": subscribed},
    )
