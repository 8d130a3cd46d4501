"""Full-text search over what candidates' documents say: CV pages, publications and quotes.

An index table (:class:`search.models.SearchEntry`) holds one row per page text, paper,
degree line and evidence quote, in two versions: the text as read, and the same text masked
for blind review (``screening.blinding.mask``), so a blind reviewer's search never matches on
a name, email or link. PostgreSQL searches it through generated ``tsvector`` columns with GIN
indexes, SQLite through an FTS5 table kept in step by triggers; both are made by the app's
migration for the database it runs on. :mod:`search.index` is the one way in and out.
"""
