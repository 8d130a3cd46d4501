"""Logging filters that keep personal data out of the logs."""

from __future__ import annotations

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"]*")


class DropQueryStrings(logging.Filter):
    """Remove query strings from request lines (Django's development server logs
    ``"GET /?q=ada@example.org HTTP/1.1" 200``; the search term is personal data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                QUERY_STRING.sub("", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif not record.args and isinstance(record.msg, str):
            record.msg = QUERY_STRING.sub("", record.msg)
        return True
