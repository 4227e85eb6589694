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


@dataclass(frozen=True)
class PatientFacts:
    """A snapshot of one patient's facts, as plain codes.

    ``antibodies`` maps antibody codes to results; an absent code means not tested
    (the latest result per antibody is expected). ``latest_biopsy`` is one of
    ``BIOPSY_FINDINGS`` or None. ``refractory`` is the latest refractory evaluation's
    verdict; ``ivig_tried`` is True once any IVIG course was recorded;
    ``malignancy_excluded`` is True once a cancer screen has been recorded.
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

    def __post_init__(self) -> None:
        """Reject unknown codes and impossible values with a ValueError naming the field."""
        if self.age_at_onset is not None and not 0 <= self.age_at_onset < 130:
            raise ValueError(f"age_at_onset must be 0-130 years, got {self.age_at_onset!r}")
        if self.subtype is not None and self.subtype not in SUBTYPE_CODES:
            raise ValueError(f"subtype: unknown code {self.subtype!r}")
        if self.latest_biopsy is not None and self.latest_biopsy not in BIOPSY_FINDINGS:
            raise ValueError(f"latest_biopsy: unknown finding {self.latest_biopsy!r}")
        if self.biopsy_count < 0:
            raise ValueError(f"biopsy_count must be >= 0, got {self.biopsy_count}")
        for code, result in self.antibodies.items():
            if code not in ANTIBODY_CODES:
                raise ValueError(f"antibodies: unknown antibody code {code!r}")
            if result not in ANTIBODY_RESULTS:
                raise ValueError(f"antibodies[{code}]: unknown result {result!r}")
        object.__setattr__(self, "antibodies", MappingProxyType(dict(self.antibodies)))

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

    @property
    def msa_tested(self) -> tuple[str, ...]:
        """Return the myositis-specific antibodies with a result."""
        return tuple(code for code in MSA_CODES if self.tested(code))

    @property
    def msa_untested(self) -> tuple[str, ...]:
        """Return the myositis-specific antibodies never tested."""
        return tuple(code for code in MSA_CODES if not self.tested(code))

    @property
    def msa_positive(self) -> tuple[str, ...]:
        """Return the myositis-specific antibodies that tested positive."""
        return tuple(code for code in MSA_CODES if self.positive(code))

    @property
    def msa_negative(self) -> bool:
        """Return True when at least one MSA was tested and every tested MSA is negative.

        Source: clinical-rules.md §6 ("seronegative" only for the antibodies tested; a
        borderline result is not negative).
        """
        tested = self.msa_tested
        return bool(tested) and all(self.antibody(code) == "negative" for code in tested)
