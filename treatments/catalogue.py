"""The drug catalogue seeded into every installation (clinical-rules.md §7)."""

from typing import NamedTuple


class CatalogueDrug(NamedTuple):
    name: str
    drug_class: str
    usual_line: int | None
    default_unit: str


CATALOGUE: tuple[CatalogueDrug, ...] = (
    CatalogueDrug("Prednisolone", "glucocorticoid", 1, "mg"),
    CatalogueDrug("Prednisone", "glucocorticoid", 1, "mg"),
    CatalogueDrug("Methylprednisolone", "glucocorticoid", 1, "mg"),
    CatalogueDrug("Methotrexate", "conventional_immunosuppressant", 1, "mg"),
    CatalogueDrug("Azathioprine", "conventional_immunosuppressant", 1, "mg"),
    CatalogueDrug("Mycophenolate mofetil", "conventional_immunosuppressant", 2, "g"),
    CatalogueDrug("Tacrolimus", "calcineurin_inhibitor", 2, "mg"),
    CatalogueDrug("Ciclosporin", "calcineurin_inhibitor", 2, "mg"),
    CatalogueDrug("Rituximab", "biologic", 3, "mg"),
    CatalogueDrug("Abatacept", "biologic", 3, "mg"),
    CatalogueDrug("Cyclophosphamide", "alkylating_agent", 3, "mg/m2"),
    CatalogueDrug("Intravenous immunoglobulin", "ivig", None, "g/kg"),
    CatalogueDrug("Atorvastatin", "statin", None, "mg"),
    CatalogueDrug("Simvastatin", "statin", None, "mg"),
    CatalogueDrug("Rosuvastatin", "statin", None, "mg"),
)
