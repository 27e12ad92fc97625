"""Accessible PDF from HTML: every PDF the service produces (report packs, letters) goes through here.

WeasyPrint (70+) writes PDF/UA-1: a structure tree from the HTML (headings, lists, tables with their
header cells, figures with their alt text), /MarkInfo, the document title shown in the viewer's
title bar, /Lang, the PDF/UA identifier in the XMP metadata, and bookmarks from the h1-h6 headings.
What the renderer cannot fix is the HTML itself, so write it as for a screen reader: one h1, headings
in order, `<th scope="col">`/`<th scope="row">`, `alt` on every image. An image without alt text or a
document without a language is refused here rather than shipped (`InaccessiblePdf`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

PDF_UA_1 = "pdf/ua-1"
DEFAULT_LANG = "en-GB"
# WeasyPrint logs these as errors but still writes the file; they break PDF/UA.
_ACCESSIBILITY_ERRORS = ("no required alt description", 'Missing required "lang"')


class InaccessiblePdf(ValueError):
    """The HTML cannot become an accessible PDF (an image without alt text, no language)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def render_pdf(
    *,
    html: str,
    title: str,
    lang: str = DEFAULT_LANG,
    author: str = "",
    base_url: str | None = None,
    variant: str | None = PDF_UA_1,
) -> bytes:
    """HTML to tagged PDF (PDF/UA-1 unless `variant=None`, which still tags it).

    `title` and `lang` are set on the document whatever the HTML's `<title>` and `lang` say, so a
    template cannot forget them. Raises `InaccessiblePdf` when WeasyPrint reports a missing alt text.
    """
    from weasyprint import HTML

    if not title.strip():
        raise InaccessiblePdf("A PDF needs a title: it is what a screen reader announces first.")
    with _weasyprint_errors() as errors:
        document = HTML(string=html, base_url=base_url).render(pdf_tags=True)
        document.metadata.title = title
        document.metadata.lang = lang
        if author:
            document.metadata.authors = [author]
        data = document.write_pdf(pdf_variant=variant, pdf_tags=True)
    problems = [m for m in errors if any(marker in m for marker in _ACCESSIBILITY_ERRORS)]
    if problems:
        raise InaccessiblePdf("; ".join(problems))
    assert isinstance(data, bytes)
    return data
