"""core: leaf utilities (JSON, clock, errors); imports nothing else of openintra."""
