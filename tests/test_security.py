"""Security of the web app: throttled sign-in, a content security policy, safe production."""

from __future__ import annotations

import re

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


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.mark.parametrize("page", ["api:swagger", "api:redoc"])
def test_the_api_documentation_pages_send_a_policy_that_admits_only_their_own_inline_parts(
    client, page
):
    response = client.get(reverse(page))
    again = client.get(reverse(page))

    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    nonce = next(s[len("'nonce-") : -1] for s in policy["script-src"] if s.startswith("'nonce-"))
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    # Every inline script and style carries this response's nonce; scripts come from us.
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline
    assert all(f'nonce="{nonce}"' in attributes for _, attributes in inline)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert nonce not in again.content.decode()
    assert len(nonce) >= 22  # 128 bits or more, base64
