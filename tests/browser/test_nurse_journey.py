"""A nurse works in a real browser with the keyboard alone."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.services.visits import visit_record
from tests.factories import TEST_PASSWORD, PatientFactory, TherapyCourseFactory, drug

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = dt.date.today()
BASELINE_DAY = TODAY - dt.timedelta(days=120)


def tab_until(page, selector, limit=120):
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def fill_focused(page, value):
    """Replace the focused field's content by typing, then move on with Tab."""
    if value is not None:
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.keyboard.press("Tab")


def wait_for_focus(page, selector):
    """Wait until the browser has moved the focus (autofocus) to ``selector``."""
    page.wait_for_function("s => document.activeElement.matches(s)", arg=selector)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    wait_for_focus(page, "input[name=username]")
    page.keyboard.type(username)  # the username field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/patients/")


def baseline_visit(patient, user):
    data = {
        "date": BASELINE_DAY,
        "mmt8_variant": "bilateral",
        "mmt_neck_flexors": 6,
        **{
            f"mmt_{group}_{side}": 7
            for group in (
                "deltoid",
                "biceps",
                "wrist_extensors",
                "gluteus_maximus",
                "gluteus_medius",
                "quadriceps",
                "ankle_dorsiflexors",
            )
            for side in ("right", "left")
        },
        "physician_global": Decimal("6"),
        "patient_global": Decimal("7"),
        "haq": Decimal("1.5"),
        "extramuscular_global": Decimal("4"),
        "ck_value": Decimal("3000"),
        "ck_uln": Decimal("190"),
    }
    return visit_record(patient=patient, data=data, entered_by=user)


# Values in the visit form's tab order, from the visit date on (None: leave as it is).
MMT = ["7"] + ["9", "9"] * 7  # neck flexors, then right/left of seven groups: 7 + 126 = 133
VISIT_SEQUENCE = [
    None,  # MMT-8 variant (bilateral)
    *MMT,
    "3.5",  # physician global
    "5",  # patient global
    "1.0",  # HAQ-DI
    "2",  # extramuscular global
    "1",
    "1",
    "0",
    "0",
    "1",
    "0",  # MYOACT organ VAS
    "1200",
    None,
    None,  # CK value, unit, ULN (department default)
]


def test_a_nurse_finds_a_patient_and_enters_a_visit_with_the_keyboard_only(
    page, live_server, personas, screenshot_dir
):
    patient = PatientFactory(department=personas.department, family_name="Kowalska")
    baseline_visit(patient, personas.nurse)

    log_in(page, live_server, "nurse")
    wait_for_focus(page, "#patient-search")
    page.keyboard.type("Kowal")  # the search box has the focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/patients/?q=Kowal")
    page.screenshot(path=screenshot_dir / "patient-list.png", full_page=True)
    tab_until(page, "#patient-table a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/patients/{patient.registry_id}/")
    tab_until(page, "a[href$='/visits/new/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/visits/new/")

    assert page.evaluate("document.activeElement.id") == "id_date"
    page.keyboard.press("Control+A")
    page.keyboard.type(TODAY.strftime("%d/%m/%Y"))
    page.keyboard.press("Tab")
    for value in VISIT_SEQUENCE:
        fill_focused(page, value)
    tab_until(page, "#id_proximal_upper_weakness")
    page.keyboard.press("Space")
    page.screenshot(path=screenshot_dir / "visit-form.png", full_page=True)
    tab_until(page, "#visit-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_selector("#tis")
    page.screenshot(path=screenshot_dir / "visit-detail.png", full_page=True)
    assert page.inner_text("#mmt8-total").startswith("133 / 150")
    # PGA 15 + PtGA 5 + MMT 23/150 = 15.3% -> 20 + HAQ 16.7% -> 7.5 + CK 60% -> 7.5
    # + extramuscular 20% -> 12.5 = 67.5, major.
    assert "TIS 67.5" in page.inner_text("#tis")
    assert "Major improvement" in page.inner_text("#tis")
    assert "clinical-rules.md §2" in page.inner_text("#rule-versions")


def test_a_validation_error_is_shown_on_the_field_and_fixed_from_the_keyboard(
    page, live_server, personas, screenshot_dir
):
    patient = personas.patient
    log_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/patients/{patient.registry_id}/visits/new/")
    wait_for_focus(page, "#id_date")

    page.keyboard.press("Tab")  # keep today's date
    page.keyboard.press("Tab")  # keep the variant
    page.keyboard.type("12")  # neck flexors: out of range
    page.keyboard.press("Enter")

    page.wait_for_selector("#id_mmt_neck_flexors_error")
    page.screenshot(path=screenshot_dir / "visit-form-error.png", full_page=True)
    assert "Kendall grades run from 0 to 10." in page.inner_text("#id_mmt_neck_flexors_error")
    assert page.evaluate("document.activeElement.id") == "id_mmt_neck_flexors"
    assert page.get_attribute("#id_mmt_neck_flexors", "aria-describedby") == (
        "id_mmt_neck_flexors_error"
    )

    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")  # an MMT-8 left empty altogether is allowed
    page.keyboard.press("Enter")

    page.wait_for_selector("#scores")
    assert "not examined" in page.inner_text("#mmt8-total")


def test_the_patient_page_draws_its_charts(
    page, live_server, personas, drug_catalogue, screenshot_dir
):
    patient = personas.patient
    baseline_visit(patient, personas.nurse)
    TherapyCourseFactory(patient=patient, drug=drug("Prednisolone"), start=BASELINE_DAY)
    TherapyCourseFactory(
        patient=patient, drug=drug("Methotrexate"), start=BASELINE_DAY, line_of_therapy=1
    )
    log_in(page, live_server, "clinician")

    page.goto(f"{live_server.url}/patients/{patient.registry_id}/")

    counts = page.evaluate(
        """() => ["chart-ck", "chart-mmt", "chart-function", "chart-therapy"].map(
            id => Chart.getChart(document.getElementById(id)).data.datasets[0].data.length)"""
    )
    page.screenshot(path=screenshot_dir / "patient-record.png", full_page=True)
    assert counts == [1, 1, 1, 2]
