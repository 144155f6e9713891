from django.apps import AppConfig


class IntiConfig(AppConfig):
    name = "inti"
    verbose_name = "Inti (teknis)"

    def ready(self):
        from . import skema  # noqa: F401  registers the django-filter schema extension (FilterDenganBatas)
