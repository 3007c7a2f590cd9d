from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from partnership.registry import views as registry_views

admin.site.site_header = _("Registry administration")
admin.site.site_title = _("Registry administration")
admin.site.index_title = _("Reference data and records")

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/setlang/", registry_views.set_language, name="set_language"),
    path("healthz", registry_views.healthz, name="healthz"),
    path("", include("partnership.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("partnership.registry.urls")),
    path("accounts/", include("partnership.accounts.urls")),
    path("mypage/", include("partnership.companies.urls")),
    path("staff/", include("partnership.review.urls")),
    path(
        "mypage/companies/<str:corporate_number>/declarations/",
        include("partnership.declarations.urls"),
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler404 = "partnership.core.views.page_not_found"
