"""The search engine package: query model, backends (embedded tantivy, Elasticsearch), analysis
and the outbox drain.

It imports nothing from ``market``: the application hands it documents and a function that loads
documents by id (DESIGN.md, "Search"). The catalog and search features fill it in.
"""
