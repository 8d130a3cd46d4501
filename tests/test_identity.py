"""Identity keys: what two records of one person share, and what two namesakes do not."""

from __future__ import annotations

import pytest

from candidates.identity import (
    EMAIL,
    LINK,
    NAME,
    IdentityKey,
    email_key,
    identity_keys,
    link_key,
    name_key,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Ada.Lovelace@Example.ORG", "ada.lovelace@example.org"),
        ("  mailto:ada@example.org. ", "ada@example.org"),
        ("not an address", None),
        ("ada@localhost", None),
        ("", None),
    ],
)
def test_an_email_is_its_lower_cased_address(raw, key):
    assert email_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("https://scholar.google.com/citations?user=AbC123xyz&hl=en", "scholar:AbC123xyz"),
        ("scholar.google.co.uk/citations?hl=de&user=AbC123xyz", "scholar:AbC123xyz"),
        ("https://orcid.org/0000-0002-1825-009x", "orcid:0000-0002-1825-009X"),
        ("orcid.org/0000-0002-1825-0097/", "orcid:0000-0002-1825-0097"),
        ("https://github.com/AdaL", "github:adal"),
        ("github.com/adal/", "github:adal"),
        ("https://www.github.com/adal", "github:adal"),
        ("https://dblp.org/pid/123/4567.html", "dblp:123/4567"),
        ("dblp.org/pid/l/AdaLovelace", "dblp:l/AdaLovelace"),
        ("https://www.linkedin.com/in/Ada-Lovelace/", "linkedin:ada-lovelace"),
        ("https://twitter.com/ada_l", "twitter:ada_l"),
        ("x.com/ada_l", "twitter:ada_l"),
        ("https://adal.github.io/", "github:adal"),
        ("http://www.cs.example.edu/~ada/", "web:cs.example.edu/~ada"),
        ("https://ada.example.org/", "web:ada.example.org"),
        ("adalovelace.me", "web:adalovelace.me"),
    ],
)
def test_a_profile_link_is_its_site_and_the_person_there(raw, key):
    assert link_key(raw) == key


@pytest.mark.parametrize(
    "raw",
    [
        "https://github.com/some-lab/shared-project",  # a repository has many contributors
        "https://github.com/orgs/some-lab",
        "https://arxiv.org/abs/2401.00001",  # a paper is its authors'
        "https://openreview.net/profile?id=~Ada_Lovelace1",
        "https://www.cs.example.edu/",  # a department's front page is everyone's there
        "https://scholar.google.com/scholar?q=transformers",
        "https://orcid.org/",
        "https://dblp.org/search?q=ada",
        "https://linkedin.com/company/acme",
        "localhost",
        "",
    ],
)
def test_links_that_are_nobody_in_particular_have_no_key(raw):
    assert link_key(raw) is None


def test_the_same_homepage_written_three_ways_has_one_key():
    keys = {link_key(u) for u in ("https://www.ada.dev/", "http://ada.dev", "ada.dev//")}
    assert keys == {"web:ada.dev"}


@pytest.mark.parametrize(
    "variant",
    ["Ada Lovelace", "Lovelace, Ada", "ADA LOVELACE", "Adá Lóvelace", "Ada B. Lovelace",
     "lovelace ada", "  Ada   Lovelace  "],
)  # fmt: skip
def test_a_name_key_sets_aside_case_accents_order_and_middle_initials(variant):
    assert name_key(variant) == "ada lovelace"


def test_names_in_scripts_without_spaces_keep_their_characters():
    assert name_key("王焯") == "王焯"
    assert name_key("王 焯") == "王焯"
    assert name_key("王") is None


@pytest.mark.parametrize("raw", ["A. Lovelace", "Lovelace", "A Lovelace", "", None, "A. B."])
def test_initials_are_not_enough_to_make_a_name_key(raw):
    assert name_key(raw) is None


def test_different_people_have_different_name_keys():
    assert name_key("Ada Lovelace") != name_key("Ada Lovelock")
    assert name_key("Zhuo Wang") != name_key("Zhao Wang")


def test_identity_keys_gather_every_email_link_and_name_and_drop_the_blank_ones():
    keys = identity_keys(
        names=["Ada Lovelace", None, "Lovelace, Ada"],
        emails=["Ada@Example.org", "", "ada@example.org"],
        links=["https://github.com/adal", "https://arxiv.org/abs/1"],
    )
    assert keys == {
        IdentityKey(EMAIL, "ada@example.org"),
        IdentityKey(LINK, "github:adal"),
        IdentityKey(NAME, "ada lovelace"),
    }
    assert {k.kind for k in keys if k.proving} == {EMAIL, LINK}
