"""Security of the web app: a content security policy (sign-in throttling: test_signin.py)."""

from __future__ import annotations

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


def test_the_swagger_page_may_load_its_viewer(client):
    response = client.get("/api/schema/swagger/")

    assert "Content-Security-Policy" not in response
