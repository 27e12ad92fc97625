"""opcc.core.pdf.render_pdf: tagged PDF/UA-1 with title, language, headings, table headers, alt text."""

import pytest

from opcc.core.pdf import InaccessiblePdf, render_pdf
from tests.core.pdf_checks import assert_accessible_pdf, pdf_structure

DOT = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
LETTER = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>ignored</title></head><body>
<h1>Your complaint review</h1><p>Dear Ms Khan,</p>
<h2>What we looked at</h2>
<table><caption>Dates</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Date</th></tr></thead>
<tbody><tr><th scope="row">Received</th><td>1 May 2025</td></tr><tr><th scope="row">Decided</th><td>2 June 2025</td></tr></tbody>
</table>
<h2>What happens next</h2><ul><li>One</li><li>Two</li></ul>
<img src="{DOT}" alt="The office's logo">
</body></html>"""


def test_a_letter_is_tagged_pdf_ua_1():
    data = render_pdf(html=LETTER, title="Your complaint review CR-2025-0001")
    structure = assert_accessible_pdf(data, title="Your complaint review CR-2025-0001", lang="en-GB")
    assert structure.tags["H2"] == 2
    assert structure.tags["TH"] == 4 and structure.tags["TD"] == 2
    assert structure.tags["L"] == 1 and structure.tags["LI"] == 2
    assert structure.figures_alt == ["The office's logo"]
    assert structure.bookmarks() == ["Your complaint review", "What we looked at", "What happens next"]
    assert structure.reader.pdf_header == "%PDF-1.7"


def test_the_language_and_title_come_from_the_call_not_the_template():
    data = render_pdf(html=LETTER.replace("<html>", '<html lang="fr">'), title="Letter", lang="cy-GB")
    structure = pdf_structure(data)
    assert structure.catalog["/Lang"] == "cy-GB"
    assert structure.reader.metadata.title == "Letter"


def test_without_the_variant_it_is_still_tagged_but_claims_no_conformance():
    data = render_pdf(html=LETTER, title="Letter", variant=None)
    structure = assert_accessible_pdf(data, title="Letter", ua=False)
    assert "pdfuaid" not in structure.xmp


def test_an_image_without_alt_text_is_refused():
    with pytest.raises(InaccessiblePdf, match="alt"):
        render_pdf(html=LETTER.replace(' alt="The office\'s logo"', ""), title="Letter")


def test_a_pdf_needs_a_title():
    with pytest.raises(InaccessiblePdf, match="title"):
        render_pdf(html=LETTER, title=" ")
