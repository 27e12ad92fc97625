from django.views.generic import TemplateView

from opcc.core.activity import recent_activity
from opcc.core.modules import Module, dashboard_panels
from opcc.core.permissions import PermissionMixin


class HomeView(TemplateView):
    """What awaits this user in each module their roles open, and what they did lately."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = "Home"
        context["panels"] = dashboard_panels(self.request.user)
        context["activity"] = recent_activity(self.request.user)
        return context


class ModuleHomeView(PermissionMixin, TemplateView):
    """Landing page of a module whose screens arrive in a later release."""

    template_name = "core/module_home.html"
    module: Module | None = None

    def get_permission_required(self):
        return (self.module.permission,)

    def get_context_data(self, **kwargs):
        return super().get_context_data(module=self.module, page_title=self.module.label, **kwargs)
