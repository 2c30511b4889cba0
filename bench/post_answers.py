"""What the assessment page's htmx answers cost: the step as first shown and the mix's POSTs.

    python bench/post_answers.py /tmp/demo.sqlite [--save DIR]

On a fresh copy of a seeded demo database (each POST on its own copy, so every run starts from
the same stored state): the recording employee's step (/assessments/22) and its save of the
realisations of the default period, and the supervisor's review step (/assessments/21) with its
save of the ratings and the two POSTs of submit_review (the check, then the confirmed action);
the committee's calibrated ratings and confirmed calibration of /assessments/17 and the head's
confirmed approval of /assessments/13; the other POSTs of /assessments/22's realisations
section: a link and a file as evidence, a deleted evidence, the supervisor's feedback and
periodic rating.
Prints, per request, Python function calls (cProfile), SQL statements and the answer's size;
--save writes each answer's HTML (CSRF tokens masked) to DIR for comparison.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HX = {"HX-Request": "true"}
TOKEN = re.compile(r'(name="[\w-]*csrf_token" type="hidden" value=")[^"]+"')


class _Form(HTMLParser):
    """The fields of the form whose action ends with `action` (inputs, text areas, selects),
    those inside it and those outside naming it (form="its id")."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.form_id = action, False, None
        self.inner, self.named = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "").endswith(self.action)
            if self.inside:
                self.form_id = attrs.get("id")
        elif tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            if self.inside:
                self.inner.setdefault(attrs["name"], attrs.get("value") or "")
            elif attrs.get("form"):
                self.named.append((attrs["form"], attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False

    @property
    def fields(self):
        outside = {name: value for form, name, value in self.named if form == self.form_id}
        return {**outside, **self.inner}


def form_of(html: str, action: str) -> dict:
    parser = _Form(action)
    parser.feed(html)
    return parser.fields


def measure(app, client, method, url, data=None):
    import sqlalchemy as sa
    from portal.extensions import db
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_a: statements.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.open(url, method=method, data=data, headers=HX)
    profiler.disable()
    sa.event.remove(engine, "before_cursor_execute", listener)
    calls = sum(s[1] for s in pstats.Stats(profiler).stats.values())
    return response, calls, len(statements)


def session(database: str, login: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from portal import create_app
    from portal.demo import DEMO_PASSWORD
    app = create_app()
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/auth/login", data={"login": login, "password": DEMO_PASSWORD,
                                     "csrf_token": csrf})
    return app, client


EMPLOYEE, SUPERVISOR = "199111122019012226", "198612172010022252"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd4b6f"
                    "0000000049454e44ae426082")  # a 1x1 image, as an uploaded photo
COMMITTEE, HEAD = "197901062003091026", "197112281996031216"  # of Dinas Dukcapil (agency 2)


def runs(source: str):
    """(name, login, url, prepare) where prepare(step_html) -> (method, url, data)."""
    def realisations(html, client):
        data = form_of(html, "/assessments/22/realisations")
        for key in data:
            if key.startswith("value-"):
                data[key] = "7"
        # warm the templates the answer renders (the step of the chosen period)
        client.get(f"/assessments/22?p={data.get('period_no', 0)}", headers=HX)
        return "POST", "/assessments/22/realisations", data

    def ratings(html, client):
        data = form_of(html, "/assessments/21/ratings")
        data.update(rating_hasil_kerja="meets", rating_perilaku="meets",
                    hasil_kerja_note="Catatan", perilaku_note="Catatan")
        return "POST", "/assessments/21/ratings", data

    def action(confirmed):
        def prepare(html, client):
            _method, target, data = ratings(html, client)
            client.post(target, data=data, headers=HX)  # ready to submit
            html = client.get("/assessments/21", headers=HX).get_data(as_text=True)
            data = form_of(html, "/assessments/21/actions/submit_review")
            if confirmed:
                data["confirmed"] = "1"
            return "POST", "/assessments/21/actions/submit_review", data
        return prepare

    def calibration(html, client):
        data = form_of(html, "/assessments/17/calibration")
        data.update(rating_hasil_kerja="above", rating_perilaku="meets",
                    reason="Bukti dukung menunjukkan capaian di atas target.")
        return "POST", "/assessments/17/calibration", data

    def evidence_link(html, client):
        form = client.get("/assessments/22/evidence/new?indicator_id=165&p=4",
                          headers=HX).get_data(as_text=True)
        data = form_of(form, "/assessments/22/evidence/links")
        data.update(url="https://jdih.jambiprov.go.id/laporan-triwulan", title="Laporan")
        return "POST", "/assessments/22/evidence/links", data

    def evidence_file(html, client):
        form = client.get("/assessments/22/evidence/new?indicator_id=165&p=4",
                          headers=HX).get_data(as_text=True)
        data = form_of(form, "/assessments/22/evidence/files")
        data["file"] = (io.BytesIO(PNG), "foto-kegiatan.png")
        return "POST", "/assessments/22/evidence/files", data

    def evidence_delete(html, client):
        _method, target, data = evidence_link(html, client)
        step = client.post(target, data=data, headers=HX).get_data(as_text=True)
        action = re.findall(r'"(/assessments/22/evidence/\d+/delete)"', step)[-1]
        return "POST", action, form_of(step, action)

    def feedback(html, client):
        data = form_of(html, "/assessments/22/feedback")
        data["text"] = "Pertahankan; lampirkan notulen rapat berikutnya."
        return "POST", "/assessments/22/feedback", data

    def periodic(html, client):
        data = form_of(html, "/assessments/22/periodic-ratings")
        data.update({"periodic-rating_hasil_kerja": "meets", "periodic-rating_perilaku": "meets",
                     "periodic-hasil_kerja_note": "Sesuai rencana.",
                     "periodic-perilaku_note": "Baik."})
        return "POST", "/assessments/22/periodic-ratings", data

    def confirmed(assessment_id, trigger):
        def prepare(html, client):
            data = form_of(html, f"/assessments/{assessment_id}/actions/{trigger}")
            data["confirmed"] = "1"
            return "POST", f"/assessments/{assessment_id}/actions/{trigger}", data
        return prepare

    return [
        ("recording step (employee, htmx)", EMPLOYEE, "/assessments/22", None),
        ("POST realisations (htmx)", EMPLOYEE, "/assessments/22", realisations),
        ("review step (supervisor, htmx)", SUPERVISOR, "/assessments/21", None),
        ("POST ratings (htmx)", SUPERVISOR, "/assessments/21", ratings),
        ("POST submit_review, check (htmx)", SUPERVISOR, "/assessments/21", action(False)),
        ("POST submit_review, confirmed (htmx)", SUPERVISOR, "/assessments/21", action(True)),
        ("POST calibrated ratings (htmx)", COMMITTEE, "/assessments/17", calibration),
        ("POST calibrate, confirmed (htmx)", COMMITTEE, "/assessments/17",
         confirmed(17, "calibrate")),
        ("POST approve, confirmed (htmx)", HEAD, "/assessments/13", confirmed(13, "approve")),
        ("POST evidence link (htmx)", EMPLOYEE, "/assessments/22", evidence_link),
        ("POST evidence file (htmx)", EMPLOYEE, "/assessments/22", evidence_file),
        ("POST delete evidence (htmx)", EMPLOYEE, "/assessments/22", evidence_delete),
        ("POST feedback (supervisor, htmx)", SUPERVISOR, "/assessments/22", feedback),
        ("POST periodic rating (supervisor, htmx)", SUPERVISOR, "/assessments/22", periodic),
    ]


def one(source: str, index: int, save: str | None) -> None:
    name, login, url, prepare = runs(source)[index]
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "db.sqlite")
        shutil.copy(source, database)
        os.environ["EVIDENCE_DIR"] = str(Path(folder) / "evidence")  # uploads: thrown away
        app, client = session(database, login)
        html = client.get(url, headers=HX).get_data(as_text=True)
        client.get(url, headers=HX)  # warm
        if prepare is None:
            response, calls, statements = measure(app, client, "GET", url)
        else:
            method, target, data = prepare(html, client)
            response, calls, statements = measure(app, client, method, target, data)
        body = response.get_data()
        print(f"{name:40} {response.status_code} {calls:>7,} calls {statements:>3} statements "
              f"{len(body) / 1024:5.1f} KB")
        if save:
            Path(save).mkdir(parents=True, exist_ok=True)
            Path(save, f"{index}.html").write_text(TOKEN.sub(r'\1X"', body.decode()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--save")
    parser.add_argument("--only", type=int)
    args = parser.parse_args()
    if args.only is not None:
        one(args.database, args.only, args.save)
        return
    import subprocess
    for index in range(len(runs(args.database))):  # a process each: a fresh app and caches
        command = [sys.executable, __file__, args.database, "--only", str(index)]
        subprocess.run(command + (["--save", args.save] if args.save else []), check=True)


if __name__ == "__main__":
    main()
