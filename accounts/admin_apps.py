"""The admin app, configured to use the registry's admin site."""

from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """Django's admin, served by a site only verified registry admins may enter."""

    default_site = "accounts.admin_site.RegistryAdminSite"
