from django.contrib.auth import views as auth_views
from django.urls import path

from partnership.accounts import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("verify/pending/", views.verify_pending, name="verify_pending"),
    path("verify/resend/", views.verify_resend, name="verify_resend"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("settings/", views.account_settings, name="settings"),
    path("settings/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("settings/email/", views.email_change, name="email_change"),
    path(
        "settings/email/confirm/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
]

# Two-factor authentication for staff (partnership.accounts.two_factor).
urlpatterns += [
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/backup-codes/",
        two_factor.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
]
