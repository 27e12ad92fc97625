"""The one export view every module subclasses: its permission, format and filter checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from grants.views.exports import APPLICATIONS
from opcc.core import roles
from opcc.exports.views import ExportView

pytestmark = pytest.mark.django_db


class CsvOnly(ExportView):
    export = APPLICATIONS
    formats = ("csv",)


def request_as(user):
    request = RequestFactory().get("/export", {"status": "draft"})
    request.user = user
    return request


def test_a_format_the_list_does_not_offer_is_404(make_user):
    with pytest.raises(Http404):
        CsvOnly.as_view(file_format="xlsx")(request_as(make_user(roles.OFFICE_STAFF)))


def test_someone_the_list_does_not_allow_is_refused_before_any_query(make_user, django_assert_num_queries):
    user = make_user()
    request = request_as(user)
    assert not APPLICATIONS.allowed(user)
    with django_assert_num_queries(0), pytest.raises(PermissionDenied, match="grant applications"):
        CsvOnly.as_view()(request)


def test_invalid_filters_send_the_user_back_to_the_list(client_as):
    response = client_as(roles.OFFICE_STAFF).get(reverse("grants:applications_csv"), {"amount_max": "lots"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("grants:applications")) and "amount_max=lots" in response.url
