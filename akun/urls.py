from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import FormMasuk

app_name = "akun"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=FormMasuk), name="login"),
    # Django's LogoutView answers POST only; the menu sends a form.
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("akun:password_change_done")),
        name="password_change",
    ),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
