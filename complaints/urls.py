"""Complaint reviews and oversight registers; each part keeps its own route list."""

from .urls_oversight import urlpatterns as oversight_urls
from .urls_reviews import urlpatterns as review_urls

app_name = "complaints"

urlpatterns = [*review_urls, *oversight_urls]
