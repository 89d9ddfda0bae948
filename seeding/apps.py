from django.apps import AppConfig


class SeedingConfig(AppConfig):
    """Volume data for benchmarks and demos (`manage.py seed_volume`). It writes through every
    app's models, so it is the top layer: it may import every app, and none imports it. It has
    no models of its own."""

    name = "seeding"
    label = "seeding"
