"""The README shows the workflow diagram generated from the machine, never a stale copy."""
import re
from pathlib import Path

from workflows.assessment import mermaid_diagram

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_diagram_is_the_one_the_machine_generates():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- workflow-diagram -->\n```mermaid\n(.*?)```\n<!-- /workflow-diagram -->",
                      text, re.S)
    assert match, "README.md lacks the marked workflow diagram block"
    assert match.group(1) == mermaid_diagram(), (
        "README's diagram is stale: paste the output of `flask --app app workflow-diagram`")


def test_readme_lists_every_demo_login_with_the_demo_password():
    from portal.demo import DEMO_LOGINS, DEMO_PASSWORD

    text = README.read_text(encoding="utf-8")
    for role, login, name in DEMO_LOGINS:
        assert f"| {role} | `{login}` | {name} |" in text
    assert f"`{DEMO_PASSWORD}`" in text


def test_readme_names_the_demo_survey_link_the_seed_creates():
    from portal.demo import DEMO_SURVEY_PATH

    text = README.read_text(encoding="utf-8")
    assert f"<!-- demo-survey -->`{DEMO_SURVEY_PATH}`<!-- /demo-survey -->" in text
