"""Forms of the correspondence and engagement pages; each part keeps its own module."""
