"""api: the generic engine. It knows `Resource`, never a concrete resource."""
