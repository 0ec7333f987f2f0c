"""db: declarative base, portable column types, engines and migrations."""
