"""Scenarios: the scripts of a Groundhog Day, their format, library and versioned import."""
