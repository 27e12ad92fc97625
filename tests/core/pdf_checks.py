"""Reads a PDF's accessibility structure with pypdf, for tests of every PDF the service produces.

`assert_accessible_pdf(data, title=...)` checks what PDF/UA-1 needs and a renderer can get wrong;
it returns the structure so a test can check its own headings and tables.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


@dataclass
class PdfStructure:
    reader: PdfReader
    tags: Counter = field(default_factory=Counter)  # structure element types: {"H1": 1, "TH": 12, ...}
    figures_alt: list[str | None] = field(default_factory=list)
    header_ids: set[str] = field(default_factory=set)  # IDs of TH elements
    cells_with_headers: int = 0  # TD elements whose /Headers point at header cells
    cells: int = 0

    @property
    def catalog(self) -> DictionaryObject:
        return self.reader.trailer["/Root"]

    @property
    def xmp(self) -> str:
        metadata = self.catalog.get("/Metadata")
        return metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""

    def bookmarks(self) -> list[str]:
        def walk(items: list[Any]) -> list[str]:
            out: list[str] = []
            for item in items:
                out.extend(walk(item) if isinstance(item, list) else [str(item.title)])
            return out

        return walk(self.reader.outline)


def _walk(node: Any, structure: PdfStructure) -> None:
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _walk(kid, structure)
        return
    if not isinstance(node, DictionaryObject):
        return  # a marked-content id
    if node.get("/Type") == "/StructElem" or "/S" in node:
        tag = str(node["/S"]).lstrip("/")
        structure.tags[tag] += 1
        if tag == "Figure":
            alt = node.get("/Alt")
            structure.figures_alt.append(str(alt) if alt is not None else None)
        if tag == "TH" and "/ID" in node:
            structure.header_ids.add(str(node["/ID"]))
        if tag == "TD":
            structure.cells += 1
            attributes = node.get("/A")
            attributes = attributes.get_object() if attributes is not None else {}
            if attributes.get("/Headers"):
                structure.cells_with_headers += 1
    if "/K" in node:
        _walk(node["/K"], structure)


def pdf_structure(data: bytes) -> PdfStructure:
    reader = PdfReader(io.BytesIO(data))
    structure = PdfStructure(reader=reader)
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is not None:
        _walk(root.get_object()["/K"], structure)
    return structure


def assert_accessible_pdf(data: bytes, *, title: str, lang: str = "en-GB", ua: bool = True) -> PdfStructure:
    structure = pdf_structure(data)
    catalog = structure.catalog
    assert bool(catalog.get("/MarkInfo", {}).get("/Marked")), "not a tagged PDF (/MarkInfo /Marked)"
    assert "/StructTreeRoot" in catalog, "no structure tree"
    assert catalog.get("/Lang") == lang
    assert structure.reader.metadata is not None and structure.reader.metadata.title == title
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), "viewers must show the title"
    assert structure.tags["H1"] == 1, f"one H1, not {structure.tags['H1']}"
    assert all(structure.figures_alt), "every figure has alt text"
    if structure.tags["Table"]:
        assert structure.tags["TH"] > 0, "tables have header cells"
        assert structure.cells_with_headers == structure.cells, "every data cell names its headers"
    if ua:
        assert 'pdfuaid:part="1"' in structure.xmp, "PDF/UA-1 identifier in the XMP metadata"
    return structure
