"""The seven BerAKHLAK core values of the ASN and their 21 behaviour guides (SE MenPANRB 20/2021).

Reference data for the Perilaku Kerja part of the SKP: the supervisor writes an expectation
(ekspektasi khusus pimpinan) per value, and rates behaviour against these.
"""
from typing import NamedTuple


class Value(NamedTuple):
    code: str
    name: str
    guides: tuple[str, str, str]


VALUES = (
    Value("berorientasi_pelayanan", "Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    Value("akuntabel", "Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    Value("kompeten", "Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    Value("harmonis", "Harmonis", (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    Value("loyal", "Loyal", (
        "Memegang teguh Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    Value("adaptif", "Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    Value("kolaboratif", "Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    )),
)

BY_CODE = {value.code: value for value in VALUES}
