"""URLs of the reminder inbox and the worker status page (namespace ``jobs``)."""

from django.urls import path

from assessments.views import reminders

app_name = "jobs"
urlpatterns = [
    path("reminders/", reminders.inbox, name="reminder_inbox"),
    path("reminders/<int:pk>/snooze/", reminders.snooze, name="reminder_snooze"),
    path("reminders/<int:pk>/done/", reminders.mark_done, name="reminder_done"),
    path("reminders/<int:pk>/dismiss/", reminders.dismiss, name="reminder_dismiss"),
    path("reminders/<int:pk>/contact/", reminders.contact, name="reminder_contact"),
    path("status/workers/", reminders.workers, name="worker_status"),
]
