"""API keys under /staff/api-keys/: the list, issuing a key (its secret is shown once) and
revoking one behind a confirmation page. Administrators only; the rules live in
``partnership.api.services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from partnership.accounts.decorators import administrator_required
from partnership.api.models import ApiKey
from partnership.api.services import api_key_issue, api_key_revoke
from partnership.audit.services import RequestContext
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.review.api_key_forms import ApiKeyIssueForm


@administrator_required
@require_GET
def api_key_list(request: HttpRequest) -> HttpResponse:
    keys = ApiKey.objects.select_related("created_by", "revoked_by")
    return render(
        request,
        "review/api_keys_list.html",
        {
            "staff_section": "api_keys",
            "keys": keys,
            "anonymous_rate": settings.API_ANONYMOUS_RATE,
        },
    )


@administrator_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_key_new(request: HttpRequest) -> HttpResponse:
    form = ApiKeyIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            api_key, secret = api_key_issue(
                actor=request.user,
                name=data["name"],
                contact_email=data["contact_email"],
                requests_per_minute=data["requests_per_minute"],
                context=RequestContext.from_request(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            # Rendered, not redirected: the secret exists only in this response.
            return render(
                request,
                "review/api_keys_issued.html",
                {"staff_section": "api_keys", "api_key": api_key, "secret": secret},
            )
    return render(request, "review/api_keys_new.html", {"staff_section": "api_keys", "form": form})


@administrator_required
@require_http_methods(["GET", "POST"])
def api_key_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    api_key = get_object_or_404(ApiKey, pk=pk)
    if request.method == "POST":
        try:
            api_key_revoke(
                actor=request.user, api_key=api_key, context=RequestContext.from_request(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The key of %(name)s is revoked: requests with it are refused from now on.")
                % {"name": api_key.name},
            )
        return redirect("review:api_keys")
    return render(
        request, "review/api_keys_revoke.html", {"staff_section": "api_keys", "api_key": api_key}
    )
