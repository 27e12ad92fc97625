"""Tables of the correspondence and engagement lists (templates/includes/table.html)."""
