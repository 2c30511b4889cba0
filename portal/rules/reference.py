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
