from django.urls import path

from preservation import views

app_name = "preservation"
urlpatterns = [
    path("case.schema.json", views.case_schema_view, name="case_schema"),
    path("bagit-profile.json", views.bagit_profile_view, name="bagit_profile"),
]
