"""Browser fixtures: the app served on a free loopback port and Debian's Chromium via Playwright."""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.demo import seed
from portal.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that let Chromium run headless as root with no network but loopback.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory, sqlite_schema, worker_id) -> Path:
    """A SQLite file holding the seeded demo organisation, made once per run: seeding takes
    half a minute, copying the file milliseconds. The first pytest-xdist worker that needs it
    seeds it in the run's shared temporary folder while a lock keeps the others waiting. Beside
    it: the files the seed stored (folder "demo-evidence", the snapshot's EVIDENCE_DIR) and what
    seed() returned (demo_seed_result)."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the run's folder, shared by its workers
    path = root / "demo.sqlite"
    with open(root / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = root / "demo-building.sqlite"
            shutil.copyfile(sqlite_schema, building)
            app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{building}",
                              "EVIDENCE_DIR": str(root / "demo-evidence")})
            with app.app_context():
                created = seed()
                db.session.remove()
                db.engine.dispose()  # the last connection's close folds the WAL into the file
            (root / "demo-seed-result").write_text(repr(created))
            building.replace(path)
    return path


@pytest.fixture(scope="session")
def demo_seed_result(demo_snapshot) -> bool:
    """What seed() returned when it built the demo snapshot (True: it created the data)."""
    return (demo_snapshot.parent / "demo-seed-result").read_text() == "True"


@pytest.fixture
def demo_org(app, demo_snapshot) -> None:
    """The demo organisation (portal.demo.seed) in the test's database: on SQLite a copy of the
    seeded snapshot, elsewhere seeded afresh."""
    if db.engine.dialect.name != "sqlite":
        seed()
        return
    db.session.remove()
    db.engine.dispose()
    shutil.copyfile(demo_snapshot, db.engine.url.database)


@pytest.fixture
def live_server(app):
    """The test app served by a threaded werkzeug server on 127.0.0.1 (port chosen by the OS)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def new_page(browser, request):
    """new_page(viewport=...) -> a page in a fresh browser context (own cookies); screenshots
    of every page opened this way land in test-artifacts/ when the test fails. Anything the
    Content-Security-Policy blocks on these pages fails the test."""
    contexts = []
    blocked = []

    def _open(**context_args):
        context = browser.new_context(locale="id-ID", **context_args)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: blocked.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        return page

    yield _open
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for page in context.pages:
                page.screenshot(path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True)
        context.close()
    if blocked:
        pytest.fail("blocked by the Content-Security-Policy:\n" + "\n".join(blocked))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"


def accessibility_violations(page) -> list[str]:
    """Run axe-core (WCAG 2 A/AA rules) on the page; describe the serious and critical violations."""
    # Evaluated through the DevTools protocol: an injected <script> would be refused by the CSP.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
