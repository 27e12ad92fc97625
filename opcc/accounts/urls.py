from django.urls import path

from opcc.accounts import review, views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("verify/recovery/", views.RecoveryView.as_view(), name="recovery"),
    path("setup/", views.SetupView.as_view(), name="setup"),
    path("setup/app/", views.SetupAppView.as_view(), name="setup_app"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/passkeys/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
    path("session/", views.session_status, name="session_status"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("review/", review.AccessReviewView.as_view(), name="review"),
    path("review/<int:pk>/reset/", review.UserActionView.as_view(action="reset"), name="user_reset"),
    path(
        "review/<int:pk>/deactivate/",
        review.UserActionView.as_view(action="deactivate"),
        name="user_deactivate",
    ),
]
