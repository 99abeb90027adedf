"""The HR dashboard and a transcript in a browser: the charts draw from their tables under the
site's Content-Security-Policy, and both pages pass axe-core's WCAG 2.1 AA rules."""

import pytest
from django.urls import reverse

from tests import factories
from tests.compliance.test_dashboard import dashboard_world
from tests.e2e.test_accessibility import login, violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_charts_and_transcript_pass_axe(live_server, page):
    world = dashboard_world()
    factories.hr_manager(world["tree"]["UBND-NB"], username="nhansu-tinh")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    base = live_server.url
    login(page, base, "nhansu-tinh")

    page.goto(base + reverse("compliance_dashboard:dashboard"), wait_until="networkidle")
    charts = page.locator("canvas[role='img']")
    # Three charts, each labelled by its table's caption; the tables stay on the page.
    assert charts.count() == 3
    assert charts.first.get_attribute("aria-label").startswith("Tỷ lệ tuân thủ theo yêu cầu")
    assert page.locator("table[data-chart] caption").count() == 3
    assert errors == []  # no CSP refusal, no script error
    found = {"dashboard": violations(page)}

    page.goto(
        base + reverse("compliance_dashboard:dashboard") + f"?agency={world['tree']['SKHCN'].pk}"
    )
    found["drill-down"] = violations(page)
    for name in ("report", "people", "certificates"):
        page.goto(base + reverse(f"compliance_dashboard:{name}"))
        found[name] = violations(page)
    page.goto(base + reverse("compliance_dashboard:transcript", args=[world["people"]["ha"].pk]))
    found["transcript"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
