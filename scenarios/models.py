"""Scenario models: each imported scenario file, kept as immutable versions."""
