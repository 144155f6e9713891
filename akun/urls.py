app_name = "akun"
urlpatterns = []
