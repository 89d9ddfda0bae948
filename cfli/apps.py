from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, signed in to through allauth (cfli/admin_site.py)."""

    default_site = "cfli.admin_site.AdminSite"
