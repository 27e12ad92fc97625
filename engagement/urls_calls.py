"""Routes of the calls part of correspondence and engagement."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
