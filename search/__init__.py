"""The search engine package: the query and result model, one bilingual analysis rule, and two
backends behind one interface (embedded tantivy, Elasticsearch), with shared ranking,
highlighting and suggestion rules.

It imports nothing from ``market``: the application builds the documents and keeps the index in
step through its outbox (``market.discovery``; DESIGN.md, "Search").
"""
