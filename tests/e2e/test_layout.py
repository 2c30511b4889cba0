"""No page of the demo scrolls sideways, on a phone (390 px) or a desktop (1280 px) (issue 10.13).

Each demo role logs in once; the test opens every page of the navigation, then every same-origin
page those pages link to (a bounded crawl: no logout, downloads, PDFs or QR images), and measures
each at both widths. A page fails when the document is wider than the window, or, on the desktop,
when a table hides columns in its own scroll box (the calibration list once hid its actions
there). The demo gets the two things that broke the layout before: an RHK in the Pegawai's draft
SKP and an evidence file with a 255-character name.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from portal.demo import DEMO_EMPLOYEE_NIP, DEMO_LOGINS, DEMO_SUPERVISOR_NIP
from portal.extensions import db
from portal.models import Assessment, Employee, User
from portal.services.execution import evidence
from portal.services.people.access import actor_for
from portal.services.planning import planning
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.steps import log_in

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)
# Paths never opened: they end the session, send a file, or change nothing a user reads.
SKIPPED = re.compile(r"/auth/|/documents/|/evidence/|\.pdf|\.xlsx|/download|/qr\.|/card|/export")
MAX_PAGES_PER_ROLE = 40
MAX_PER_SHAPE = 6
LONG_NAME = "Laporan_" + "pelayanan_administrasi_kependudukan_" * 7
LONG_NAME = LONG_NAME[:251] + ".pdf"  # 255 characters, as long as a file name may be
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# What sticks out: the document's own width, else the outermost elements past the right edge
# that no scroll box of their own contains; on the desktop also scroll boxes that hide content.
OVERFLOW = """(desktop) => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const classes = el => typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el);
  const textEnd = el => el.getBoundingClientRect().left + el.scrollWidth;
  if (document.documentElement.scrollWidth > width) {
    found.push('page ' + document.documentElement.scrollWidth + ' px wide');
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect(), style = getComputedStyle(el);
      const parent = el.parentElement, within = parent.getBoundingClientRect().right <= width + 1;
      if (box.right > width + 1 && (style.position === 'absolute'
          || (within && getComputedStyle(parent).overflowX === 'visible'))) {
        found.push(name(el) + ' ends at ' + Math.round(box.right) + ' px');
      } else if (box.right <= width + 1 && style.overflowX === 'visible'
          && textEnd(el) > width + 1 && el.scrollWidth > el.clientWidth + 1
          && ![...el.children].some(child => textEnd(child) > width + 1)) {
        found.push('the text of ' + name(el) + ' ends at ' + Math.round(textEnd(el)) + ' px');
      }
    }
  }
  if (desktop) {
    for (const el of document.querySelectorAll('.table-wrap')) {
      if (el.scrollWidth > el.clientWidth + 1) {
        found.push(name(el.querySelector('table') || el) + ' scrolls: '
          + el.scrollWidth + ' px in ' + el.clientWidth + ' px');
      }
    }
  }
  return found.slice(0, 6);
}"""


def _stress_the_demo() -> None:
    """Give the demo an RHK in the Pegawai's draft SKP and a 255-character evidence file name
    on a fixed SKP of the demo supervisor's team (through the services, as a user would)."""
    employee = db.session.scalar(sa.select(User).join(User.employee)
                                 .where(Employee.nip == DEMO_EMPLOYEE_NIP))
    draft = db.session.scalar(sa.select(Assessment).where(
        Assessment.employee_id == employee.employee_id))
    leader_rhk = planning.cascade_source(draft).rhks[0]
    planning.add_rhk(draft, actor_for(employee), version=draft.version, kind="utama",
                     parent_rhk_id=leader_rhk.id,
                     text="Tersusunnya rencana kebutuhan aplikasi layanan kependudukan daring",
                     aspect="kuantitas", indicator_text="Jumlah dokumen rencana kebutuhan",
                     target_value=2, target_unit="dokumen")
    supervisor_id = db.session.scalar(sa.select(Employee.id).where(
        Employee.nip == DEMO_SUPERVISOR_NIP))
    fixed = db.session.scalar(sa.select(Assessment).where(
        Assessment.assessor_id == supervisor_id, Assessment.state == "targets_approved"))
    owner = db.session.scalar(sa.select(User).where(User.employee_id == fixed.employee_id))
    indicator = fixed.rhks[0].indicators[0]
    evidence.add_file(fixed, actor_for(owner), version=fixed.version, indicator_id=indicator.id,
                      period_no=1, filename=LONG_NAME, stream=io.BytesIO(PDF))


def _links(page, base: str) -> list[str]:
    """The same-origin GET links of the page's navigation and main content, as paths."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        url = urlsplit(urljoin(base, href))
        if f"{url.scheme}://{url.netloc}" != base or SKIPPED.search(url.path):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def _crawl(page, base: str, role: str) -> tuple[list[str], list[str]]:
    """Visit the navigation's pages, then what they link to; measure each at both widths.

    A path is opened once whatever its query (the period tabs of an assessment share a layout),
    and at most MAX_PER_SHAPE paths of one route (assessments 17, 18, ...) per role.
    """
    navigation = _links(page, base)  # the home page, where the login lands
    queue, seen, problems, shapes = ["/", *navigation], set(), [], Counter()
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        bare = path.split("?")[0]
        shape = re.sub(r"\d+", "#", bare)
        if bare in seen or shapes[shape] >= MAX_PER_SHAPE:
            continue
        seen.add(bare)
        shapes[shape] += 1
        page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
        response = page.goto(base + path)
        assert response.ok, f"{role}: {path} answered {response.status}"
        # The timeline and history arrive by htmx after the page's load event.
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        if path == "/" or path in navigation:
            queue += [link for link in _links(page, base) if link not in seen]
        for width in reversed(WIDTHS):
            page.set_viewport_size({"width": width, "height": 900})
            found = page.evaluate(OVERFLOW, width >= 1280)
            if found:
                slug = re.sub(r"\W+", "_", path)
                shot = ARTIFACTS / f"layout-{role}-{width}-{slug}.png"
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=shot, full_page=True)
                problems.append(f"{role} at {width} px: {path}: {'; '.join(found)}")
    return sorted(seen), problems


def test_no_page_of_the_demo_scrolls_sideways_on_a_phone_or_a_desktop(
        app, live_server, new_page, demo_org):
    _stress_the_demo()

    visited, problems = {}, []
    for role, login, _name in DEMO_LOGINS:
        page = new_page(viewport={"width": WIDTHS[-1], "height": 900})
        log_in(page, live_server, login)
        visited[role], found = _crawl(page, live_server, role)
        problems += found

    assert not problems, "\n".join(problems)
    # The crawl reached what the issue saw: the draft with its RHK, the long file name, the
    # calibration list.
    every = {path for paths in visited.values() for path in paths}
    assert {"/calibration/", "/assessments/", "/team/"} <= every
    assert sum(path.startswith("/assessments/") for path in every) > 10
