"""Fixed reference data of the demo cohort: departments, user names, people's names."""

from dataclasses import dataclass
from decimal import Decimal

from patients.models import Role

CHANGE_REASON = "demo data"


@dataclass(frozen=True)
class DepartmentSpec:
    """A demo department with its lab upper limits of normal and its MMT-8 habit."""

    name: str
    code: str
    slug: str  # used in user names: nurse.<slug>
    hospital_prefix: str
    share: float  # share of the cohort followed here
    unilateral_share: float  # share of its patients examined with the unilateral MMT-8
    ck_uln: Decimal
    ldh_uln: Decimal
    aldolase_uln: Decimal
    alt_uln: Decimal
    ast_uln: Decimal
    follow_up_months_active: int
    follow_up_months_stable: int
    lab: str


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        name="Rheumatology North",
        code="demo-north",
        slug="north",
        hospital_prefix="N",
        share=0.40,
        unilateral_share=0.05,
        ck_uln=Decimal("190"),
        ldh_uln=Decimal("250"),
        aldolase_uln=Decimal("7.6"),
        alt_uln=Decimal("45"),
        ast_uln=Decimal("40"),
        follow_up_months_active=3,
        follow_up_months_stable=6,
        lab="Northern General Immunology Laboratory",
    ),
    DepartmentSpec(
        name="Rheumatology South",
        code="demo-south",
        slug="south",
        hospital_prefix="S",
        share=0.35,
        unilateral_share=0.10,
        ck_uln=Decimal("200"),
        ldh_uln=Decimal("246"),
        aldolase_uln=Decimal("8.1"),
        alt_uln=Decimal("41"),
        ast_uln=Decimal("35"),
        follow_up_months_active=3,
        follow_up_months_stable=6,
        lab="South Hospitals Clinical Immunology",
    ),
    DepartmentSpec(
        name="Rheumatology East",
        code="demo-east",
        slug="east",
        hospital_prefix="E",
        share=0.25,
        unilateral_share=0.70,
        ck_uln=Decimal("171"),
        ldh_uln=Decimal("225"),
        aldolase_uln=Decimal("7.0"),
        alt_uln=Decimal("50"),
        ast_uln=Decimal("45"),
        follow_up_months_active=3,
        follow_up_months_stable=5,
        lab="East Region Pathology, Immunology",
    ),
)
REFERENCE_LAB = "Regional Neuroimmunology Reference Laboratory"

# Role -> the user name stem in each department: nurse.north, clinician.north, ...
ROLE_STEMS: tuple[tuple[str, str], ...] = (
    (Role.NURSE, "nurse"),
    (Role.CLINICIAN, "clinician"),
    (Role.DEPARTMENT_ADMIN, "deptadmin"),
)
REGISTRY_USERNAME = "registry"
SUPERUSER_USERNAME = "admin"


def department_usernames() -> list[tuple[int, str, str]]:
    """Return (department index, role, user name) for every department user."""
    return [
        (index, role, f"{stem}.{spec.slug}")
        for index, spec in enumerate(DEPARTMENTS)
        for role, stem in ROLE_STEMS
    ]


def demo_usernames() -> list[str]:
    """Return every user name the demo creates."""
    return [name for _, _, name in department_usernames()] + [
        REGISTRY_USERNAME,
        SUPERUSER_USERNAME,
    ]


STAFF_NAMES: tuple[tuple[str, str], ...] = (
    ("Priya", "Raman"),
    ("Tom", "Hallett"),
    ("Grace", "Okafor"),
    ("Sofia", "Lindgren"),
    ("Daniel", "Whitaker"),
    ("Aisha", "Karim"),
    ("Martin", "Novak"),
    ("Helen", "Byrne"),
    ("Yusuf", "Demir"),
    ("Ruth", "Ellison"),
    ("Oliver", "Grant"),
)

FEMALE_NAMES = (
    "Alice", "Amelia", "Anna", "Ayesha", "Beatrice", "Chloe", "Claire", "Daniela", "Eleanor",
    "Elif", "Emma", "Fatima", "Freya", "Hannah", "Ingrid", "Isla", "Jasmine", "Joanna", "Julia",
    "Karen", "Katarzyna", "Laura", "Leila", "Lucy", "Margaret", "Maria", "Marta", "Mei",
    "Nadia", "Niamh", "Olivia", "Patricia", "Rachel", "Rosa", "Sarah", "Sinead", "Sophie",
    "Susan", "Yasmin", "Zofia",
)  # fmt: skip
MALE_NAMES = (
    "Adam", "Ahmed", "Alexander", "Andrew", "Ben", "Callum", "Carlos", "Daniel", "David",
    "Edward", "Emre", "George", "Hamza", "Harry", "Ian", "Jakub", "James", "John", "Jonas",
    "Kevin", "Liam", "Lukas", "Mark", "Mateo", "Michael", "Mohammed", "Nikhil", "Noah", "Oscar",
    "Patrick", "Paul", "Peter", "Raj", "Richard", "Samuel", "Stefan", "Thomas", "Tomasz",
    "William", "Yusuf",
)  # fmt: skip
FAMILY_NAMES = (
    "Adams", "Ahmed", "Ali", "Andersson", "Bailey", "Baker", "Bell", "Brown", "Campbell",
    "Carter", "Chen", "Clarke", "Collins", "Cooper", "Davies", "Dubois", "Edwards", "Evans",
    "Fernandes", "Fischer", "Garcia", "Green", "Hall", "Harris", "Hughes", "Ivanova", "Jackson",
    "Jansen", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Kowalski", "Lee", "Lewis",
    "Martin", "Mensah", "Mitchell", "Moore", "Morgan", "Murphy", "Nielsen", "Novak", "O'Brien",
    "Okoro", "Parker", "Patel", "Phillips", "Price", "Reid", "Roberts", "Robinson", "Rossi",
    "Santos", "Schmidt", "Scott", "Shah", "Singh", "Smith", "Stewart", "Taylor", "Thomas",
    "Thompson", "Turner", "Walker", "Walsh", "Ward", "Watson", "White", "Williams", "Wilson",
    "Wood", "Wright", "Yilmaz", "Young", "Zielinski",
)  # fmt: skip
