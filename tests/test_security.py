"""Security of the web app: throttled sign-in, a content security policy, safe production."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def sign_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_wrong_passwords_pause_the_account_even_with_the_right_one(client, settings):
    settings.REFEREE_LOGIN_MAX_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        assert b"do not match" in sign_in(client, user.username, "wrong").content

    response = sign_in(client, user.username, "a-long-test-password", address="10.0.0.2")

    assert response.status_code == 200
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_guessing_many_usernames_from_one_address_is_paused_too(client, settings):
    settings.REFEREE_LOGIN_MAX_FAILURES = 3
    for name in ("ada", "grace", "alan"):
        sign_in(client, name, "wrong")
    user = UserFactory()

    assert (
        b"Too many failed sign-ins"
        in sign_in(client, user.username, "a-long-test-password").content
    )
    assert sign_in(client, user.username, "a-long-test-password", "10.0.0.9").status_code == 302


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()


def test_the_swagger_page_may_load_its_viewer(client):
    response = client.get("/api/schema/swagger/")

    assert "Content-Security-Policy" not in response
