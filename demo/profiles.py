"""How each myositis subtype looks in the demo cohort: frequency, patient, antibodies, course.

Figures are plausible round numbers for an adult rheumatology myositis clinic, not
epidemiology; they only need to make the demo data look like a real clinic's.
"""

from dataclasses import dataclass

from patients.models import Subtype

# Response: the line of therapy that brings the first improvement ("ivig" or None = never).
Response = int | str | None


@dataclass(frozen=True)
class SubtypeProfile:
    weight: float
    onset_age: tuple[float, float, float, float]  # mean, sd, min, max
    female_share: float
    delay_months: tuple[float, float]  # onset -> diagnosis
    antibodies: tuple[tuple[float, tuple[str, ...]], ...]  # (weight, positive antibodies)
    biopsy_share: float
    biopsy_pattern: str  # key of BIOPSY_PATTERNS
    ck_fold: tuple[float, float]  # CK at diagnosis as a multiple of the ULN
    extramuscular: tuple[float, float]  # extramuscular global VAS at diagnosis
    mmt_deficit: tuple[float, float]  # share of the MMT-8 maximum lost at diagnosis
    weakness: str  # key of WEAKNESS_WEIGHTS
    features: tuple[tuple[str, float], ...]  # (visit feature, probability at diagnosis)
    responses: tuple[tuple[float, Response], ...]
    initial_diagnosis: tuple[tuple[float, str], ...] = ()  # a first, later revised diagnosis


_DM_SKIN = (("heliotrope", 0.6), ("gottron_papules", 0.7), ("gottron_sign", 0.4))
_WEAK = (("proximal_upper_weakness", 0.85), ("proximal_lower_weakness", 0.9))
_COMMON_RESPONSES: tuple[tuple[float, Response], ...] = (
    (55, 1),
    (18, 2),
    (9, 3),
    (6, "ivig"),
    (12, None),
)

PROFILES: dict[str, SubtypeProfile] = {
    Subtype.DM: SubtypeProfile(
        weight=27, onset_age=(52, 13, 18, 88), female_share=0.68, delay_months=(2, 9),
        antibodies=(
            (25, ("mi2",)), (22, ("tif1g",)), (16, ("nxp2",)), (9, ("mda5",)), (6, ("sae",)),
            (4, ("mi2", "ro52")), (18, ()),
        ),
        biopsy_share=0.8, biopsy_pattern="dm", ck_fold=(2, 25), extramuscular=(2.5, 6.5),
        mmt_deficit=(0.08, 0.3), weakness="proximal",
        features=(*_DM_SKIN, *_WEAK, ("dysphagia", 0.2), ("raynaud", 0.15),
                  ("cutaneous_necrosis", 0.04), ("arthritis", 0.1), ("ild", 0.08)),
        responses=_COMMON_RESPONSES,
    ),
    Subtype.ADM: SubtypeProfile(
        weight=4, onset_age=(50, 12, 18, 80), female_share=0.7, delay_months=(2, 8),
        antibodies=((50, ("mda5",)), (15, ("mda5", "ro52")), (15, ("tif1g",)), (20, ())),
        biopsy_share=0.3, biopsy_pattern="dm_mild", ck_fold=(0.4, 1.3), extramuscular=(3, 7),
        mmt_deficit=(0.0, 0.03), weakness="proximal",
        features=(*_DM_SKIN, ("ild", 0.35), ("arthritis", 0.2), ("mechanics_hands", 0.1)),
        responses=_COMMON_RESPONSES,
    ),
    Subtype.JDM: SubtypeProfile(
        weight=3, onset_age=(8, 3.5, 2, 17), female_share=0.62, delay_months=(1, 6),
        antibodies=(
            (33, ("tif1g",)), (30, ("nxp2",)), (8, ("mda5",)), (6, ("mi2",)), (23, ()),
        ),
        biopsy_share=0.7, biopsy_pattern="dm", ck_fold=(2, 12), extramuscular=(2.5, 6),
        mmt_deficit=(0.1, 0.35), weakness="proximal",
        features=(*_DM_SKIN, *_WEAK, ("dysphagia", 0.1), ("cutaneous_necrosis", 0.05)),
        responses=((65, 1), (18, 2), (7, 3), (5, "ivig"), (5, None)),
    ),
    Subtype.PM: SubtypeProfile(
        weight=9, onset_age=(49, 13, 19, 85), female_share=0.65, delay_months=(3, 12),
        antibodies=((62, ()), (25, ("ro52",)), (13, ("ro60",))),
        biopsy_share=0.95, biopsy_pattern="pm", ck_fold=(3, 20), extramuscular=(0, 2),
        mmt_deficit=(0.1, 0.35), weakness="proximal",
        features=(*_WEAK, ("neck_flexor_weaker", 0.4), ("dysphagia", 0.15)),
        responses=((50, 1), (20, 2), (10, 3), (5, "ivig"), (15, None)),
    ),
    Subtype.IMNM_HMGCR: SubtypeProfile(
        weight=8, onset_age=(60, 12, 25, 88), female_share=0.58, delay_months=(3, 12),
        antibodies=((85, ("hmgcr",)), (15, ("hmgcr", "ro52"))),
        biopsy_share=0.7, biopsy_pattern="necrotising", ck_fold=(15, 55), extramuscular=(0, 1),
        mmt_deficit=(0.15, 0.4), weakness="proximal",
        features=(*_WEAK, ("neck_flexor_weaker", 0.5), ("dysphagia", 0.2)),
        responses=((25, 1), (20, 2), (10, 3), (30, "ivig"), (15, None)),
        initial_diagnosis=((30, Subtype.PM), (70, "")),
    ),
    Subtype.IMNM_SRP: SubtypeProfile(
        weight=5, onset_age=(50, 14, 20, 85), female_share=0.62, delay_months=(2, 8),
        antibodies=((80, ("srp",)), (20, ("srp", "ro52"))),
        biopsy_share=0.85, biopsy_pattern="necrotising", ck_fold=(20, 60), extramuscular=(0, 2),
        mmt_deficit=(0.2, 0.45), weakness="proximal",
        features=(*_WEAK, ("neck_flexor_weaker", 0.5), ("dysphagia", 0.3), ("myocarditis", 0.05)),
        responses=((20, 1), (20, 2), (35, 3), (10, "ivig"), (15, None)),
    ),
    Subtype.IMNM_SERONEG: SubtypeProfile(
        weight=3, onset_age=(52, 15, 20, 85), female_share=0.55, delay_months=(4, 14),
        antibodies=((100, ()),),
        biopsy_share=1.0, biopsy_pattern="necrotising", ck_fold=(10, 40), extramuscular=(0, 1),
        mmt_deficit=(0.15, 0.4), weakness="proximal",
        features=(*_WEAK, ("dysphagia", 0.15)),
        responses=((35, 1), (20, 2), (15, 3), (15, "ivig"), (15, None)),
        initial_diagnosis=((25, Subtype.PM), (75, "")),
    ),
    Subtype.IBM: SubtypeProfile(
        weight=8, onset_age=(66, 8, 50, 90), female_share=0.35, delay_months=(24, 72),
        antibodies=((40, ("cn1a",)), (60, ())),
        biopsy_share=0.95, biopsy_pattern="ibm", ck_fold=(1.5, 8), extramuscular=(0, 0.5),
        mmt_deficit=(0.15, 0.35), weakness="ibm",
        features=(("finger_flexor_weakness", 0.95), ("proximal_lower_weakness", 0.7),
                  ("dysphagia", 0.4)),
        responses=((100, None),),
        initial_diagnosis=((35, Subtype.PM), (65, "")),
    ),
    Subtype.ASYS: SubtypeProfile(
        weight=19, onset_age=(50, 12, 20, 82), female_share=0.67, delay_months=(2, 10),
        antibodies=(
            (45, ("jo1", "ro52")), (12, ("jo1",)), (14, ("pl7", "ro52")), (4, ("pl7",)),
            (13, ("pl12",)), (6, ("ej",)), (6, ("oj",)),
        ),
        biopsy_share=0.6, biopsy_pattern="asys", ck_fold=(1.5, 15), extramuscular=(3, 7),
        mmt_deficit=(0.05, 0.25), weakness="proximal",
        features=(*_WEAK, ("ild", 0.75), ("mechanics_hands", 0.45), ("arthritis", 0.5),
                  ("raynaud", 0.4), ("dysphagia", 0.08)),
        responses=((45, 1), (30, 2), (15, 3), (2, "ivig"), (8, None)),
        initial_diagnosis=((15, Subtype.PM), (85, "")),
    ),
    Subtype.OVERLAP: SubtypeProfile(
        weight=10, onset_age=(46, 13, 18, 80), female_share=0.8, delay_months=(3, 12),
        antibodies=(
            (35, ("pmscl",)), (15, ("ku",)), (25, ("u1rnp",)), (10, ("ro60", "la")),
            (15, ("ro52",)),
        ),
        biopsy_share=0.7, biopsy_pattern="pm", ck_fold=(2, 10), extramuscular=(2, 6),
        mmt_deficit=(0.05, 0.25), weakness="proximal",
        features=(*_WEAK, ("raynaud", 0.7), ("arthritis", 0.5), ("ild", 0.3)),
        responses=((70, 1), (15, 2), (5, 3), (2, "ivig"), (8, None)),
    ),
    Subtype.UNCERTAIN: SubtypeProfile(
        weight=4, onset_age=(50, 15, 18, 85), female_share=0.55, delay_months=(6, 24),
        antibodies=((90, ()), (10, ("ro52",))),
        biopsy_share=0.8, biopsy_pattern="uncertain", ck_fold=(1, 6), extramuscular=(0, 1.5),
        mmt_deficit=(0.03, 0.2), weakness="proximal",
        features=(("proximal_lower_weakness", 0.6), ("proximal_upper_weakness", 0.4)),
        responses=((40, 1), (10, 2), (50, None)),
    ),
}  # fmt: skip

SUBTYPE_WEIGHTS: tuple[tuple[float, str], ...] = tuple(
    (profile.weight, code) for code, profile in PROFILES.items()
)
# The first patients after the seed case take every subtype once, anti-HMGCR last (the
# seed case is one), so that a cohort of 11 already shows every subtype.
COVERAGE_ORDER: tuple[str, ...] = (
    *(code for code in PROFILES if code != Subtype.IMNM_HMGCR),
    Subtype.IMNM_HMGCR,
)

# Relative weakness of each MMT-8 group (neck flexors first, as in MMT_GROUPS).
WEAKNESS_WEIGHTS: dict[str, tuple[float, ...]] = {
    "proximal": (1.5, 1.4, 0.9, 0.35, 1.4, 1.5, 1.0, 0.3),
    "ibm": (0.5, 0.5, 0.8, 1.0, 0.4, 0.5, 1.9, 1.6),
    "pelvic": (0.4, 0.35, 0.25, 0.1, 1.8, 1.8, 1.3, 0.15),
}

# Structured biopsy findings by pattern: (finding, probability), then the conclusion.
BIOPSY_PATTERNS: dict[str, tuple[tuple[tuple[str, float], ...], str]] = {
    "dm": (
        (("perimysial_perivascular_infiltrate", 0.85), ("perifascicular_atrophy", 0.7),
         ("mhc1_upregulation", 0.8), ("mac_deposition", 0.5)),
        "dm_pattern",
    ),
    "dm_mild": (
        (("perimysial_perivascular_infiltrate", 0.5), ("perifascicular_atrophy", 0.3),
         ("mhc1_upregulation", 0.5)),
        "dm_pattern",
    ),
    "pm": (
        (("endomysial_infiltrate", 0.9), ("perimysial_perivascular_infiltrate", 0.3),
         ("mhc1_upregulation", 0.9)),
        "inflammatory",
    ),
    "necrotising": (
        (("necrotic_fibres_predominant", 1.0), ("mac_deposition", 0.7),
         ("mhc1_upregulation", 0.5)),
        "necrotising",
    ),
    "ibm": (
        (("endomysial_infiltrate", 0.9), ("rimmed_vacuoles", 0.9), ("mhc1_upregulation", 0.95)),
        "ibm_pattern",
    ),
    "asys": (
        (("perimysial_perivascular_infiltrate", 0.8), ("necrotic_fibres_predominant", 0.3),
         ("mhc1_upregulation", 0.7)),
        "inflammatory",
    ),
    "uncertain": ((("mhc1_upregulation", 0.2),), "non_inflammatory"),
}  # fmt: skip
