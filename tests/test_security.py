"""Security of the web app: a content security policy (sign-in throttling: test_signin.py)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


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
