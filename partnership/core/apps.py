from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partnership.core"
    verbose_name = "Core"

    def ready(self) -> None:
        from partnership.core import checks  # noqa: F401  (registers system checks)
