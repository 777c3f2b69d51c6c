"""Event coding stages: actors, dates, events (quotes and places live beside them)."""
