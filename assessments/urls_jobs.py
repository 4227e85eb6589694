"""URLs of the reminder inbox and the worker status page (namespace ``jobs``)."""

from django.urls import path

from assessments import views_reminders

app_name = "jobs"
urlpatterns = [
    path("reminders/", views_reminders.inbox, name="reminder_inbox"),
    path("reminders/<int:pk>/snooze/", views_reminders.snooze, name="reminder_snooze"),
    path("reminders/<int:pk>/done/", views_reminders.mark_done, name="reminder_done"),
    path("reminders/<int:pk>/dismiss/", views_reminders.dismiss, name="reminder_dismiss"),
    path("reminders/<int:pk>/contact/", views_reminders.contact, name="reminder_contact"),
    path("status/workers/", views_reminders.workers, name="worker_status"),
]
