"""Helpers of tests/test_hostile_input.py: what hostile input looks like, how a page's forms are
read, and how each hostile request is sent and judged."""
