"""Routes of the youth part of correspondence and engagement."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
