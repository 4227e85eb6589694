"""Define the string codes shared by the scoring rules and the rest of the product.

Every code is a plain string so that Django ``TextChoices``, forms and exports can use the
same values. The ``Literal`` aliases give the rules precise types; the tuples, read from
them with ``get_args``, give the allowed values in display order.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, get_args

# -- Therapy -----------------------------------------------------------------------------

DrugClass = Literal[
    "glucocorticoid",
    "conventional_immunosuppressant",
    "calcineurin_inhibitor",
    "biologic",
    "ivig",
    "alkylating_agent",
    "statin",
    "other",
]
DRUG_CLASSES: Final[tuple[DrugClass, ...]] = get_args(DrugClass)
GLUCOCORTICOID: Final = "glucocorticoid"
STATIN: Final = "statin"
IVIG: Final = "ivig"
# Classes that make glucocorticoid therapy "adequate" (clinical-rules.md §8): every
# non-glucocorticoid immunosuppressant, plus IVIG.
ADEQUATE_THERAPY_PARTNER_CLASSES: Final[frozenset[str]] = frozenset(
    {
        "conventional_immunosuppressant",
        "calcineurin_inhibitor",
        "biologic",
        "alkylating_agent",
        "ivig",
    }
)

StopReason = Literal["ineffective", "adverse_event", "remission", "other"]
STOP_REASONS: Final[tuple[StopReason, ...]] = get_args(StopReason)

# -- Autoantibodies (clinical-rules.md §6) -------------------------------------------------

MsaCode = Literal[
    "jo1",
    "pl7",
    "pl12",
    "ej",
    "oj",
    "mda5",
    "tif1g",
    "nxp2",
    "sae",
    "mi2",
    "srp",
    "hmgcr",
    "cn1a",
]
MaaCode = Literal["pmscl", "ku", "u1rnp", "ro52", "ro60", "la"]
AntibodyCode = Literal[MsaCode, MaaCode]
MSA_CODES: Final[tuple[AntibodyCode, ...]] = get_args(MsaCode)
MAA_CODES: Final[tuple[AntibodyCode, ...]] = get_args(MaaCode)
ANTIBODY_CODES: Final[tuple[AntibodyCode, ...]] = MSA_CODES + MAA_CODES
ANTIBODY_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "jo1": "anti-Jo-1",
        "pl7": "anti-PL-7",
        "pl12": "anti-PL-12",
        "ej": "anti-EJ",
        "oj": "anti-OJ",
        "mda5": "anti-MDA5",
        "tif1g": "anti-TIF1-γ",
        "nxp2": "anti-NXP2",
        "sae": "anti-SAE",
        "mi2": "anti-Mi-2",
        "srp": "anti-SRP",
        "hmgcr": "anti-HMGCR",
        "cn1a": "anti-cN1A",
        "pmscl": "anti-PM/Scl",
        "ku": "anti-Ku",
        "u1rnp": "anti-U1-RNP",
        "ro52": "anti-Ro52",
        "ro60": "anti-Ro60",
        "la": "anti-La",
    }
)

AntibodyResult = Literal["positive", "negative", "borderline", "not_tested"]
ANTIBODY_RESULTS: Final[tuple[AntibodyResult, ...]] = get_args(AntibodyResult)
POSITIVE: Final = "positive"
NEGATIVE: Final = "negative"
BORDERLINE: Final = "borderline"
NOT_TESTED: Final = "not_tested"

# -- Subtypes --------------------------------------------------------------------------

SubtypeCode = Literal[
    "dm",
    "adm",
    "jdm",
    "pm",
    "imnm_hmgcr",
    "imnm_srp",
    "imnm_seroneg",
    "ibm",
    "asys",
    "overlap",
    "uncertain",
]
SUBTYPE_CODES: Final[tuple[SubtypeCode, ...]] = get_args(SubtypeCode)
IMNM_SUBTYPES: Final[frozenset[str]] = frozenset({"imnm_hmgcr", "imnm_srp", "imnm_seroneg"})

# -- Muscle enzymes and MMT-8 (clinical-rules.md §1) ------------------------------------

EnzymeCode = Literal["ck", "ldh", "aldolase", "alt", "ast"]
ENZYME_CODES: Final[tuple[EnzymeCode, ...]] = get_args(EnzymeCode)
ENZYME_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {"ck": "CK", "ldh": "LDH", "aldolase": "aldolase", "alt": "ALT", "ast": "AST"}
)

MmtGroup = Literal[
    "neck_flexors",
    "deltoid",
    "biceps",
    "wrist_extensors",
    "gluteus_maximus",
    "gluteus_medius",
    "quadriceps",
    "ankle_dorsiflexors",
]
MMT8_GROUPS: Final[tuple[MmtGroup, ...]] = get_args(MmtGroup)
MmtVariant = Literal["unilateral", "bilateral"]
MMT8_MAX: Final[Mapping[str, int]] = MappingProxyType({"unilateral": 80, "bilateral": 150})

# -- Core set measures (names used in results and "missing" lists) ----------------------

MeasureName = Literal[
    "physician_global",
    "patient_global",
    "mmt8",
    "haq",
    "enzyme",
    "extramuscular_global",
]
MEASURE_NAMES: Final[tuple[MeasureName, ...]] = get_args(MeasureName)
MEASURE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "physician_global": "Physician global activity",
        "patient_global": "Patient/parent global activity",
        "mmt8": "MMT-8",
        "haq": "HAQ/CHAQ",
        "enzyme": "Muscle enzyme",
        "extramuscular_global": "Extramuscular activity",
    }
)

# -- Other shared codes -------------------------------------------------------------------

Population = Literal["adult", "juvenile"]
Sex = Literal["female", "male", "other"]
BiopsyFinding = Literal["necrotising", "non_inflammatory", "inflammatory", "non_diagnostic"]
BIOPSY_FINDINGS: Final[tuple[BiopsyFinding, ...]] = get_args(BiopsyFinding)
