from django.apps import AppConfig


class BumdesmaConfig(AppConfig):
    name = "bumdesma"
