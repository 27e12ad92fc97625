"""Documents and letters every module attaches to its records (ADR 0014).

- `registry`: a module declares once which of its models hold documents (`register_attachable`) and
  which letters it writes (`register_letter`); core checks permission only through it.
- `services`: `document_add`, `document_add_bytes`, `document_delete`.
- `letters`: `letter_generate`, `letter_templates_ensure`, the safe placeholder renderer.
- `{% load documents %}{% documents_panel obj %}`: the list and the upload form on an owner's page.
"""
