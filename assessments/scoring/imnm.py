"""Name the immune-mediated necrotising myopathy subtype (ENMC 2017).

Source: clinical-rules.md §5; Allenbach Y et al., Neuromuscul Disord 2018;28:87-99.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from assessments.scoring.codes import ANTIBODY_LABELS

IMNM_VERSION: Final = "enmc-2017.1"

ImnmSubtype = Literal["anti_hmgcr", "anti_srp", "antibody_negative"]

EXCLUDE_MIMICS_NOTE: Final = (
    "Exclude toxic and dystrophic myopathies (e.g. limb-girdle muscular dystrophy "
    "genetic panel, acid alpha-glucosidase for late-onset Pompe disease)"
)


@dataclass(frozen=True)
class ImnmResult:
    """The IMNM subtype met, or None with the evidence still missing."""

    subtype: ImnmSubtype | None
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    version: str = IMNM_VERSION


def _antibody_gaps(antibodies: Mapping[str, str]) -> list[str]:
    gaps: list[str] = []
    for code in ("hmgcr", "srp"):
        result = antibodies.get(code, "not_tested")
        label = ANTIBODY_LABELS[code]
        if result == "borderline":
            gaps.append(f"a definite {label} result (currently borderline)")
        elif result != "negative":
            gaps.append(f"{label} test")
    return gaps


def classify_imnm(
    *,
    ck_raised: bool,
    proximal_weakness: bool,
    antibodies: Mapping[str, str],
    biopsy_necrotising: bool | None,
) -> ImnmResult:
    """Name the ENMC 2017 IMNM subtype the evidence meets, or list what is missing.

    Source: clinical-rules.md §5; Allenbach Y et al., Neuromuscul Disord 2018;28:87.
    Every subtype needs raised CK and proximal weakness. Anti-HMGCR positive ->
    "anti_hmgcr" (checked first if both antibodies are positive); anti-SRP positive ->
    "anti_srp"; biopsy not required for either. "antibody_negative" needs a necrotising
    biopsy (``biopsy_necrotising`` True) and both anti-HMGCR and anti-SRP tested
    negative; an untested or borderline result is not negative. Only "positive" counts
    as positive (borderline does not). ``antibodies`` maps codes to results; an absent
    code means not tested. When no subtype is met, ``missing`` lists the evidence
    lacking, in readable words.
    """
    hmgcr = antibodies.get("hmgcr") == "positive"
    srp = antibodies.get("srp") == "positive"
    core_missing: list[str] = []
    if not ck_raised:
        core_missing.append("raised CK")
    if not proximal_weakness:
        core_missing.append("proximal weakness")
    antibody_gaps = _antibody_gaps(antibodies)
    if not core_missing:
        if hmgcr:
            return ImnmResult("anti_hmgcr", (), ())
        if srp:
            return ImnmResult("anti_srp", (), ())
        if biopsy_necrotising is True and not antibody_gaps:
            return ImnmResult("antibody_negative", (), (EXCLUDE_MIMICS_NOTE,))
    missing = list(core_missing)
    if not (hmgcr or srp):
        if biopsy_necrotising is None:
            missing.append("muscle biopsy compatible with IMNM (no biopsy recorded)")
        elif not biopsy_necrotising:
            missing.append(
                "muscle biopsy compatible with IMNM (necrotic/regenerating fibres dominant, "
                "sparse lymphocytes)"
            )
        missing.extend(antibody_gaps)
    return ImnmResult(None, tuple(missing), ())
