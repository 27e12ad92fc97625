from django.contrib.admin.apps import AdminConfig


class OPCCAdminConfig(AdminConfig):
    default_site = "opcc.core.admin_site.OPCCAdminSite"
