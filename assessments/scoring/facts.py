"""Hold the patient facts that the screening plan and the diagnostic prompts read.

Source: clinical-rules.md §6, §9 and §10.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assessments.scoring.codes import (
    ANTIBODY_CODES,
    ANTIBODY_RESULTS,
    BIOPSY_FINDINGS,
    MSA_CODES,
    SUBTYPE_CODES,
)

_EMPTY: Mapping[str, str] = MappingProxyType({})
_TESTED = frozenset({"positive", "negative", "borderline"})
# Sets for the validation below: every patient of a sweep builds its facts.
_ANTIBODY_CODES = frozenset(ANTIBODY_CODES)
_ANTIBODY_RESULTS = frozenset(ANTIBODY_RESULTS)
_SUBTYPE_CODES = frozenset(SUBTYPE_CODES)
_BIOPSY_FINDINGS = frozenset(BIOPSY_FINDINGS)


@dataclass(frozen=True)
class PatientFacts:
    """A snapshot of one patient's facts, as plain codes.

    ``antibodies`` maps antibody codes to results; an absent code means not tested
    (the latest result per antibody is expected). ``latest_biopsy`` is one of
    ``BIOPSY_FINDINGS`` or None. ``refractory`` is the latest refractory evaluation's
    verdict; ``ivig_tried`` is True once any IVIG course was recorded;
    ``malignancy_excluded`` is True once a cancer screen has been recorded.

    Worked out once from ``antibodies``: ``msa_tested`` (myositis-specific antibodies
    with a result), ``msa_untested`` (never tested), ``msa_positive`` (tested positive)
    and ``msa_negative`` (at least one MSA tested and every tested MSA negative;
    clinical-rules.md §6: "seronegative" only for the antibodies tested, and a
    borderline result is not negative).
    """

    sex: str | None = None
    age_at_onset: float | None = None
    onset_date: dt.date | None = None
    diagnosis_date: dt.date | None = None
    subtype: str | None = None
    antibodies: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    dysphagia: bool = False
    cutaneous_necrosis: bool = False
    persistent_high_activity: bool = False
    ck_raised: bool | None = None
    latest_biopsy: str | None = None
    biopsy_count: int = 0
    statin_ongoing: bool = False
    refractory: bool = False
    ivig_tried: bool = False
    malignancy_excluded: bool = False
    msa_tested: tuple[str, ...] = field(init=False, repr=False, compare=False)
    msa_untested: tuple[str, ...] = field(init=False, repr=False, compare=False)
    msa_positive: tuple[str, ...] = field(init=False, repr=False, compare=False)
    msa_negative: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Reject unknown codes and impossible values with a ValueError naming the field."""
        if self.age_at_onset is not None and not 0 <= self.age_at_onset < 130:
            raise ValueError(f"age_at_onset must be 0-130 years, got {self.age_at_onset!r}")
        if self.subtype is not None and self.subtype not in _SUBTYPE_CODES:
            raise ValueError(f"subtype: unknown code {self.subtype!r}")
        if self.latest_biopsy is not None and self.latest_biopsy not in _BIOPSY_FINDINGS:
            raise ValueError(f"latest_biopsy: unknown finding {self.latest_biopsy!r}")
        if self.biopsy_count < 0:
            raise ValueError(f"biopsy_count must be >= 0, got {self.biopsy_count}")
        for code, result in self.antibodies.items():
            if code not in _ANTIBODY_CODES:
                raise ValueError(f"antibodies: unknown antibody code {code!r}")
            if result not in _ANTIBODY_RESULTS:
                raise ValueError(f"antibodies[{code}]: unknown result {result!r}")
        antibodies = MappingProxyType(dict(self.antibodies))
        object.__setattr__(self, "antibodies", antibodies)
        tested = tuple(code for code in MSA_CODES if antibodies.get(code) in _TESTED)
        object.__setattr__(self, "msa_tested", tested)
        untested = tuple(code for code in MSA_CODES if code not in tested)
        object.__setattr__(self, "msa_untested", untested)
        positive = tuple(code for code in tested if antibodies[code] == "positive")
        object.__setattr__(self, "msa_positive", positive)
        negative = bool(tested) and all(antibodies[code] == "negative" for code in tested)
        object.__setattr__(self, "msa_negative", negative)

    @property
    def juvenile(self) -> bool | None:
        """Return True for onset before 18 (exactly 18 is adult); None if age unknown."""
        if self.age_at_onset is None:
            return None
        return self.age_at_onset < 18

    def antibody(self, code: str) -> str:
        """Return the result for ``code``, "not_tested" when none was recorded."""
        return self.antibodies.get(code, "not_tested")

    def positive(self, code: str) -> bool:
        """Return True when ``code`` tested positive (borderline is not positive)."""
        return self.antibody(code) == "positive"

    def tested(self, code: str) -> bool:
        """Return True when ``code`` has a positive, negative or borderline result."""
        return self.antibody(code) in _TESTED
