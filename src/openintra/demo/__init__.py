"""demo: synthetic 42 networks (seeded factories shared with the tests) and the demo command."""
