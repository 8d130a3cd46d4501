"""The API's views: one viewset per resource, each a thin layer over selectors and services.

Every queryset starts from the labs the user belongs to (``member_labs``), so objects of other
labs are "not found". Writes check the user's role in the object's lab (403 when it does not
allow the action) and call a service; errors become problem documents (:mod:`.errors`).
"""
