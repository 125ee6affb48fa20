"""Realistic attendee names: Indonesian (Javanese, Sundanese, Batak, Balinese, Minang,
Chinese-Indonesian, mononyms) and international, generated deterministically from a seed."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# Indonesian given names, many of them also used alone (mononyms are common in Java).
INDONESIAN_GIVEN = (
    "Agus", "Ahmad", "Aditya", "Ayu", "Bambang", "Budi", "Dewi", "Dian", "Eko", "Endang",
    "Fajar", "Fitri", "Gilang", "Hendra", "Indah", "Intan", "Joko", "Kartika", "Lestari",
    "Made", "Maya", "Muhammad", "Nur", "Nyoman", "Putri", "Putu", "Rahmat", "Ratna", "Rizky",
    "Sari", "Siti", "Slamet", "Sri", "Taufik", "Teguh", "Utami", "Wahyu", "Wayan", "Yogi",
    "Yulia", "Ketut", "Kadek", "Komang", "Anisa", "Bayu", "Cahya", "Dimas", "Galih",
    "Hadi", "Ikhsan", "Kurniawan", "Larasati", "Mega", "Novi", "Oktaviani", "Pratiwi",
    "Rangga", "Setiawati", "Tri", "Wulan", "Yusuf", "Zahra", "Andi", "Rina", "Arief",
)
INDONESIAN_FAMILY = (
    "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Nugroho", "Kusuma", "Susanto",
    "Setiawan", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Lubis", "Sitompul",
    "Hutapea", "Pangaribuan", "Tanjung", "Wibowo", "Gunawan", "Halim", "Tanoto", "Lim",
    "Sutanto", "Permana", "Rahayu", "Purnomo", "Suryadi", "Wahyudi", "Syahputra",
    "Firmansyah", "Ramadhan", "Hakim", "Prasetyo", "Kurniasih", "Anggraini", "Maharani",
    "Suharto", "Sembiring", "Ginting", "Tarigan", "Manurung", "Pohan", "Daulay",
)
INTERNATIONAL_GIVEN = (
    "José", "María", "Zoë", "François", "Søren", "Łukasz", "Ana", "Chloé", "Björn",
    "Emma", "Liam", "Olivia", "Noah", "Hiroshi", "Yuki", "Mei", "Wei", "Priya", "Arjun",
    "Nguyễn", "Thảo", "Kwame", "Amara", "Fatima", "Omar", "Leila", "Mateo", "Sofía",
    "Jürgen", "Anneke", "Siobhán", "Niamh", "Olúwaseun", "Dmitri", "Ngozi", "Raúl",
    "Ines", "Lars", "Hannah", "David", "Sarah", "Michael", "Jennifer", "Kenji", "Min-jun",
)
INTERNATIONAL_FAMILY = (
    "García", "Müller", "Dubois", "Rossi", "Nowak", "Andersen", "O'Brien", "Smith",
    "Johnson", "Tanaka", "Suzuki", "Chen", "Wang", "Patel", "Sharma", "Nguyen", "Tran",
    "Mensah", "Okafor", "Haddad", "Rahman", "Fernández", "Schäfer", "de Vries",
    "van der Berg", "Kowalski", "Ivanova", "Park", "Kim", "Lee", "Brown", "Hernández",
    "Çelik", "Yılmaz", "Adeyemi", "Dlamini", "Lindqvist", "Nakamura", "Costa", "Silva",
)
ORGANISATIONS = (
    "Universitas Indonesia", "Institut Teknologi Bandung", "Universitas Gadjah Mada",
    "Institut Teknologi Sepuluh Nopember", "Universitas Udayana", "Universitas Airlangga",
    "Gojek", "Tokopedia", "Bukalapak", "Traveloka", "Telkom Indonesia", "Bank Mandiri",
    "Pertamina", "BRIN", "Kementerian Kominfo", "Pemkot Surabaya", "Yayasan Kode Nusantara",
    "Python Indonesia", "Open Source Bali", "Freelance", "Universität Wien", "TU Delft",
    "University of Melbourne", "National University of Singapore", "Mozilla", "GitLab",
    "Red Hat", "Canonical", "Grab", "Shopee", "Sea Group", "Kyoto University", "Ubuntu-ID",
    "", "", "",
)
TICKET_TYPES = (
    # (type, weight)
    ("Conference", 62),
    ("Student", 18),
    ("Workshop", 8),
    ("Speaker", 5),
    ("VIP", 3),
    ("Volunteer", 4),
)
TSHIRT_SIZES = ("XS", "S", "M", "M", "L", "L", "XL", "XXL")
DIETS = ("", "", "", "", "Halal", "Vegetarian", "Vegan", "No nuts")


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str
    organisation: str
    ticket_type: str
    tshirt: str
    diet: str


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == ".")


def make_name(rng: random.Random) -> str:
    """One name: about 70% Indonesian (a fifth of those mononyms), 30% international."""
    if rng.random() < 0.7:
        given = rng.choice(INDONESIAN_GIVEN)
        roll = rng.random()
        if roll < 0.2:
            return given
        if roll < 0.45:
            return f"{given} {rng.choice(INDONESIAN_GIVEN)} {rng.choice(INDONESIAN_FAMILY)}"
        return f"{given} {rng.choice(INDONESIAN_FAMILY)}"
    return f"{rng.choice(INTERNATIONAL_GIVEN)} {rng.choice(INTERNATIONAL_FAMILY)}"


def make_people(count: int, *, seed: int = 2026) -> list[DemoPerson]:
    """``count`` attendees with unique e-mail addresses, the same list for the same seed."""
    rng = random.Random(seed)
    types = [t for t, _ in TICKET_TYPES]
    weights = [w for _, w in TICKET_TYPES]
    people: list[DemoPerson] = []
    seen_emails: set[str] = set()
    for _ in range(count):
        name = make_name(rng)
        base = ".".join(_ascii(part) for part in name.split()[:2] if _ascii(part)) or "guest"
        email = f"{base}@{rng.choice(('gmail.com', 'yahoo.co.id', 'outlook.com', 'mail.id'))}"
        n = 2
        while email in seen_emails:
            user, domain = email.split("@")
            email = f"{user.rstrip('0123456789')}{n}@{domain}"
            n += 1
        seen_emails.add(email)
        people.append(DemoPerson(
            name=name,
            email=email,
            organisation=rng.choice(ORGANISATIONS),
            ticket_type=rng.choices(types, weights)[0],
            tshirt=rng.choice(TSHIRT_SIZES),
            diet=rng.choice(DIETS),
        ))
    return people
