"""The daily email digest: to each department member, the reminders that became due.

"Became due" = an open reminder whose ``notify_on`` day (due date, the day it was
raised if later, or the end of its snooze) falls after the user's previous digest and
on or before today; the first digest covers today only. Emails name patients by their
pseudonymous registry id only: email is not the place for names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reminder, ReminderDigest, ReminderStatus
from patients.models import FollowUpStatus, Membership


@dataclass(frozen=True)
class DigestLine:
    """One reminder in a digest."""

    registry_id: str
    department_id: int
    kind: str
    due_date: dt.date
    reason: str
    notify_on: dt.date


def _became_due(since: dt.date, today: dt.date) -> list[DigestLine]:
    rows = (
        Reminder.objects.filter(
            status=ReminderStatus.OPEN,
            notify_on__gt=since,
            notify_on__lte=today,
            patient__follow_up_status=FollowUpStatus.ACTIVE,
        )
        .order_by("due_date", "pk")
        .values_list(
            "patient__registry_id",
            "patient__department_id",
            "kind",
            "due_date",
            "reason",
            "notify_on",
        )
    )
    return [DigestLine(*row) for row in rows]


def digest_lines_for(
    *, lines: list[DigestLine], departments: set[int], since: dt.date
) -> list[DigestLine]:
    """Return the lines of the user's departments that became news after ``since``."""
    return [line for line in lines if line.department_id in departments and line.notify_on > since]


def reminder_digests_send(*, today: dt.date | None = None) -> int:
    """Send today's digest to every member with an email address; return emails sent.

    Idempotent: each user's digest for a day is claimed (``ReminderDigest``, unique per
    user and day) in the transaction that sends it, so a rerun sends nothing twice and a
    failed send is retried by the next run. A user with nothing new gets no email.
    """
    today = today or timezone.localdate()
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
    }
    departments: dict[int, set[int]] = defaultdict(set)
    for user_id, department_id in Membership.objects.filter(user_id__in=users).values_list(
        "user_id", "department_id"
    ):
        departments[user_id].add(department_id)
    previous = dict(
        ReminderDigest.objects.filter(user_id__in=users)
        .values("user_id")
        .annotate(last=Max("sent_on"))
        .values_list("user_id", "last")
    )
    yesterday = today - dt.timedelta(days=1)
    since_by_user = {user_id: previous.get(user_id) or yesterday for user_id in users}
    earliest = min(since_by_user.values(), default=yesterday)
    lines = _became_due(earliest, today)
    inbox = getattr(settings, "SITE_URL", "") + reverse("jobs:reminder_inbox")
    sent = 0
    connection = get_connection()
    for user_id, user in users.items():
        since = since_by_user[user_id]
        if since >= today:
            continue
        mine = digest_lines_for(lines=lines, departments=departments[user_id], since=since)
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(user=user, sent_on=today, reminder_count=len(mine))
                if mine:
                    body = render_to_string(
                        "assessments/reminder_digest.txt",
                        {"user": user, "lines": mine, "today": today, "inbox": inbox},
                    )
                    subject = f"Myositis registry: {len(mine)} reminder(s) due"
                    EmailMessage(subject, body, to=[user.email], connection=connection).send()
                    sent += 1
        except IntegrityError:
            continue  # another run claimed this user's digest for today
    return sent
