"""Antibody panels of a demo patient: a line blot at diagnosis, an ELISA panel for some.

The common myositis line blot does not carry anti-HMGCR, anti-cN1A or the ENA antigens,
so those are "not tested" on it and come from a second, ELISA panel when asked for; that
is how the seed case went years without an anti-HMGCR result.
"""

import datetime as dt
import random
from decimal import Decimal

from demo.plan import PanelPlan, Row
from patients.models import Antibody, AntibodyMethod, AntibodyOutcome

ALL_ANTIBODIES: tuple[str, ...] = tuple(Antibody.values)
LINE_BLOT: frozenset[str] = frozenset(
    {"jo1", "pl7", "pl12", "ej", "oj", "mda5", "tif1g", "nxp2", "sae", "mi2", "srp", "pmscl",
     "ku", "ro52"}
)  # fmt: skip
ENA: frozenset[str] = frozenset({"u1rnp", "ro60", "la", "ro52"})
ELISA_ONLY: frozenset[str] = frozenset({"hmgcr", "cn1a", "u1rnp", "ro60", "la"})
BORDERLINE_CANDIDATES: frozenset[str] = frozenset({"ro52", "ku", "pmscl"})
# Index ranges of a positive ELISA result (arbitrary/chemiluminescent units).
ELISA_INDEX: dict[str, tuple[float, float]] = {
    "hmgcr": (25, 200),
    "cn1a": (1.2, 6),
}


def results(
    rng: random.Random,
    *,
    tested: frozenset[str],
    positives: frozenset[str],
    method: str,
) -> list[Row]:
    """Return one result per antibody: positive, negative, borderline or not tested."""
    rows: list[Row] = []
    for antibody in ALL_ANTIBODIES:
        row: Row = {"antibody": antibody, "titre": "", "index_value": None}
        if antibody not in tested:
            row["result"] = AntibodyOutcome.NOT_TESTED
        elif antibody in positives:
            row["result"] = AntibodyOutcome.POSITIVE
            if method == AntibodyMethod.ELISA:
                low, high = ELISA_INDEX.get(antibody, (1.5, 8))
                row["index_value"] = Decimal(f"{rng.uniform(low, high):.2f}")
            else:
                row["titre"] = rng.choice(("++", "+++", "+++"))
        elif antibody in BORDERLINE_CANDIDATES and rng.random() < 0.03:
            row["result"] = AntibodyOutcome.BORDERLINE
            row["titre"] = "(+)"
        else:
            row["result"] = AntibodyOutcome.NEGATIVE
        rows.append(row)
    return rows


def panels_for(
    rng: random.Random,
    *,
    positives: frozenset[str],
    first_date: dt.date,
    elisa_date: dt.date,
    lab: str,
    reference_lab: str,
    want_hmgcr: bool,
    want_cn1a: bool,
) -> list[PanelPlan]:
    """Return the line blot panel and, when needed, an ELISA panel.

    ``want_hmgcr``/``want_cn1a`` ask for those antibodies on the ELISA panel; a positive
    outside the line blot always gets one, so every positive is on some panel.
    """
    panels = [
        PanelPlan(
            panel={
                "date": first_date,
                "lab": lab,
                "method": AntibodyMethod.LINE_BLOT,
                "notes": "Myositis line blot (16 antigens).",
            },
            results=results(
                rng, tested=LINE_BLOT, positives=positives, method=AntibodyMethod.LINE_BLOT
            ),
        )
    ]
    second: set[str] = set(positives & ELISA_ONLY)
    if want_hmgcr or "hmgcr" in second:
        second |= {"hmgcr", "srp"}
    if want_cn1a:
        second.add("cn1a")
    if second & ENA or rng.random() < 0.2:
        second |= ENA
    if second:
        panels.append(
            PanelPlan(
                panel={
                    "date": elisa_date,
                    "lab": reference_lab if second & {"hmgcr", "cn1a"} else lab,
                    "method": AntibodyMethod.ELISA,
                    "notes": "",
                },
                results=results(
                    rng,
                    tested=frozenset(second),
                    positives=positives,
                    method=AntibodyMethod.ELISA,
                ),
            )
        )
    return panels
