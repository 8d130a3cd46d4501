"""The search page; the API's search is routed with the rest of the API."""

from django.urls import path

from search import views

urlpatterns = [path("lab/search/", views.lab_search_page, name="lab_search")]
