"""The wheel works outside this repository: built from the checkout, installed in a fresh venv
in a temporary folder, and used there as a rule author would (lint, schema with the
yaml-language-server modeline, tables import, pre-commit).

The fresh venv gets the wheel alone (``--no-deps --no-index``); the dependencies come from the
test environment through a ``.pth`` line, so no network is needed and the package itself can
only come from the wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "lint" / "fixtures" / "CPRL037" / "good.named-after-haendelse"
RAW = ROOT / "codetables" / "raw" / "cprLokalitetsregister.zip"

pytestmark = [pytest.mark.slow]


def _run(
    args: list[str], cwd: Path, env: dict[str, str], code: int = 0
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == code, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv outside the checkout with the wheel installed; its bin folder and env."""
    pytest.importorskip("hatchling")
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        cwd=tmp,
        env=dict(os.environ),
    )
    (wheel,) = dist.glob("cpr_rules-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    bin_dir = env_dir / "bin"
    purelib = Path(
        subprocess.check_output(
            [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(purelib),
            str(wheel),
        ],
        cwd=tmp,
        env=dict(os.environ),
    )
    (purelib / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = bin_dir / "cpr-rules"
    script.write_text(
        f"#!{bin_dir / 'python'}\nimport sys\nfrom cpr_rules.cli import main\nsys.exit(main())\n"
    )
    script.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "CPR_RULES_CACHE_DIR": str(tmp / "cache"),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
    }
    env.pop("PYTHONPATH", None)
    return bin_dir, env


def _author_repo(tmp: Path) -> Path:
    repo = tmp / "author"
    shutil.copytree(FIXTURE, repo / "rulesets")
    return repo


def test_package_comes_from_the_wheel(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """The venv imports cpr_rules from its own site-packages, with the data shipped inside."""
    bin_dir, env = installed
    done = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import cpr_rules, cpr_rules._paths as p; print(cpr_rules.__file__); "
            "print(p.rulesets_dir()); print(p.codetables_dir())",
        ],
        cwd=tmp_path,
        env=env,
    )
    package, rulesets, tables = done.stdout.split()
    assert str(bin_dir.parent) in package and str(ROOT) not in package
    assert "_data" in rulesets and "_data" in tables


def test_lint_and_schema_in_a_rule_authors_repo(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """lint passes on a good rule set; the schema written with -o validates it through the
    yaml-language-server modeline, resolved as the editor resolves it (relative to the file)."""
    _, env = installed
    repo = _author_repo(tmp_path)
    assert _run(["cpr-rules", "lint"], cwd=repo, env=env).stdout == "All checks passed.\n"
    _run(["cpr-rules", "schema", "ruleset", "-o", "schema/ruleset.schema.json"], cwd=repo, env=env)
    rules = repo / "rulesets" / "FLYTB-I.yaml"
    rules.write_text(
        "# yaml-language-server: $schema=../schema/ruleset.schema.json\n"
        + rules.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    modeline = rules.read_text(encoding="utf-8").splitlines()[0]
    target = (rules.parent / modeline.split("$schema=", 1)[1]).resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$id"].startswith("https://") and "invalid" not in schema["$id"]
    document = json.loads(json.dumps(yaml.safe_load(rules.read_text("utf-8")), default=str))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert _run(["cpr-rules", "lint"], cwd=repo, env=env).returncode == 0
    report = _run(["cpr-rules", "schema", "report"], cwd=repo, env=env).stdout
    assert json.loads(report)["title"] == "cpr_rules report"
    assert _run(["cpr-rules", "--version"], cwd=repo, env=env).stdout.startswith("cpr-rules ")


def test_schema_module_never_writes_into_site_packages(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Installed, ``python -m cpr_rules.rules.schema`` refuses without a folder (exit 2)."""
    bin_dir, env = installed
    before = sorted(p.name for p in bin_dir.parent.rglob("*.schema.json"))
    done = _run([str(bin_dir / "python"), "-m", "cpr_rules.rules.schema"], tmp_path, env, code=2)
    assert "not a checkout" in done.stderr
    assert sorted(p.name for p in bin_dir.parent.rglob("*.schema.json")) == before
    _run([str(bin_dir / "python"), "-m", "cpr_rules.rules.schema", "out"], tmp_path, env)
    assert (tmp_path / "out" / "ruleset.schema.json").is_file()


def test_tables_import_writes_beside_the_user_and_loads(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """tables import writes ./codetables with a manifest, so load_tables(DIR) (--tables DIR)
    reads what it wrote; the installed package is untouched."""
    bin_dir, env = installed
    package_files = sorted(str(p) for p in bin_dir.parent.rglob("*.csv"))
    _run(["cpr-rules", "tables", "import", str(RAW)], cwd=tmp_path, env=env)
    assert (tmp_path / "codetables" / "manifest.yaml").is_file()
    done = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "from cpr_rules.tables import load_tables; print(len(load_tables('codetables')"
            "['lokaliteter']))",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert int(done.stdout) > 0
    assert sorted(str(p) for p in bin_dir.parent.rglob("*.csv")) == package_files


def test_pre_commit_runs_the_installed_linter(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """In a rule author's git repository, pre-commit runs the installed cpr-rules lint."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    bin_dir, env = installed
    repo = _author_repo(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: cpr-rules-lint\n"
        "        name: cpr-rules lint\n        entry: cpr-rules lint\n        language: system\n"
        "        files: ^rulesets/\n        pass_filenames: true\n",
        encoding="utf-8",
    )
    git_env = {
        **env,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "rules"]):
        _run(["git", *args], cwd=repo, env=git_env)
    pre_commit = [str(bin_dir / "python"), "-m", "pre_commit", "run", "--all-files"]
    assert "Passed" in _run(pre_commit, cwd=repo, env=git_env).stdout
    rules = repo / "rulesets" / "FLYTB-I.yaml"
    rules.write_text(rules.read_text("utf-8").replace("field: CBSK_VALG1", "field: CBSK_VALGX"))
    failed = _run(pre_commit, cwd=repo, env=git_env, code=1)
    assert "CPRL003 unknown field 'CBSK_VALGX'" in failed.stdout
