"""The dashboard charts the filtered cohort, with data passed as JSON (no inline script)."""

import datetime as dt
import json
import re

from django.urls import reverse
from django.utils import timezone

from tests.auth import login_as
from tests.factories import PatientFactory, TherapyCourseFactory, VisitFactory, drug
from tests.registry.cohort.cohort_builders import add_antibodies, evaluate, remind

URL = reverse("cohort:dashboard")


def charts(response) -> dict[str, dict]:
    match = re.search(
        rb'<script id="cohort-charts" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    assert match, "the chart data is passed with json_script"
    return {chart["title"]: chart for chart in json.loads(match.group(1))}


def series(chart: dict, name: str) -> dict[str, int]:
    data = next(s["data"] for s in chart["series"] if s["label"] == name)
    return dict(zip(chart["labels"], data, strict=True))


def test_a_nurse_is_refused_the_dashboard(client, personas):
    login_as(client, personas.nurse)

    assert client.get(URL).status_code == 403


def test_the_dashboard_counts_the_filtered_cohort_only(client, personas):
    home = personas.department
    dm = PatientFactory(department=home, diagnosis="dm")
    add_antibodies(dm, tif1g="positive", jo1="negative")
    imnm = PatientFactory(department=home, diagnosis="imnm_hmgcr")
    add_antibodies(imnm, hmgcr="positive", jo1="negative")
    TherapyCourseFactory(patient=imnm, drug=drug("Rituximab"), line_of_therapy=3)
    TherapyCourseFactory(patient=imnm, line_of_therapy=1)
    VisitFactory(patient=imnm, date=dt.date(2023, 1, 10))
    VisitFactory(patient=imnm, date=dt.date(2023, 1, 20))
    VisitFactory(patient=dm, date=dt.date(2023, 3, 5))
    add_antibodies(personas.other_patient, hmgcr="positive")
    login_as(client, personas.clinician)

    data = charts(client.get(URL, {"subtype": ["dm", "imnm_hmgcr"]}))

    assert series(data["Subtype distribution"], "patients") == {
        "Dermatomyositis": 1,
        "IMNM, anti-HMGCR": 1,
    }
    antibodies = data["Antibody frequencies (patients)"]
    assert series(antibodies, "positive") == {
        "anti-Jo-1 (MSA)": 0, "anti-TIF1-γ (MSA)": 1, "anti-HMGCR (MSA)": 1,
    }  # fmt: skip
    assert series(antibodies, "tested")["anti-Jo-1 (MSA)"] == 2
    assert series(data["Highest therapy line reached"], "patients") == {
        "No line recorded": 1, "Line 1": 0, "Line 2": 0, "Line 3": 1,
    }  # fmt: skip
    assert series(data["Visits per month"], "visits") == {"2023-01": 2, "2023-03": 1}


def test_the_dashboard_loads_chart_js_from_static_files_only(client, personas):
    login_as(client, personas.clinician)

    content = client.get(URL).content.decode()

    assert "/static/vendor/chartjs/chart.umd.min.js" in content
    assert "/static/js/cohort_dashboard.js" in content
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", content)
    assert inline == []
    assert "style=" not in content


def test_the_dashboard_shows_refractory_share_and_overdue_reminders(client, personas):
    today = timezone.localdate()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    stuck = PatientFactory(department=personas.department)
    evaluate(stuck, "responding", last_month.replace(day=1))
    evaluate(stuck, "refractory", today.replace(day=1))
    evaluate(personas.patient, "responding", last_month.replace(day=1))
    remind(stuck, "follow_up", today - dt.timedelta(days=2))
    remind(stuck, "repeat_biopsy", today - dt.timedelta(days=2))
    remind(personas.patient, "follow_up", today - dt.timedelta(days=5))
    remind(personas.patient, "follow_up", today + dt.timedelta(days=5))
    login_as(client, personas.clinician)

    data = charts(client.get(URL))

    share = series(data["Refractory share over time (%)"], "refractory share")
    assert share == {last_month.strftime("%Y-%m"): 0.0, today.strftime("%Y-%m"): 50.0}
    overdue = series(data["Overdue reminders by kind"], "reminders")
    assert (overdue["Follow-up visit"], overdue["Repeat biopsy"]) == (2, 1)
    assert overdue["Cancer screening"] == 0
