"""The module home (and its dashboard)."""

from django.urls import path

from opcc.core.views import ModuleHomeView

from .module import MODULE

urlpatterns = [
    path("", ModuleHomeView.as_view(module=MODULE), name="home"),
]
