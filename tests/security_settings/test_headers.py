"""Security headers on every response: CSP with a per-request nonce for our inline scripts."""

import re

import pytest
from django.urls import reverse

from learning.services import enrollment_create, quiz_attempt_start
from tests import factories

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_public_pages_carry_the_policy(client):
    policy = _policy(client.get(reverse("certificates:verify_lookup")))
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_inline_scripts_carry_the_nonce_of_their_response(client):
    agencies = factories.agency_tree()
    course = factories.course()
    user = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Thu Hà")
    enrollment = enrollment_create(user=user, course=course)
    factories.lessons_study(enrollment)
    attempt = quiz_attempt_start(enrollment=enrollment, quiz=course.quizzes().get())
    client.force_login(user)
    response = client.get(reverse("learning:attempt", args=[attempt.pk]))
    nonce = re.search(r"'nonce-([^']+)'", _policy(response)["script-src"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts)
    again = client.get(reverse("learning:attempt", args=[attempt.pk]))
    assert nonce not in again["Content-Security-Policy"]
