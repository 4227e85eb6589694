"""De-identification: what leaves the registry when names and dates must not.

A de-identified export carries no name, hospital number or date of birth. The age at
symptom onset stands in for the date of birth, and every date of a patient is moved by
that patient's own ``date_shift_days`` (stored on the patient, -365..365, never 0), so
intervals between a patient's dates are kept while the calendar dates are not. The
pseudonymous registry id is the record id, stable across exports.
"""

import datetime as dt


def shift_date(day: dt.date | None, shift_days: int) -> dt.date | None:
    """Return ``day`` moved by ``shift_days`` days (None stays None)."""
    return None if day is None else day + dt.timedelta(days=shift_days)


def age_on(date_of_birth: dt.date, day: dt.date | None) -> int | None:
    """Return the age in whole years on ``day``, or None when the day is unknown."""
    if day is None:
        return None
    birthday_passed = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if birthday_passed else 1)
