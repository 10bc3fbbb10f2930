"""SQLite storage: schema and migrations, lead upsert, paged queries, sync state, settings.

No Qt here. Each thread opens its own :class:`~indiamart_desktop.store.db.Database`.
"""
