from django.apps import AppConfig


class KerjasamaConfig(AppConfig):
    name = "kerjasama"
