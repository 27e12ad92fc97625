"""Letter text with `{{ name }}` placeholders: checked against what the letter declares, filled safely.

The text an administrator writes is not a Django template: no tags, filters, attribute access or
comments, only the names the letter kind declares. It is filled by plain substitution with plain
strings, and the result is escaped once by the letter's HTML template (autoescape), so neither the
administrator's text nor a value typed by the public can add markup to a letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
NAME = re.compile(r"[a-z_][a-z0-9_]*")
TAGS = ("{%", "%}", "{#", "#}")


def _declared(names: Mapping[str, str] | list[str]) -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in names) or "none"


def check_text(text: str, placeholders: Mapping[str, str]) -> list[str]:
    """What is wrong with the text, as messages an administrator can act on ([] when nothing)."""
    if any(marker in text for marker in TAGS):
        return [
            "Letter text cannot use template tags or comments ({% ... %}, {# ... #}): "
            f"only the placeholders this letter declares: {_declared(list(placeholders))}."
        ]
    problems = []
    for match in PLACEHOLDER.finditer(text):
        inner = match.group(1).strip()
        if "|" in inner:
            problems.append(
                f"{match.group(0)} uses a filter (|): write the placeholder on its own, like {{{{ name }}}}."
            )
        elif "." in inner or "[" in inner:
            problems.append(f"{match.group(0)} looks inside a value: only whole placeholders can be used.")
        elif not NAME.fullmatch(inner):
            problems.append(f"{match.group(0)} is not a placeholder name.")
        elif inner not in placeholders:
            problems.append(
                f"Unknown placeholder {{{{ {inner} }}}}: this letter can use {_declared(list(placeholders))}."
            )
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append("A placeholder is not closed: write it as {{ name }}.")
    return problems


def fill(text: str, values: Mapping[str, str]) -> str:
    """Plain text with each `{{ name }}` replaced by its value (checked text only; not escaped)."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1).strip(), "")), text)


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of its lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return [[line.strip() for line in block.strip().split("\n")] for block in blocks if block.strip()]
