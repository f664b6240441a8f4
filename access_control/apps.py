from django.apps import AppConfig


def role_agencies(user, role: str):
    """The agencies where `user` holds `role` (for disposition, issue #14)."""
    from access_control.selectors import retention_agencies_for

    return retention_agencies_for(user=user, roles=(role,))


class AccessControlConfig(AppConfig):
    name = "access_control"
    verbose_name = "利用与权限"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from access_control.signal_handlers import register_signal_handlers

        register_signal_handlers()
        self._register_policies()
        self._register_log_anchor()
        self._register_file_referrer()
        self._register_hold_authority()
        self._register_disposition_roles()

    def _register_hold_authority(self) -> None:
        # Holds live in preservation; who may place them is decided here.
        from access_control.rules import can_hold_case
        from preservation.retention.holds import hold_authority_register

        hold_authority_register(can_hold_case)

    def _register_disposition_roles(self) -> None:
        # Disposition batches live in preservation; roles are decided here.
        from preservation.retention.disposition import disposition_roles_register

        disposition_roles_register(role_agencies)

    def _register_file_referrer(self) -> None:
        # The 政府信息公开 files live in the originals' storage: the janitor
        # must not collect them.
        from access_control.disclosure.files import files_referenced
        from preservation.selectors import object_referrer_register

        object_referrer_register(files_referenced)

    def _register_log_anchor(self) -> None:
        # New packages and disc manifests carry the latest signed checkpoint.
        from access_control.checkpoints import access_log_anchor
        from preservation.services.aips import log_anchor_provider_register

        log_anchor_provider_register(access_log_anchor)

    def _register_policies(self) -> None:
        from wagtail.permissions import register_permission_policy

        from access_control.models import AccessLogEntry
        from access_control.policies import (
            CasePermissionPolicy,
            ReadOnlyPermissionPolicy,
        )
        from dossiers.models import Case
        from preservation.models import IngestReport

        register_permission_policy(Case, CasePermissionPolicy(Case))
        for model in (IngestReport, AccessLogEntry):
            register_permission_policy(model, ReadOnlyPermissionPolicy(model))
