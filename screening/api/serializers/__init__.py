"""Input and output shapes of the API. No business logic: views call the services.

Input serializers refuse unknown fields (400 with ``errors`` naming them) and only accept
related ids from the labs the user belongs to. Output serializers read prepared querysets
(annotations and prefetches made by the selectors), so a page never costs a query per row.
"""
