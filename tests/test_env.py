"""Settings read from the environment refuse values they cannot mean, naming the variable and
what it accepts (config/env.py), instead of quietly falling back on a default."""

from __future__ import annotations

import importlib.util
import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_float, env_int, env_list, env_str
from tests.test_settings import PRODUCTION_ENV, run
from tests.workers import ROOT

SETTINGS = ROOT / "config" / "settings"
KNOB = re.compile(r'env_(bool|int|float|choice)\(\s*"(\w+)"')
# What a knob needs around it to be read at all.
CONTEXT = {
    "SQLITE_TIMEOUT": {"DATABASE_URL": "sqlite:////tmp/referee.sqlite3"},
    "DATABASE_CONN_MAX_AGE": {"DATABASE_URL": "postgres://u:p@db:5432/referee"},
    "CELERY_VISIBILITY_TIMEOUT": {"CELERY_BROKER_URL": "redis://cache:6379/0"},
}
NONSENSE = {"bool": "ture", "int": "many", "float": "soon", "choice": "LOUDLY"}


def knobs() -> list[tuple[str, str, str]]:
    """(module of config/settings, kind, variable) of every typed knob the settings read."""
    return [
        (path.stem, kind, name)
        for path in sorted(SETTINGS.glob("*.py"))
        for kind, name in KNOB.findall(path.read_text())
    ]


def execute_settings(module: str) -> None:
    """Run config/settings/<module>.py afresh (the modules it builds on are not run again)."""
    spec = importlib.util.spec_from_file_location(
        f"config.settings.{module}_afresh", SETTINGS / f"{module}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def refusal(excinfo: pytest.ExceptionInfo[ImproperlyConfigured]) -> str:
    return str(excinfo.value)


# --- Booleans ---------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["true", "True", "YES", "on", "1", " true "])
def test_a_boolean_is_on_for_the_words_of_yes(monkeypatch, word):
    monkeypatch.setenv("REFEREE_FLAG", word)

    assert env_bool("REFEREE_FLAG", default=False) is True


@pytest.mark.parametrize("word", ["false", "False", "NO", "off", "0"])
def test_a_boolean_is_off_for_the_words_of_no(monkeypatch, word):
    monkeypatch.setenv("REFEREE_FLAG", word)

    assert env_bool("REFEREE_FLAG", default=True) is False


def test_an_unset_boolean_is_its_default(monkeypatch):
    monkeypatch.delenv("REFEREE_FLAG", raising=False)

    assert env_bool("REFEREE_FLAG", default=True) is True


@pytest.mark.parametrize("word", ["ture", "", "enabled", "2"])
def test_a_boolean_refuses_any_other_word_naming_the_variable_and_the_words_it_takes(
    monkeypatch, word
):
    monkeypatch.setenv("REFEREE_FLAG", word)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_bool("REFEREE_FLAG", default=False)

    assert refusal(excinfo) == (
        f"REFEREE_FLAG={word!r} is not accepted; REFEREE_FLAG takes "
        "true, yes, on, 1 (on) or false, no, off, 0 (off)."
    )


# --- Numbers ----------------------------------------------------------------------------------


def test_an_integer_within_its_bounds_is_read(monkeypatch):
    monkeypatch.setenv("REFEREE_COUNT", " 12 ")

    assert env_int("REFEREE_COUNT", default=5, minimum=1, maximum=12) == 12


def test_an_unset_integer_is_its_default(monkeypatch):
    monkeypatch.delenv("REFEREE_COUNT", raising=False)

    assert env_int("REFEREE_COUNT", default=5, minimum=1) == 5


@pytest.mark.parametrize("text", ["many", "", "2.5", "1e3", "20MB"])
def test_an_integer_refuses_what_is_not_one(monkeypatch, text):
    monkeypatch.setenv("REFEREE_COUNT", text)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_int("REFEREE_COUNT", default=5, minimum=1)

    assert refusal(excinfo) == (
        f"REFEREE_COUNT={text!r} is not accepted; REFEREE_COUNT takes an integer from 1."
    )


@pytest.mark.parametrize("text", ["0", "-3", "13"])
def test_an_integer_refuses_values_outside_its_bounds(monkeypatch, text):
    monkeypatch.setenv("REFEREE_COUNT", text)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_int("REFEREE_COUNT", default=5, minimum=1, maximum=12)

    assert refusal(excinfo) == (
        f"REFEREE_COUNT={text!r} is not accepted; REFEREE_COUNT takes an integer from 1 up to 12."
    )


def test_a_number_may_have_a_fraction(monkeypatch):
    monkeypatch.setenv("REFEREE_SECONDS", "0.25")

    assert env_float("REFEREE_SECONDS", default=1.0, minimum=0) == 0.25


@pytest.mark.parametrize("text", ["soon", "nan", "inf", "-1"])
def test_a_number_refuses_words_infinities_and_values_below_its_minimum(monkeypatch, text):
    monkeypatch.setenv("REFEREE_SECONDS", text)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_float("REFEREE_SECONDS", default=1.0, minimum=0)

    assert refusal(excinfo) == (
        f"REFEREE_SECONDS={text!r} is not accepted; REFEREE_SECONDS takes a finite number from 0."
    )


# --- Words, lists and choices -----------------------------------------------------------------


def test_a_string_may_be_empty(monkeypatch):
    monkeypatch.setenv("REFEREE_POLICY", "")

    assert env_str("REFEREE_POLICY", default="default-src 'self'") == ""


def test_a_list_is_comma_separated_without_blanks(monkeypatch):
    monkeypatch.setenv("REFEREE_HOSTS", " a.example.org, ,b.example.org ")

    assert env_list("REFEREE_HOSTS", default=[]) == ["a.example.org", "b.example.org"]


def test_an_empty_list_is_empty(monkeypatch):
    monkeypatch.setenv("REFEREE_HOSTS", "")

    assert env_list("REFEREE_HOSTS", default=["localhost"]) == []


def test_a_choice_is_read_in_any_case_and_given_back_as_the_choices_spell_it(monkeypatch):
    monkeypatch.setenv("REFEREE_LEVEL", "warning")

    assert env_choice("REFEREE_LEVEL", choices=("INFO", "WARNING"), default="INFO") == "WARNING"


def test_a_choice_refuses_anything_else_naming_the_choices(monkeypatch):
    monkeypatch.setenv("REFEREE_LEVEL", "LOUDLY")

    with pytest.raises(ImproperlyConfigured) as excinfo:
        env_choice("REFEREE_LEVEL", choices=("INFO", "WARNING"), default="INFO")

    assert refusal(excinfo) == (
        "REFEREE_LEVEL='LOUDLY' is not accepted; REFEREE_LEVEL takes one of INFO, WARNING "
        "(in any case)."
    )


# --- Required variables -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "read",
    [
        lambda: env_str("REFEREE_REQUIRED"),
        lambda: env_bool("REFEREE_REQUIRED"),
        lambda: env_int("REFEREE_REQUIRED"),
        lambda: env_float("REFEREE_REQUIRED"),
        lambda: env_list("REFEREE_REQUIRED"),
        lambda: env_choice("REFEREE_REQUIRED", choices=("a", "b")),
    ],
    ids=["str", "bool", "int", "float", "list", "choice"],
)
@pytest.mark.parametrize("value", [None, ""], ids=["unset", "empty"])
def test_a_variable_without_a_default_is_required(monkeypatch, read, value):
    if value is None:
        monkeypatch.delenv("REFEREE_REQUIRED", raising=False)
    else:
        monkeypatch.setenv("REFEREE_REQUIRED", value)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        read()

    assert refusal(excinfo) == "Set the REFEREE_REQUIRED environment variable: it has no default."


# --- The settings modules ---------------------------------------------------------------------


def test_the_settings_read_the_environment_only_through_the_helpers():
    for path in SETTINGS.glob("*.py"):
        text = path.read_text()

        assert not re.search(r"os\.environ|getenv|environ\.Env\(\)|\benv\.\w+\(", text), path


@pytest.mark.parametrize(("module", "kind", "name"), knobs(), ids=lambda value: str(value))
def test_every_typed_knob_of_the_settings_refuses_nonsense(monkeypatch, module, kind, name):
    around = PRODUCTION_ENV if module == "production" else {}
    for variable, value in {**around, **CONTEXT.get(name, {})}.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv(name, NONSENSE[kind])

    with pytest.raises(ImproperlyConfigured) as excinfo:
        execute_settings(module)

    assert refusal(excinfo).startswith(f"{name}={NONSENSE[kind]!r} is not accepted; {name} takes")


def test_the_typed_knobs_found_include_the_documented_ones():
    names = {name for _, _, name in knobs()}

    assert {"DJANGO_DEBUG", "REFEREE_MAX_UPLOAD_BYTES", "LOG_LEVEL"} <= names
    assert {"DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_HSTS_SECONDS"} <= names


def test_a_misspelt_debug_flag_stops_manage_py_at_start_up():
    result = run({"DJANGO_DEBUG": "ture"}, "manage.py", "check")

    assert result.returncode != 0
    assert (
        "DJANGO_DEBUG='ture' is not accepted; DJANGO_DEBUG takes "
        "true, yes, on, 1 (on) or false, no, off, 0 (off)."
    ) in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("PORT", "http", "an integer from 1 up to 65535"),
        ("PORT", "70000", "an integer from 1 up to 65535"),
        ("WORKER_CONCURRENCY", "0", "an integer from 1"),
    ],
)
def test_serve_refuses_a_port_or_concurrency_it_cannot_use(monkeypatch, name, value, accepted):
    from screening.management.commands.serve import Command

    monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured) as excinfo:
        Command().create_parser("manage.py", "serve")

    assert refusal(excinfo) == f"{name}={value!r} is not accepted; {name} takes {accepted}."
