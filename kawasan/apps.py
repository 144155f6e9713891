from django.apps import AppConfig


class KawasanConfig(AppConfig):
    name = "kawasan"
