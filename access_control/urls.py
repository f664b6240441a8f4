from django.urls import path

from access_control import views

app_name = "access_control"
urlpatterns = [
    path(
        "dossiers/<int:pk>/<slug:kind>/",
        views.dossier_document,
        name="dossier_document",
    ),
    path(
        "materials/<int:pk>/content/", views.material_content, name="material_content"
    ),
    path("cases/<int:pk>/purpose/", views.purpose, name="purpose"),
    path("discs/<int:pk>/<slug:kind>/", views.disc_file, name="disc_file"),
    path("copies/<int:pk>/", views.copy_download, name="copy_download"),
]
