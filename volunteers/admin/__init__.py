from . import callouts  # noqa: F401
from . import people  # noqa: F401  (each registers its models)
from . import planning  # noqa: F401
from . import visits  # noqa: F401
