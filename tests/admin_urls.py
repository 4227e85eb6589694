"""Every URL of the admin site, made concrete with another department's rows.

``admin_urls(department)`` walks the admin's URL map (the site's own pages, each app's
index, and every registered model's list, add, change, delete and history pages,
django-simple-history's version pages and any extra pages a model admin adds) and
fills each object id with a row of ``department`` where the model belongs to one, so a
refusal is tested on exactly the rows a registry admin must not reach.
"""

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import URLPattern, reverse

from patients.access import patient_path
from patients.models import Department, Patient


def admin_object(model: type[models.Model], department: Department) -> models.Model | None:
    """Return a row of ``model`` in ``department`` (any row for a model without one)."""
    if model is Department:
        return department
    try:
        path = patient_path(model)
    except LookupError:
        return model._default_manager.order_by("pk").first()
    lookup = f"{path}__department" if path else "department"
    return model._default_manager.filter(**{lookup: department}).order_by("pk").first()


def _history_id(obj: models.Model | None) -> Any:
    history = getattr(obj, "history", None)
    row = history.order_by("pk").first() if history is not None else None
    return row.pk if row is not None else 1


def _model_urls(
    model: type[models.Model], model_admin: admin.ModelAdmin[Any], department: Department
) -> list[str]:
    obj = admin_object(model, department)
    pk = obj.pk if obj is not None else 1
    urls = []
    for pattern in model_admin.get_urls():
        assert isinstance(pattern, URLPattern)
        converters = set(getattr(pattern.pattern, "converters", {}))
        if pattern.name is None:  # the bare "<object_id>/" that redirects to the change page
            opts = model._meta
            urls.append(f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}{pk}/")
        elif pattern.pattern.regex.groups == 2 and not converters:  # simple-history's version page
            urls.append(reverse(f"admin:{pattern.name}", args=[pk, _history_id(obj)]))
        elif converters:
            urls.append(reverse(f"admin:{pattern.name}", kwargs=dict.fromkeys(converters, pk)))
        else:
            urls.append(reverse(f"admin:{pattern.name}"))
    return urls


def _site_urls(department: Department) -> list[str]:
    urls = []
    for pattern in admin.site.get_urls():
        if not isinstance(pattern, URLPattern):
            continue
        if pattern.name == "view_on_site":
            patient = admin_object(Patient, department)
            content_type = ContentType.objects.get_for_model(Patient)
            args = [content_type.pk, patient.pk if patient is not None else 1]
            urls.append(reverse("admin:view_on_site", args=args))
        elif pattern.name == "app_list":
            app_labels = {model._meta.app_label for model in admin.site._registry}
            urls += [reverse("admin:app_list", args=[label]) for label in sorted(app_labels)]
        elif pattern.name is not None:
            urls.append(reverse(f"admin:{pattern.name}"))
    return urls


def admin_urls(department: Department) -> list[str]:
    """Return every admin URL, with ``department``'s rows wherever an object id is needed."""
    urls = _site_urls(department)
    for model, model_admin in admin.site._registry.items():
        urls += _model_urls(model, model_admin, department)
    return urls
