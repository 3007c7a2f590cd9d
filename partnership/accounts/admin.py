from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from partnership.accounts.models import Membership, User
from partnership.core.admin_mixins import ReadOnlyAdmin


class RegistryAdminSite(OTPAdminSite):
    """The Django admin, open only to administrators whose session has passed the staff
    second factor (``OTPAdminSite.has_permission`` adds ``request.user.is_verified()``).

    Its own login page is never shown: people log in on the site's login page and enter
    their code on ``accounts:two_factor`` (django-otp's admin login form would ask for a
    code on a device list they cannot use), then come back here."""

    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        index = reverse("admin:index", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or ""
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = index
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:login"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if user.is_active and user.is_staff and getattr(user, "is_reviewer", False):
            # An administrator who has not entered a code in this session yet.
            query = urlencode({"next": next_url})
            return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
        raise PermissionDenied


# The documented way to give the default site (``admin.site``, used by every ModelAdmin
# registration and by the root URLconf) a different class.
admin.site.__class__ = RegistryAdminSite


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("email", "full_name", "staff_role", "language", "is_active", "last_login")
    list_filter = ("staff_role", "is_active", "language")
    search_fields = ("email", "full_name")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "company", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "company__corporate_number", "company__name")
    list_select_related = ("user", "company")
