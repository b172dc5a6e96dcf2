"""Scanners: find what is due across every domain and write outbox rows for it.

Each scanner runs a fixed number of SQL statements however much data there is: it loads
candidates, their audiences and settings in bulk, and inserts rows with
``outbox.enqueue_many`` (dedupe keys make a second run, or a second beat, a no-op).
"""
