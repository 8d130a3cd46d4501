"""Sign-in throttling: every password path, counted per account and per address separately, in
a cache that every web process shares (screening/auth.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from screening.auth import client_address
from tests import workers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
THROTTLED = b"Too many failed sign-ins"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.REFEREE_LOGIN_MAX_FAILURES = 3
    settings.REFEREE_LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    settings.REFEREE_TRUSTED_PROXIES = 0
    caches["signin"].clear()


def sign_in(client, username, password, address="10.0.0.1", path="login", **headers):
    return client.post(
        reverse(path),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_sign_in_is_locked_after_repeated_wrong_passwords(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for _ in range(3):
        response = sign_in(client, staff.username, "wrong", path="admin:login")
        assert b"Please enter the correct" in response.content

    response = sign_in(client, staff.username, PASSWORD, address="10.0.0.2", path="admin:login")

    assert response.status_code == 200
    assert THROTTLED in response.content
    assert not signed_in(client)


def test_wrong_passwords_on_either_page_count_towards_one_lock(client):
    user = UserFactory(is_staff=True)
    sign_in(client, user.username, "wrong", path="admin:login")
    sign_in(client, user.username, "wrong")
    sign_in(client, user.username.upper(), "wrong", path="admin:login")

    response = sign_in(client, user.username, PASSWORD, address="10.0.0.3")

    assert THROTTLED in response.content
    assert not signed_in(client)


def test_the_site_sign_in_pauses_the_account_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(3):
        assert b"do not match" in sign_in(client, user.username, "wrong").content

    response = sign_in(client, user.username, PASSWORD, address="10.0.0.2")

    assert THROTTLED in response.content
    assert not signed_in(client)


def test_the_lock_is_in_the_shared_cache_not_in_one_process(client):
    """Counted through one cache client, enforced through a fresh one (another process)."""
    assert caches["signin"].__class__.__name__ == "DatabaseCache"  # the embedded default
    user = UserFactory()
    for _ in range(3):
        sign_in(client, user.username, "wrong")

    caches["signin"] = caches.create_connection("signin")  # a new client, nothing in memory
    sign_in(client, user.username, PASSWORD, address="10.0.0.2")

    assert not signed_in(client)


@pytest.mark.django_db(transaction=True)
def test_a_new_process_refuses_the_right_password_of_a_locked_account(client):
    locked, other = UserFactory(), UserFactory()
    for _ in range(3):
        sign_in(client, locked.username, "wrong")
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import authenticate\n"
        "from django.test import RequestFactory\n"
        f"for name in ({locked.username!r}, {other.username!r}):\n"
        "    request = RequestFactory().post('/login/', REMOTE_ADDR='10.0.0.9')\n"
        f"    user = authenticate(request, username=name, password={PASSWORD!r})\n"
        "    print(name, user is not None)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": workers.test_database_url(),
        "REFEREE_LOGIN_MAX_FAILURES": "3",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=workers.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [locked.username, "False", other.username, "True"]


def test_one_accounts_failures_lock_neither_its_address_nor_other_accounts(client):
    careless, colleague, elsewhere = UserFactory(), UserFactory(), UserFactory()
    for _ in range(3):
        sign_in(client, careless.username, "wrong", address="10.0.0.1")

    assert sign_in(client, colleague.username, PASSWORD, address="10.0.0.1").status_code == 302
    client.logout()
    assert sign_in(client, elsewhere.username, PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert THROTTLED in sign_in(client, careless.username, PASSWORD, address="10.0.0.2").content


def test_a_flood_from_one_address_across_many_accounts_locks_that_address(client):
    for number in range(6):  # one guess each: no account reaches its own limit
        sign_in(client, f"guess{number}", "wrong", address="10.0.0.7")
    user = UserFactory()

    assert THROTTLED in sign_in(client, user.username, PASSWORD, address="10.0.0.7").content
    assert sign_in(client, user.username, PASSWORD, address="10.0.0.8").status_code == 302


def test_ipv6_addresses_are_counted_per_64_network(client):
    for number in range(6):
        sign_in(client, f"guess{number}", "wrong", address=f"2001:db8:1:2::{number + 1}")
    user = UserFactory()

    response = sign_in(client, user.username, PASSWORD, address="2001:db8:1:2:ffff::1")
    assert THROTTLED in response.content
    assert sign_in(client, user.username, PASSWORD, address="2001:db8:1:3::1").status_code == 302


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client):
    for number in range(6):  # a client inventing a new address for each guess
        forged = f"192.0.2.{number}"
        sign_in(client, f"guess{number}", "wrong", address="10.0.0.1", X_Forwarded_For=forged)
    user = UserFactory()

    response = sign_in(client, user.username, PASSWORD, X_Forwarded_For="192.0.2.200")
    assert THROTTLED in response.content


def test_behind_a_trusted_proxy_each_client_behind_it_is_counted_apart(client, settings):
    settings.REFEREE_TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    for number in range(6):
        sign_in(client, f"guess{number}", "wrong", address=proxy, X_Forwarded_For="192.0.2.66")
    user = UserFactory()

    spoofed = "198.51.100.1, 192.0.2.66"  # the attacker's own entry is left of the proxy's
    response = sign_in(client, user.username, PASSWORD, address=proxy, X_Forwarded_For=spoofed)
    assert THROTTLED in response.content
    response = sign_in(client, user.username, PASSWORD, address=proxy, X_Forwarded_For="192.0.2.7")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.1"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "203.0.113.9, 192.0.2.1", "192.0.2.1"),
        (2, "203.0.113.9, 192.0.2.1, 172.16.0.1", "192.0.2.1"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(
    settings, proxies, forwarded, expected
):
    settings.REFEREE_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
