from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_otp_webauthn.models import WebAuthnCredential
from simple_history.models import HistoricalRecords

from opcc.accounts import sessions


@receiver(user_logged_in, dispatch_uid="opcc.accounts.session_start")
def stamp_session(sender, request, user, **kwargs):
    """Django has rotated the session key; start the idle and absolute clocks."""
    if request is not None and hasattr(request, "session"):
        sessions.session_start(request.session)


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="opcc.accounts.passkey_enrolled")
def passkey_enrolled(sender, instance, created, **kwargs):
    """django-otp-webauthn registers passkeys in its own view: record them here."""
    if created:
        from opcc.audit.services import audit_record

        request = getattr(HistoricalRecords.context, "request", None)
        audit_record(
            action="mfa_enrolled",
            request=request,
            user=instance.user,
            detail={"factor": "passkey", "name": instance.name},
        )
