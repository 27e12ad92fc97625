from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from opcc.accounts import sessions


@receiver(user_logged_in, dispatch_uid="opcc.accounts.session_start")
def stamp_session(sender, request, user, **kwargs):
    """Django has rotated the session key; start the idle and absolute clocks."""
    if request is not None and hasattr(request, "session"):
        sessions.session_start(request.session)
