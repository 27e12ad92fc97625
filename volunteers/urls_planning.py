"""Routes of the planning part of the custody schemes module: the rota and the coverage heatmap."""

from django.urls import path

from .views import planning as views

urlpatterns = [
    path("rota/", views.RotaView.as_view(), name="rota"),
    path("rota/add/", views.SlotAddView.as_view(), name="rota_add"),
    path("rota/suggest/", views.SuggestView.as_view(), name="rota_suggest"),
    path("rota/<int:pk>/pair/", views.SlotPairView.as_view(), name="rota_pair"),
    path("rota/<int:pk>/cancel/", views.SlotCancelView.as_view(), name="rota_cancel"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
]
