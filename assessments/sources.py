"""Where each computed result comes from: the section of clinical-rules.md it applies.

Shown beside every score, status and reminder, so a clinician can check the rule behind
it (`../shared/reference/clinical-rules.md`).
"""

from typing import Final

RULE_SOURCES: Final = {
    "tis": "clinical-rules.md §2 — 2016 ACR/EULAR myositis response criteria (Aggarwal 2017)",
    "doi": "clinical-rules.md §3 — IMACS 2004 definition of improvement (Rider 2004)",
    "classification": "clinical-rules.md §4 — 2017 EULAR/ACR IIM criteria (Lundberg 2017)",
    "refractory": (
        "clinical-rules.md §8 — refractory myositis, application default after the RIM "
        "trial definition (Oddis 2013)"
    ),
}

# By ``ReminderKind`` value.
REMINDER_SOURCES: Final = {
    "follow_up": (
        "Department follow-up interval: every 3 months when refractory or active, "
        "otherwise every 6 (issue 6, configurable per department)"
    ),
    "repeat_biopsy": "clinical-rules.md §8 and §10 — refractory: review the diagnosis",
    "antibody_testing": (
        "clinical-rules.md §5, §6 and §10 — antibody-negative myositis: test anti-HMGCR "
        "and anti-SRP; a full MSA panel"
    ),
    "cancer_screening": (
        "clinical-rules.md §9 — IMACS 2023 cancer screening guideline (Oldroyd 2023); "
        "seronegative patients (§10)"
    ),
    "safety": "clinical-rules.md §5 — statin continued in an anti-HMGCR-positive patient",
    "treatment": (
        "clinical-rules.md §7 and §10 — IMNM not responding to conventional "
        "immunosuppression: consider IVIG"
    ),
}
