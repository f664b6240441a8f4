from django.apps import AppConfig


class PreservationConfig(AppConfig):
    name = "preservation"
    verbose_name = "长期保存"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from preservation.signal_handlers import register_signal_handlers

        register_signal_handlers()
        self._register_deletion_guard()
        self._register_retention_schedule()
        self._register_deletion_triggers()

    def _register_deletion_triggers(self) -> None:
        from preservation.deletion.triggers import deletion_triggers_around_migrate

        deletion_triggers_around_migrate()

    def _register_retention_schedule(self) -> None:
        # Sealing (in `dossiers`) asks the agency's 保管期限表 through this.
        from dossiers.services.retention import retention_rule_provider_register
        from preservation.retention.schedule import retention_rule_in_force

        retention_rule_provider_register(retention_rule_in_force)

    def _register_deletion_guard(self) -> None:
        # Every delete of an archived record (in `dossiers` too) asks this.
        from dossiers.models.deletion_guard import deletion_check_register
        from preservation.deletion.guard import deletion_refusal

        deletion_check_register(deletion_refusal)
