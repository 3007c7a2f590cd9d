"""Administrators' pages for template versions: the list, copying a version, editing a
version that is not yet in use (texts and item catalogue) and making a version current.

Every view requires the administrator role and a verified second factor. Whether a version
may be edited is decided by the services; the pages only explain it and hide the controls.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership.accounts.decorators import administrator_required
from partnership.audit.services import RequestContext
from partnership.core.errors import DomainError
from partnership.core.forms import apply_service_errors
from partnership.declarations import template_services
from partnership.declarations.models import TemplateItem, TemplateSection, TemplateVersion
from partnership.declarations.services import template_version_make_current
from partnership.review import template_selectors
from partnership.review.template_forms import (
    ItemAddForm,
    ItemForm,
    MoveForm,
    SectionForm,
    TemplateCopyForm,
    TemplateVersionForm,
)

SECTION = "templates"


def _ctx(request: HttpRequest) -> RequestContext:
    return RequestContext.from_request(request)


def _template_or_404(pk: int) -> TemplateVersion:
    try:
        return template_selectors.template_with_catalogue(pk)
    except TemplateVersion.DoesNotExist:
        raise Http404 from None


def _section_or_404(template: TemplateVersion, section_id: int) -> TemplateSection:
    return get_object_or_404(
        TemplateSection.objects.select_related("template"), pk=section_id, template=template
    )


def _item_or_404(template: TemplateVersion, item_id: int) -> TemplateItem:
    return get_object_or_404(
        TemplateItem.objects.select_related("section", "section__template"),
        pk=item_id,
        section__template=template,
    )


def _refuse_if_locked(request: HttpRequest, template: TemplateVersion) -> HttpResponse | None:
    """Send people back to the version's page, with the reason, when it cannot be edited.
    (The services refuse too; this spares them filling in a form for nothing.)"""
    blocker = template_selectors.template_blocker(template)
    if blocker is None:
        return None
    messages.error(request, blocker)
    return redirect("review:template", pk=template.pk)


def _page(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"review/{name}", {"staff_section": SECTION, **context})


@administrator_required
def template_list(request: HttpRequest) -> HttpResponse:
    rows = template_selectors.template_versions()
    return _page(request, "templates_list.html", {"rows": rows})


@administrator_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_or_404(pk)
    blocker = template_selectors.template_blocker(template)
    return _page(
        request,
        "templates_detail.html",
        {
            "template": template,
            "blocker": blocker,
            "editable": blocker is None,
            "sections": list(template.sections.all()),
        },
    )


@administrator_required
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(TemplateVersion, pk=pk)
    form = TemplateCopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = template_services.template_version_copy(
                source=source,
                code=form.cleaned_data["code"],
                effective_date=form.cleaned_data["effective_date"],
                actor=request.user,
                context=_ctx(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Template %(code)s was created as a copy of %(source)s. Edit it, then make "
                    "it current when it is ready."
                )
                % {"code": copy.code, "source": source.code},
            )
            return redirect("review:template", pk=copy.pk)
    return _page(request, "templates_copy.html", {"form": form, "source": source})


@administrator_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(TemplateVersion, pk=pk)
    refused = _refuse_if_locked(request, template)
    if refused is not None:
        return refused
    initial = {name: getattr(template, name) for name in TemplateVersionForm.base_fields}
    form = TemplateVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            template_services.template_version_update(
                template=template, actor=request.user, context=_ctx(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:template", pk=template.pk)
        else:
            messages.success(request, _("The version's texts were saved."))
            return redirect("review:template", pk=template.pk)
    return _page(request, "templates_edit.html", {"form": form, "template": template})


@administrator_required
def section_edit(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    template = get_object_or_404(TemplateVersion, pk=pk)
    section = _section_or_404(template, section_id)
    refused = _refuse_if_locked(request, template)
    if refused is not None:
        return refused
    form = SectionForm(
        request.POST or None,
        section=section,
        initial={name: getattr(section, name) for name in SectionForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            template_services.template_section_update(
                section=section, actor=request.user, context=_ctx(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:template", pk=template.pk)
        else:
            messages.success(
                request, _("Section “%(heading)s” was saved.") % {"heading": section.heading}
            )
            return redirect(f"{_detail_url(template)}#section-{section.pk}")
    return _page(
        request,
        "templates_section.html",
        {"form": form, "template": template, "section": section},
    )


def _detail_url(template: TemplateVersion) -> str:
    return reverse("review:template", kwargs={"pk": template.pk})


@administrator_required
def item_add(request: HttpRequest, pk: int, section_id: int) -> HttpResponse:
    template = get_object_or_404(TemplateVersion, pk=pk)
    section = _section_or_404(template, section_id)
    refused = _refuse_if_locked(request, template)
    if refused is not None:
        return refused
    form = ItemAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        key = fields.pop("key")
        try:
            item = template_services.template_item_add(
                section=section, key=key, actor=request.user, context=_ctx(request), **fields
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:template", pk=template.pk)
        else:
            messages.success(request, _("Item “%(label)s” was added.") % {"label": item.label})
            return redirect(f"{_detail_url(template)}#item-{item.pk}")
    return _page(
        request,
        "templates_item.html",
        {"form": form, "template": template, "section": section, "item": None},
    )


@administrator_required
def item_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    template = get_object_or_404(TemplateVersion, pk=pk)
    item = _item_or_404(template, item_id)
    refused = _refuse_if_locked(request, template)
    if refused is not None:
        return refused
    form = ItemForm(
        request.POST or None,
        initial={name: getattr(item, name) for name in ItemForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            template_services.template_item_update(
                item=item, actor=request.user, context=_ctx(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("review:template", pk=template.pk)
        else:
            messages.success(request, _("Item “%(key)s” was saved.") % {"key": item.key})
            return redirect(f"{_detail_url(template)}#item-{item.pk}")
    return _page(
        request,
        "templates_item.html",
        {"form": form, "template": template, "section": item.section, "item": item},
    )


@administrator_required
def item_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    template = get_object_or_404(TemplateVersion, pk=pk)
    item = _item_or_404(template, item_id)
    refused = _refuse_if_locked(request, template)
    if refused is not None:
        return refused
    if request.method == "POST":
        try:
            template_services.template_item_remove(
                item=item, actor=request.user, context=_ctx(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Item “%(key)s” was removed.") % {"key": item.key})
        return redirect(f"{_detail_url(template)}#section-{item.section_id}")
    return _page(
        request,
        "templates_item_remove.html",
        {"template": template, "section": item.section, "item": item},
    )


@administrator_required
@require_POST
def item_move(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    template = get_object_or_404(TemplateVersion, pk=pk)
    item = _item_or_404(template, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move the item up or down."))
        return redirect("review:template", pk=template.pk)
    try:
        template_services.template_item_move(
            item=item,
            direction=form.cleaned_data["direction"],
            actor=request.user,
            context=_ctx(request),
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, _message(error))
        return redirect("review:template", pk=template.pk)
    return redirect(f"{_detail_url(template)}#item-{item.pk}")


def _message(error: DomainError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@administrator_required
def make_current(request: HttpRequest, pk: int) -> HttpResponse:
    """GET explains what happens (how many published declarations become outdated); POST
    with ``confirm`` makes the version current."""
    template = get_object_or_404(TemplateVersion, pk=pk)
    if template.is_current:
        messages.info(request, _("Template %(code)s is already current.") % {"code": template.code})
        return redirect("review:template", pk=template.pk)
    if request.method == "POST" and request.POST.get("confirm") == template.code:
        try:
            template_version_make_current(
                template=template,
                actor=request.user,  # type: ignore[arg-type]
                context=_ctx(request),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Template %(code)s is now current: new declarations and renewals are "
                    "written on it. You can now start a renewal campaign."
                )
                % {"code": template.code},
            )
        return redirect("review:template", pk=template.pk)
    return _page(
        request,
        "templates_make_current.html",
        {
            "template": template,
            "current": TemplateVersion.objects.current(),
            "outdated": template_selectors.outdated_if_made_current(template),
            "missing_confirmation": request.method == "POST",
        },
    )
