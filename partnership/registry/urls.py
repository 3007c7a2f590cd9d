from django.urls import path

from partnership.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("declarations/", views.listing, name="listing"),
    path("declarations/<str:corporate_number>/", views.declaration, name="declaration"),
]
