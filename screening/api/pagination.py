"""Page-number pagination over a stable order (every list orders by a unique last key)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """``?page=2&page_size=100``; the envelope is ``count``, ``next``, ``previous``, ``results``.

    A page or page size that is not a whole number in range is refused (400) rather than
    silently replaced; a page past the last one is "not found" (404).
    """

    page_size: int = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "Page number, from 1."
    page_size_query_description = "Results per page (default 50, at most 200)."

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_page_number(self, request, paginator) -> str:
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "":
            return "1"
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: ["Give a whole number from 1."]})
        return raw

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
