import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_site_opens_in_vietnamese_even_for_english_browsers(client):
    response = client.get(reverse("certificates:verify_lookup"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "vi"
    assert "Xác thực giấy chứng nhận" in response.content.decode()


def test_user_can_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/xac-thuc/"})
    assert response.status_code == 302
    response = client.get(reverse("certificates:verify_lookup"))
    assert response["Content-Language"] == "en"
    assert "Verify a certificate" in response.content.decode()
