"""Create the beat schedules of the background jobs (editable afterwards in the admin)."""

from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CRONTABS = [
    # name, task, hour, minute, description
    (
        "Nightly refractory sweep",
        "assessments.sweep_refractory",
        "1",
        "30",
        "Re-evaluates every patient in follow-up and brings their reminders up to date.",
    ),
    (
        "Reminder generation: reopen snoozed reminders",
        "assessments.reminders_wake",
        "5",
        "30",
        "Reminders are raised by the sweep and on every change; this reopens the snoozed "
        "ones whose snooze ends today, before the digest goes out.",
    ),
    (
        "Daily reminder digest",
        "assessments.reminder_digest",
        "7",
        "0",
        "Emails each department member the reminders that became due.",
    ),
]
INTERVALS = [
    # name, task, minutes, description
    (
        "Worker heartbeat",
        "assessments.heartbeat",
        5,
        "Records that a worker is alive; the worker status page flags a stale heartbeat.",
    ),
    (
        "Resume unfinished sweep chunks",
        "assessments.sweep_resume",
        10,
        "Sends again the chunks of a sweep that a dead worker left unfinished.",
    ),
]


def create_schedules(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute, description in CRONTABS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "description": description}
        )
    for name, task, minutes, description in INTERVALS:
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "interval": interval, "description": description}
        )


def remove_schedules(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [row[0] for row in CRONTABS] + [row[0] for row in INTERVALS]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_refractory_and_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
