"""The demo organisation: a slice of the Jambi provincial government with one SKP year in play.

`flask --app app seed-demo` calls seed(). Six agencies (Sekretariat Daerah, Dinas Kependudukan
dan Pencatatan Sipil, Dinas Pendidikan, Dinas Kesehatan, Badan Kepegawaian Daerah, Inspektorat),
their units and posts as a tree, some eighty civil servants with valid NIPs, one login each, and
period 2026 opened with the assessments spread over every workflow state. All demo users share
DEMO_PASSWORD; DEMO_LOGINS names one login per role for trying the portal (and for the browser
tests).

Modules: org (agencies, units, posts, holders), people (NIP and golongan), skp (RHK and
indicators per job), public_services (service catalogue, records, citizen answers), peers (peer
feedback), build (inserting it all and playing the year through the services).
"""
from portal.demo.build import ADMIN_EMAIL, ADMIN_NAME, DEMO_PASSWORD, seed
from portal.demo.org import APPROVER_POST, COMMITTEE_POST, EMPLOYEE_POST, SUPERVISOR_POST
from portal.demo.people import BY_POST
from portal.demo.public_services import survey_path

DEMO_EMPLOYEE_NIP = BY_POST[EMPLOYEE_POST].nip        # Pegawai, SKP in draft_targets, no RHK
DEMO_SUPERVISOR_NIP = BY_POST[SUPERVISOR_POST].nip    # the Pegawai's Pejabat Penilai Kinerja
DEMO_APPROVER_NIP = BY_POST[APPROVER_POST].nip        # Kepala Dinas Dukcapil, approver
DEMO_COMMITTEE_LOGIN = BY_POST[COMMITTEE_POST].nip    # Tim Penilai Kinerja, every demo agency
DEMO_ADMIN_EMAIL = ADMIN_EMAIL
# The KTP-el survey naming the operator whose SKP (objective indicators, peer feedback) waits for
# the demo supervisor's rating.
DEMO_SURVEY_PATH = survey_path("dukcapil.operator_ktp")

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("Pegawai", DEMO_EMPLOYEE_NIP, BY_POST[EMPLOYEE_POST].post.name),
    ("Pejabat Penilai (atasan)", DEMO_SUPERVISOR_NIP, BY_POST[SUPERVISOR_POST].post.name),
    ("Tim Penilai Kinerja", DEMO_COMMITTEE_LOGIN, BY_POST[COMMITTEE_POST].post.name),
    ("Pimpinan (Kepala Dinas)", DEMO_APPROVER_NIP, BY_POST[APPROVER_POST].post.name),
    ("Admin BKD", DEMO_ADMIN_EMAIL, ADMIN_NAME),
]

__all__ = [
    "DEMO_ADMIN_EMAIL", "DEMO_APPROVER_NIP", "DEMO_COMMITTEE_LOGIN", "DEMO_EMPLOYEE_NIP",
    "DEMO_LOGINS", "DEMO_PASSWORD", "DEMO_SUPERVISOR_NIP", "DEMO_SURVEY_PATH", "seed",
]
