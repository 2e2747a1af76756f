"""The README documents every setting, and CI runs the README's test command."""

from pathlib import Path

from intake.config import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table():
    documented = {line.split("`")[1] for line in README.splitlines() if line.startswith("| `GONGQIAN_")}
    assert documented == {env for env, _, _ in Settings.table()}


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest" in README
    assert "grep -m1 -F \".venv/bin/pip install -e '.[test]'\" README.md" in ci


def test_settings_come_from_prefixed_environment_variables(tmp_path):
    conf = Settings.from_env({"GONGQIAN_DATA_DIR": str(tmp_path), "GONGQIAN_RATE_LIMIT": "5",
                              "GONGQIAN_REDIS_CLUSTER": "true"})
    assert (conf.data_dir, conf.rate_limit, conf.redis_cluster) == (tmp_path, 5, True)
    assert Settings.from_env({}).data_dir == Path("./data")


def test_procfile_runs_the_gateway_and_the_worker():
    procfile = (ROOT / "Procfile").read_text()
    assert "web: gongqian serve" in procfile and "worker: gongqian worker" in procfile


def test_architecture_diagram_is_generated_from_the_dialogue_table():
    from dialogs.diagram import DOC, refreshed

    doc = DOC.read_text(encoding="utf-8")
    assert refreshed(doc) == doc, "run: python -m dialogs.diagram --write"
