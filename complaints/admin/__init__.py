from . import panels, registers, reviews  # noqa: F401  (each registers its models)
