"""Form payloads and small helpers shared by the page tests."""

import datetime as dt
from typing import Any

from django.test import Client

from assessments.models.visit import BILATERAL_GROUPS, ENZYMES
from patients.models import Antibody


def login(client: Client, user: Any) -> Client:
    """Log a user in on the test client and return it."""
    client.force_login(user)
    return client


def uk(day: dt.date) -> str:
    """Return a date the way a user types it (dd/mm/yyyy)."""
    return day.strftime("%d/%m/%Y")


def visit_payload(day: dt.date, **overrides: Any) -> dict[str, Any]:
    """Return a complete, valid bilateral visit submission."""
    data: dict[str, Any] = {
        "date": uk(day),
        "mmt8_variant": "bilateral",
        "mmt_neck_flexors": "8",
        "physician_global": "6.0",
        "patient_global": "7.0",
        "haq": "1.5",
        "extramuscular_global": "4.0",
        "myoact_constitutional": "2",
        "myoact_cutaneous": "1",
        "myoact_skeletal": "0",
        "myoact_gastrointestinal": "0",
        "myoact_pulmonary": "3",
        "myoact_cardiac": "0",
        "notes": "",
    }
    for group in BILATERAL_GROUPS:
        data[f"mmt_{group}_right"] = "7"
        data[f"mmt_{group}_left"] = "7"
    for code in ENZYMES:
        data[f"{code}_value"] = ""
        data[f"{code}_unit"] = "U/L"
        data[f"{code}_uln"] = "100"
    data["ck_value"] = "3000"
    data["ck_uln"] = "190"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def panel_payload(day: dt.date, results: dict[str, str] | None = None, **extra: Any) -> dict:
    """Return a panel submission: every antibody not tested unless given in ``results``."""
    data: dict[str, Any] = {"date": uk(day), "lab": "Immunology", "method": "line_blot"}
    for code in Antibody.values:
        data[f"{code}_result"] = (results or {}).get(code, "not_tested")
        data[f"{code}_titre"] = ""
        data[f"{code}_index_value"] = ""
    data.update(extra)
    return data


def field_errors(response: Any, name: str) -> list[str]:
    """Return the errors the page shows on one field of its form."""
    return list(response.context["form"].errors.get(name, []))
