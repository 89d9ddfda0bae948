"""The deadline-day load benchmark: `make bench` (see README.md)."""
