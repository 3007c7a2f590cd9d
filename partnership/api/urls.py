from django.urls import path

from partnership.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
