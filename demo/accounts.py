"""The demo departments and their users."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser

from demo.reference import (
    DEPARTMENTS,
    REGISTRY_USERNAME,
    STAFF_NAMES,
    SUPERUSER_USERNAME,
    department_usernames,
)
from patients.models import Department, Membership, Role

PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Credential:
    username: str
    password: str
    role: str  # what the user is, for the printed table


def generated_password(rng: random.Random) -> str:
    """Return a 14-character password such as ``Kq7m-x3Vt-9pLw``."""
    groups = ("".join(rng.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))
    return "-".join(groups)


def check_password_strength(password: str) -> None:
    """Raise ValidationError when a chosen demo password fails the site's validators."""
    password_validation.validate_password(password)


def create_departments() -> list[Department]:
    """Create the demo departments with their lab limits and follow-up intervals."""
    departments = [
        Department(
            name=spec.name,
            code=spec.code,
            ck_uln=spec.ck_uln,
            ldh_uln=spec.ldh_uln,
            aldolase_uln=spec.aldolase_uln,
            alt_uln=spec.alt_uln,
            ast_uln=spec.ast_uln,
            follow_up_months_active=spec.follow_up_months_active,
            follow_up_months_stable=spec.follow_up_months_stable,
        )
        for spec in DEPARTMENTS
    ]
    for department in departments:
        department.full_clean()
    return Department.objects.bulk_create(departments)


def create_users(
    *, departments: list[Department], seed: int, password: str | None
) -> tuple[dict[tuple[int, str], int], list[Credential]]:
    """Create the demo users and memberships.

    Returns the user id of each (department index, role) and the credentials to print.
    Passwords come from the seed unless ``password`` is given for all.
    """
    user_model = get_user_model()
    rng = random.Random(f"{seed}:passwords")
    hashes: dict[str, str] = {}
    credentials: list[Credential] = []
    people = iter(STAFF_NAMES)

    def create(username: str, label: str, **extra: bool) -> AbstractUser:
        first, last = next(people)
        user = user_model(
            username=username, first_name=first, last_name=last,
            email=f"{username}@demo.example.org", **extra,
        )  # fmt: skip
        chosen = password or generated_password(rng)
        if chosen not in hashes:
            password_validation.validate_password(chosen, user)
            hashes[chosen] = make_password(chosen)
        user.password = hashes[chosen]
        user.save()
        credentials.append(Credential(username, chosen, label))
        return user

    user_ids: dict[tuple[int, str], int] = {}
    memberships = []
    for index, role, username in department_usernames():
        user = create(username, f"{Role(role).label}, {departments[index].name}")
        user_ids[(index, role)] = user.pk
        memberships.append(Membership(user_id=user.pk, department=departments[index], role=role))
    registry = create(REGISTRY_USERNAME, "Registry admin, every department")
    memberships += [
        Membership(user_id=registry.pk, department=department, role=Role.REGISTRY_ADMIN)
        for department in departments
    ]
    create(SUPERUSER_USERNAME, "Django superuser (/admin/)", is_staff=True, is_superuser=True)
    Membership.objects.bulk_create(memberships)
    return user_ids, credentials
