from django.conf import settings

from opcc.core.modules import modules_for
from opcc.core.permissions import is_administrator


def service(request):
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "nav_modules": modules_for(user) if user is not None else [],
        "nav_current": match.app_name if match else "",
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING,
        "nav_show_admin": bool(user and user.is_authenticated and is_administrator(user)),
    }
