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


def test_readme_documents_every_skp22_column_and_code_the_export_writes():
    from portal.labels import PREDIKAT_LABELS, RATING_LABELS
    from portal.rules import skp22

    section = README.read_text(encoding="utf-8").split("### Ekspor SKP22")[1].split("\n## ")[0]
    assert re.findall(r"^\| `(\w+)` \|", section, re.M) == list(skp22.FIELDS)
    ratings = section.split("| `hasilKinerjaNilai` |")[1].split("\n")[0]
    for rating, code in skp22.RATING_CODES.items():
        assert f"`{code}` {str(RATING_LABELS[rating]).split(' Ekspektasi')[0]}" in ratings
    predikat = section.split("| `kuadranKinerjaNilai` |")[1].split("\n")[0]
    for name, code in skp22.PREDIKAT_CODES.items():
        assert f"`{code}` {PREDIKAT_LABELS[name]}" in predikat


def _settings_in_readme() -> list[str]:
    """The names in the first column of the README's settings table."""
    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if re.match(r"\| `[A-Z_]+`", line)]
    return sorted({name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])})


def test_every_setting_the_readme_documents_is_read_from_the_environment(monkeypatch, tmp_path):
    from portal import config

    names = _settings_in_readme()
    assert len(names) > 20
    for name in names:
        monkeypatch.setenv(name, "1")  # a number, a flag that is on, and a string at once
    loaded = config.load(str(tmp_path))
    read_as = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "DEFAULT_LOCALE": "BABEL_DEFAULT_LOCALE"}
    not_read = [name for name in names
                if str(loaded.get(read_as.get(name, name))) not in ("1", "True")]
    assert not_read == []
