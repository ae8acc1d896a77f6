"""Fake personal data for the telecom churn snapshots.

Every value here is invented from small built-in lists, so the data set can be shared,
committed and published without touching a real person:

* names are combined from common first names and surnames;
* e-mail addresses use the domains reserved for documentation by RFC 2606
  (``example.com``, ``example.net``, ``example.org``);
* phone numbers come from the block Ofcom reserves for TV and radio drama
  (07700 900000 to 07700 900999), so dialling one never reaches anybody;
* postcodes have the UK format and an area that matches the customer's region, which is
  exactly what makes them a *quasi-identifier* in the governance lab.

The values are still realistic enough to be dangerous in the lab's story: a name together
with a date of birth and a postcode singles out most customers.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["fake_personal_data"]


FIRST_NAMES: tuple[str, ...] = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily", "Sophia", "Emily",
    "Chloe", "Zara", "Aisha", "Priya", "Fatima", "Niamh", "Siobhan", "Megan", "Hannah",
    "Ruth", "Margaret", "Susan", "Patricia", "Joan", "Oliver", "George", "Noah", "Arthur",
    "Harry", "Leo", "Jack", "Charlie", "Oscar", "Jacob", "Mohammed", "Omar", "Arjun",
    "Ravi", "Tomasz", "Piotr", "Liam", "Connor", "Rhys", "Dylan", "Callum", "David",
    "Peter", "Michael", "Stephen", "Kwame",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
    "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Ali", "Hussain", "Begum",
    "Singh", "Kaur", "Nowak", "Kowalski", "Murphy", "Kelly", "O'Brien", "Campbell",
    "Stewart", "MacDonald", "Morgan", "Hughes", "Lewis", "Edwards", "Okafor", "Mensah",
    "Chen", "Wang", "Nguyen", "Ahmed", "Turner", "Hill", "Moore", "Cooper", "Ward",
)  # fmt: skip

EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.net", "example.org")

# Postcode areas per region (index order matches generator.REGIONS).
POSTCODE_AREAS: tuple[tuple[str, ...], ...] = (
    ("NE", "SR", "DH", "LS", "YO", "M"),  # north
    ("BN", "SO", "PO", "GU", "RH", "CT"),  # south
    ("NR", "CB", "IP", "CO", "CM", "PE"),  # east
    ("BS", "EX", "PL", "TR", "GL", "TA"),  # west
    ("B", "CV", "NG", "LE", "DE", "WV"),  # central
)

# Letters allowed in the inward part of a UK postcode (C, I, K, M, O, V never are).
_INWARD_LETTERS = tuple("ABDEFGHJLNPQRSTUWXYZ")


ObjectArray = npt.NDArray[np.object_]


def _combine(left: tuple[str, ...], separator: str, right: tuple[str, ...]) -> ObjectArray:
    """All ``l + separator + r`` as a flat object array, ``right`` varying fastest.

    Building these small tables once per call and indexing them is much faster than
    concatenating strings row by row.
    """
    return np.array([f"{lft}{separator}{rgt}" for lft in left for rgt in right], dtype=object)


def fake_personal_data(
    rng: np.random.Generator,
    region_index: npt.NDArray[np.int64],
    age: npt.NDArray[np.int64],
    month: npt.NDArray[np.datetime64],
) -> dict[str, npt.NDArray[np.object_] | npt.NDArray[np.datetime64]]:
    """Draw names, e-mails, phones, dates of birth and postcodes for ``len(age)`` customers.

    Args:
        rng: The generator's random stream; exactly the same number of draws is made for a
            given ``len(age)``, so the caller's later draws stay reproducible.
        region_index: Region of each customer (index into the generator's region list);
            the postcode area is drawn from that region.
        age: Age in whole years on the first day of ``month``.
        month: Snapshot month of each row, as ``datetime64[M]``.

    Returns:
        Columns ``full_name``, ``email``, ``phone``, ``postcode`` (object arrays of str) and
        ``date_of_birth`` (``datetime64[D]``), chosen so that the age on the first day of
        the snapshot month is exactly ``age``.
    """
    n = len(age)
    n_first, n_last = len(FIRST_NAMES), len(SURNAMES)
    name_index = rng.integers(0, n_first, n) * n_last + rng.integers(0, n_last, n)
    full_name = _combine(FIRST_NAMES, " ", SURNAMES)[name_index]

    # E-mail: "olivia.smith", "osmith42" or "olivia_smith42" at an RFC 2606 domain.
    first_l = tuple(name.lower() for name in FIRST_NAMES)
    last_l = tuple(name.lower().replace("'", "") for name in SURNAMES)
    local_parts = np.concatenate(
        [
            _combine(first_l, ".", last_l),
            _combine(tuple(name[0] for name in first_l), "", last_l),
            _combine(first_l, "_", last_l),
        ]
    )
    style = rng.integers(0, 3, n)
    number = np.where(style == 0, 0, rng.integers(1, 100, n))  # 0 means "no number"
    endings = _combine(("", *(str(i) for i in range(1, 100))), "@", EMAIL_DOMAINS)
    ending_index = number * len(EMAIL_DOMAINS) + rng.integers(0, len(EMAIL_DOMAINS), n)
    email = local_parts[style * n_first * n_last + name_index] + endings[ending_index]

    phones = _combine(("07700 900",), "", tuple(f"{i:03d}" for i in range(1000)))
    phone = phones[rng.integers(0, 1000, n)]

    # Postcode "LS12 3AB": an area of the customer's region, a district, a sector, a unit.
    districts = tuple(str(d) for d in range(1, 30))
    n_areas, n_districts = len(POSTCODE_AREAS[0]), len(districts)
    outward = np.concatenate([_combine(areas, "", districts) for areas in POSTCODE_AREAS])
    area_index = region_index * n_areas + rng.integers(0, n_areas, n)
    outward_index = area_index * n_districts + rng.integers(0, n_districts, n)
    units = _combine(_INWARD_LETTERS, "", _INWARD_LETTERS)
    inward = _combine(tuple(str(d) for d in range(10)), "", tuple(units))
    postcode = outward[outward_index] + " " + inward[rng.integers(0, len(inward), n)]

    # Date of birth: uniformly inside the year of life that gives exactly `age` on the
    # first day of the snapshot month, i.e. in (month - (age+1) years, month - age years].
    latest = (month - 12 * age).astype("datetime64[D]")
    earliest_excl = (month - 12 * (age + 1)).astype("datetime64[D]")
    span = (latest - earliest_excl).astype(np.int64)  # 365 or 366 days
    days_back = np.floor(rng.random(n) * span).astype(np.int64)
    date_of_birth = latest - days_back.astype("timedelta64[D]")

    return {
        "full_name": full_name,
        "email": email,
        "phone": phone,
        "date_of_birth": date_of_birth,
        "postcode": postcode,
    }
