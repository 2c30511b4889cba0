"""Reference lists of the civil service: golongan/pangkat and jenis jabatan (UU 5/2014)."""

GOLONGAN = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}

JENIS_JABATAN = (
    "JPT Utama", "JPT Madya", "JPT Pratama",
    "Administrator", "Pengawas", "Pelaksana",
    "Fungsional Ahli Utama", "Fungsional Ahli Madya", "Fungsional Ahli Muda",
    "Fungsional Ahli Pertama", "Fungsional Penyelia", "Fungsional Mahir",
    "Fungsional Terampil", "Fungsional Pemula",
)


def pangkat(golongan: str) -> str:
    """The pangkat name with its golongan as printed on documents: 'Penata Muda, III/a'."""
    return f"{GOLONGAN[golongan]}, {golongan}"


# The jenjang of functional posts, highest first: keahlian, then keterampilan (domain.md 10, 12).
JENJANG = ("Ahli Utama", "Ahli Madya", "Ahli Muda", "Ahli Pertama",
           "Penyelia", "Mahir", "Terampil", "Pemula")

ASN_STATUSES = ("PNS", "PPPK")
# PPPK golongan (Perpres 98/2020), I to XVII [not in domain.md: kept as data].
PPPK_GOLONGAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
                 "XIII", "XIV", "XV", "XVI", "XVII")

_ROMAN = {str(number): roman for number, roman in enumerate(PPPK_GOLONGAN, start=1)}
_FUNCTIONAL = ("fungsional", "fungsional tertentu", "jabatan fungsional", "jf", "jft")
_STRUCTURAL = ("struktural", "jabatan struktural")
# Jenis jabatan as agencies write them (lower case) -> the one of JENIS_JABATAN.
_JENIS = {
    **{name.lower(): name for name in JENIS_JABATAN},
    **{f"jabatan pimpinan tinggi {level}": f"JPT {level.title()}"
       for level in ("utama", "madya", "pratama")},
    "jabatan administrator": "Administrator", "jabatan pengawas": "Pengawas",
    "jabatan pelaksana": "Pelaksana", "fungsional umum": "Pelaksana", "jfu": "Pelaksana",
    "pelaksana (jfu)": "Pelaksana",
}


def normalise_golongan(text: str, asn_status: str = "PNS") -> str | None:
    """The golongan as the reference list writes it, from the ways agencies type it, or None.

    PNS: 'III/a', 'III/A', 'III a', 'IIIa', '3/a' are all III/a. PPPK: 'IX', 'ix' or '9' is IX.
    """
    compact = "".join(str(text or "").split()).replace("-", "/").replace(".", "/")
    if asn_status == "PPPK":
        roman = _ROMAN.get(compact, compact.upper())
        return roman if roman in PPPK_GOLONGAN else None
    head, letter = compact[:-1].rstrip("/"), compact[-1:].lower()
    head = _ROMAN.get(head, head.upper()) if head in ("1", "2", "3", "4") else head.upper()
    golongan = f"{head}/{letter}"
    return golongan if golongan in GOLONGAN else None


def jenjang_of(jenis_jabatan: str) -> str | None:
    """The jenjang a jenis jabatan of JENIS_JABATAN names ('Fungsional Ahli Muda' -> 'Ahli
    Muda'); None for structural and pelaksana posts."""
    jenjang = jenis_jabatan.removeprefix("Fungsional ")
    return jenjang if jenjang in JENJANG else None


def normalise_jenjang(text: str) -> str | None:
    """The jenjang of JENJANG that text names (any case and spacing), else None."""
    wanted = " ".join(str(text or "").split()).lower()
    return next((jenjang for jenjang in JENJANG if jenjang.lower() == wanted), None)


def jabatan_kind(jenis: str, jenjang: str = "") -> tuple[str, str | None] | str:
    """(jenis jabatan of JENIS_JABATAN, jenjang or None) from the two cells as agencies fill
    them, or the key of the problem: 'unknown_jenis_jabatan', 'jenjang_required' (a functional
    post without a jenjang), 'unknown_jenjang' or 'jenjang_mismatch'.

    A functional post is 'Fungsional' (or JF, JFT, Fungsional Tertentu) with the jenjang in its
    own cell, or 'Fungsional Ahli Muda' in one; 'Struktural' takes its level from the jenjang
    cell (Pratama, Administrator, Pengawas). Other posts ignore the jenjang cell (SIASN files
    put the eselon there).
    """
    name = " ".join(str(jenis or "").split()).lower()
    level = " ".join(str(jenjang or "").split())
    if name in _FUNCTIONAL:
        if not level:
            return "jenjang_required"
        found = normalise_jenjang(level)
        return (f"Fungsional {found}", found) if found else "unknown_jenjang"
    if name in _STRUCTURAL:
        name = _STRUCTURAL_LEVELS.get(level.lower(), "")
    kind = _JENIS.get(name)
    if kind is None:
        return "unknown_jenis_jabatan"
    if not kind.startswith("Fungsional "):
        return kind, None
    own = kind.removeprefix("Fungsional ")
    if level and normalise_jenjang(level) != own:
        return "jenjang_mismatch"
    return kind, own


_STRUCTURAL_LEVELS = {
    "utama": "jpt utama", "madya": "jpt madya", "pratama": "jpt pratama",
    "jpt utama": "jpt utama", "jpt madya": "jpt madya", "jpt pratama": "jpt pratama",
    "administrator": "administrator", "pengawas": "pengawas",
}
