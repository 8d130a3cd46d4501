"""The API's JSON parser: DRF's, with the limits of :mod:`screening.json_input`.

A body with a non-finite or out-of-range number, or nested deeper than ``MAX_DEPTH``, is a 400
``malformed-request`` problem saying which limit it broke, never a server error.
"""

from __future__ import annotations

import codecs

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from screening import json_input


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json_input.loads(codecs.getreader(encoding)(stream).read())
        except json_input.JSONRefused as exc:
            raise ParseError(str(exc)) from None
        except ValueError as exc:  # malformed JSON, or bytes that are not the declared encoding
            raise ParseError(f"JSON parse error - {exc}") from None
