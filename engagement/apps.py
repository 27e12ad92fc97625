from django.apps import AppConfig

CASE_DOCUMENT_KINDS = ["Incoming letter", "Response", "Evidence of identity", "Other", "Disclosure bundle"]


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Correspondence and engagement"

    def ready(self) -> None:
        from engagement.models import Case
        from engagement.services.common import ACCESS, RECORD
        from opcc.core.documents.registry import register_attachable

        register_attachable(
            Case,
            view_perm=(ACCESS, "engagement.view_case"),
            change_perm=(ACCESS, RECORD),
            kinds=CASE_DOCUMENT_KINDS,
            own_page_kinds=["Disclosure bundle"],  # served by the subject access pages only
        )
