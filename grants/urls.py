from django.urls import path

from opcc.core.views import ModuleHomeView

from .module import MODULE

app_name = "grants"

urlpatterns = [
    path("", ModuleHomeView.as_view(module=MODULE), name="home"),
]
