"""The scenario studio: facilitators write, fork, try and publish scenarios in the browser.

Plain-Python parts (templates, diff, files) hold the rules; services.py and practice.py write
them; the API is in scenarios/api/studio.py. docs/scenarios.md ("The studio") explains it.
"""
