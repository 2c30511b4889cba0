"""Where the assessment page's time goes: statements, size, CPU and a profile of one page.

    DATABASE_URL=sqlite:////tmp/page.sqlite python bench/assessment_page.py NIP /assessments/21 \
        [--runs 50] [--profile] [--htmx]

Logs in (demo password) as the NIP or e-mail given, renders the page once to warm the caches,
then `runs` times, and prints the SQL statements of one render, the size of its HTML, the mean
wall time, the translation look-ups and Jinja macro calls of one render, and with --profile the
functions that took the most cumulative time.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from portal import create_app  # noqa: E402
from portal.demo import DEMO_PASSWORD  # noqa: E402
from portal.extensions import db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("login")
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--htmx", action="store_true")
    args = parser.parse_args()
    app = create_app()
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/auth/login", data={"login": args.login, "password": DEMO_PASSWORD,
                                     "csrf_token": csrf})
    headers = {"HX-Request": "true"} if args.htmx else {}
    response = client.get(args.url, headers=headers)
    assert response.status_code == 200, response.status_code

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute",
                    lambda _c, _cur, statement, *_a: statements.append(statement))
    html = client.get(args.url, headers=headers).get_data()
    print(f"{args.url}: {len(statements)} statements, {len(html) / 1024:.1f} KB")
    for statement in statements:
        print("   ", " ".join(statement.split())[:150])

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(args.url, headers=headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    def calls(where: str, *names: str) -> int:
        return sum(count for (file, _line, name), (count, *_rest) in stats.stats.items()
                   if file.endswith(where) and name in names)

    gettexts = calls("jinja2/ext.py", "_gettext_alias", "_ngettext_alias", "_make_new_gettext")
    macros = calls("jinja2/runtime.py", "__call__")  # Macro.__call__ (jinja2.runtime)
    functions = calls("jinja2/runtime.py", "call")  # every call a template makes
    print(f"template: {gettexts} translation look-ups, {macros} macro calls, "
          f"{functions} calls in all")

    start = time.perf_counter()
    cpu = time.process_time()
    for _ in range(args.runs):
        client.get(args.url, headers=headers)
    wall = (time.perf_counter() - start) / args.runs * 1000
    cpu = (time.process_time() - cpu) / args.runs * 1000
    print(f"mean {wall:.1f} ms wall, {cpu:.1f} ms CPU per request ({args.runs} runs)")
    if args.profile:
        stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
