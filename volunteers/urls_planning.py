"""Routes of the planning part of the custody schemes module."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
