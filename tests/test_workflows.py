"""The GitHub workflows and templates, linted offline.

GitHub's own schemas (check-jsonschema's built-in copies), zizmor's security
audit, and the project's rules: every action pinned to a commit, least
permissions, a timeout and a concurrency group on every job, and, above all,
no job on a self-hosted runner that an outsider can reach or that holds a
write token.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")

# The triggers of the self-hosted GPU jobs: fired by a maintainer or by GitHub
# on the default branch, never by a pull request, a fork or a comment.
TRUSTED_TRIGGERS = {"workflow_dispatch", "schedule"}
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return found


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _triggers(workflow: dict[str, Any]) -> set[str]:
    # YAML 1.1 reads the key `on` as the boolean true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    if isinstance(on, dict):
        return set(on)
    raise AssertionError(f"unreadable triggers: {on!r}")


def _labels(runs_on: Any) -> list[str]:
    if isinstance(runs_on, str):
        return [runs_on]
    if isinstance(runs_on, list):
        return [str(label) for label in runs_on]
    if isinstance(runs_on, dict):  # {group: ..., labels: ...}
        return _labels(runs_on.get("labels", [])) + [f"group:{runs_on.get('group')}"]
    return [str(runs_on)]


def _may_be_self_hosted(runs_on: Any) -> bool:
    labels = _labels(runs_on)
    # A runner chosen by an expression alone (`runs-on: ${{ ... }}`) could be
    # self-hosted: treat it as such, so the rules below must hold for it too.
    whole_expression = isinstance(runs_on, str) and runs_on.strip().startswith("${{")
    return whole_expression or isinstance(runs_on, dict) or any(label == "self-hosted" for label in labels)


def _write_scopes(permissions: Any) -> list[str]:
    if permissions is None:
        return ["(not set: the repository's default token, possibly write-all)"]
    if isinstance(permissions, str):
        return [] if permissions == "read-all" else [permissions]
    return [f"{scope}: {level}" for scope, level in permissions.items() if level == "write"]


def trust_problems(workflow: dict[str, Any], name: str = "workflow") -> list[str]:
    """Why a self-hosted job of this workflow is not safe; empty when it is."""
    problems = []
    triggers = _triggers(workflow)
    for job_id, job in (workflow.get("jobs") or {}).items():
        if not _may_be_self_hosted(job.get("runs-on")):
            continue
        where = f"{name}: job '{job_id}' (self-hosted)"
        untrusted = sorted(triggers - TRUSTED_TRIGGERS)
        if untrusted:
            problems.append(f"{where} can be reached from {', '.join(untrusted)}; allowed: {sorted(TRUSTED_TRIGGERS)}")
        permissions = job.get("permissions", workflow.get("permissions"))
        for scope in _write_scopes(permissions):
            problems.append(f"{where} holds a write token: {scope}")
        for step in job.get("steps") or []:
            uses = str(step.get("uses", ""))
            if uses.startswith("actions/checkout@") and (step.get("with") or {}).get("persist-credentials") is not False:
                problems.append(f"{where}: checkout must set persist-credentials: false")
        text = json.dumps(job)
        if "secrets." in text:
            problems.append(f"{where} reads a secret; keep secrets off the GPU host")
    return problems


# --- the schemas of GitHub ----------------------------------------------------


def test_there_are_the_three_workflows():
    assert {p.stem for p in WORKFLOWS} >= {"ci", "regenerate", "deploy"}


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
        ("vendor.citation-file-format", [ROOT / "CITATION.cff"]),
    ],
    ids=["workflows", "dependabot", "issue-forms", "issue-config", "citation"],
)
def test_github_schema(schema: str, files: list[Path]):
    assert files and all(f.is_file() for f in files)
    done = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_issue_forms_cover_the_contribution_flow():
    assert {p.stem for p in ISSUE_FORMS} >= {"rating-dispute", "new-framework", "translation-fix", "benchmark-request"}
    assert (GITHUB / "pull_request_template.md").is_file()


# --- zizmor -------------------------------------------------------------------


def test_zizmor_finds_nothing():
    """zizmor, offline, with its most suspicious persona: no finding at all.

    The one ignore comment (self-hosted-runner on the GPU job) is deliberate and
    justified where it stands; the trust test below checks what it waives.
    """
    done = subprocess.run(
        [_tool("zizmor"), "--offline", "--persona", "auditor", "--format", "json",
         str(GITHUB), str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    findings = json.loads(done.stdout or "[]")
    described = [f"{f['ident']}: {f['desc']} ({f['locations'][0]['symbolic']['key']})" for f in findings]
    assert not findings, "\n".join(described)
    assert done.returncode == 0, done.stderr


def test_zizmor_ignores_only_the_self_hosted_runner():
    ignores = []
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "zizmor: ignore" in line:
                ignores.append((path.name, number, re.findall(r"ignore\[([^\]]+)\]", line)))
    assert [audits for _, _, audits in ignores] == [["self-hosted-runner"]], ignores


# --- the trust of the self-hosted runner ---------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_self_hosted_job_is_reachable_from_outside_or_holds_a_write_token(path: Path):
    assert trust_problems(_load(path), path.name) == []


def test_the_gpu_job_is_self_hosted_and_uploads_its_runs():
    workflow = _load(GITHUB / "workflows" / "regenerate.yml")
    measure = workflow["jobs"]["measure"]
    assert _labels(measure["runs-on"])[:5] == ["self-hosted", "linux", "x64", "gpu", "${{ matrix.gpu }}"]
    assert measure["strategy"]["matrix"]["gpu"], "at least one GPU model label"
    assert _triggers(workflow) == TRUSTED_TRIGGERS
    inputs = workflow.get("on", workflow.get(True))["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"workloads", "frameworks", "quick"}
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in measure["steps"])
    propose = workflow["jobs"]["propose"]
    assert propose["needs"] == "measure"
    assert not _may_be_self_hosted(propose["runs-on"])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda w: w.__setitem__(True, {"pull_request": None, "workflow_dispatch": None}), "can be reached from pull_request"),
        (lambda w: w["jobs"]["gpu"].__setitem__("permissions", {"contents": "write"}), "write token: contents: write"),
        (lambda w: w["jobs"]["gpu"].pop("permissions"), "write token: (not set"),
        (lambda w: w["jobs"]["gpu"].__setitem__("permissions", "write-all"), "write token: write-all"),
        (lambda w: w["jobs"]["gpu"]["steps"][0].pop("with"), "persist-credentials: false"),
        (lambda w: w["jobs"]["gpu"].__setitem__("runs-on", "${{ inputs.runner }}"), None),
        (lambda w: w["jobs"]["gpu"]["steps"].append({"run": "echo ${{ secrets.TOKEN }}"}), "reads a secret"),
    ],
    ids=["pull-request", "write", "default-token", "write-all", "persisted-credentials", "expression-runner", "secret"],
)
def test_the_trust_check_catches_an_unsafe_gpu_job(change, expected):
    workflow: dict[Any, Any] = {
        True: {"workflow_dispatch": None, "schedule": [{"cron": "0 0 * * 1"}]},
        "jobs": {
            "gpu": {
                "runs-on": ["self-hosted", "gpu"],
                "permissions": {"contents": "read"},
                "steps": [{"uses": "actions/checkout@" + "0" * 40, "with": {"persist-credentials": False}}],
            }
        },
    }
    assert trust_problems(workflow) == []
    change(workflow)
    problems = trust_problems(workflow)
    if expected is None:  # still safe, but now checked as a self-hosted job
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


# --- pins, permissions, timeouts, concurrency -------------------------------------


def _jobs():
    for path in WORKFLOWS:
        workflow = _load(path)
        for job_id, job in workflow["jobs"].items():
            yield pytest.param(path, workflow, job, id=f"{path.stem}.{job_id}")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
        if not match:
            continue
        action, rest = match.groups()
        if action.startswith("./"):
            continue
        assert SHA_PIN.match(action), f"{path.name}:{number}: pin {action} to a full commit SHA"
        assert re.search(r"#\s*v\d+(\.\d+)*\b", rest), f"{path.name}:{number}: give the version in a comment (# vX.Y.Z)"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_workflow_grants_nothing_by_default(path: Path):
    assert _load(path).get("permissions") == {}, "set `permissions: {}` at the top; each job asks for what it needs"


@pytest.mark.parametrize(("path", "workflow", "job"), list(_jobs()))
def test_every_job_has_permissions_a_timeout_and_a_concurrency_group(path, workflow, job):
    assert isinstance(job.get("permissions"), dict), "set the job's permissions"
    assert isinstance(job.get("timeout-minutes"), int), "set timeout-minutes"
    concurrency = job.get("concurrency") or workflow.get("concurrency")
    assert concurrency and (isinstance(concurrency, str) or concurrency.get("group")), "set a concurrency group"


@pytest.mark.parametrize(("path", "workflow", "job"), list(_jobs()))
def test_every_checkout_drops_its_credentials(path, workflow, job):
    for step in job.get("steps") or []:
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_write_scopes_are_only_where_needed():
    granted = {
        (path.stem, job_id): sorted(_write_scopes(job.get("permissions")))
        for path in WORKFLOWS
        for job_id, job in _load(path)["jobs"].items()
        if _write_scopes(job.get("permissions"))
    }
    assert granted == {
        ("deploy", "deploy"): ["id-token: write", "pages: write"],
        ("regenerate", "propose"): ["contents: write", "pull-requests: write"],
        ("links", "links"): ["issues: write"],
        ("releases", "releases"): ["contents: write", "pull-requests: write"],
    }


def test_pull_requests_are_checked_against_their_base():
    workflow = _load(GITHUB / "workflows" / "ci.yml")
    assert {"pull_request", "push"} <= _triggers(workflow)
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    for command in ("make check", "make check-base", "make test", "make build"):
        assert any(run.startswith(command) for run in runs), command


def test_the_change_is_judged_by_the_code_of_its_base():
    """The job that checks a change runs the base's code, reading the pull request under pr/ as data only."""
    job = _load(GITHUB / "workflows" / "ci.yml")["jobs"]["check-base"]
    steps = job["steps"]
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert len(checkouts) == 2
    base, change = (c["with"] for c in checkouts)
    assert "github.event.pull_request.base.sha" in base["ref"] and "github.event.before" in base["ref"]
    assert "path" not in base, "the base is checked out at the top: its Makefile and bench/ are what run"
    assert change["path"] == "pr" and "ref" not in change, "the change (the pull request's merge commit) goes under pr/"
    assert change["fetch-depth"] == 0, "the base commit must be in the change's clone"
    assert steps.index(checkouts[1]) < min(i for i, s in enumerate(steps) if "run" in s), "both checkouts come first"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ['make check-base BASE="$BASE" DATA=pr/data']
    assert not any("working-directory" in s for s in steps), "nothing runs inside the change's checkout"
    assert "pull_request.base.sha" in job["env"]["BASE"]


def test_code_is_owned_by_the_maintainers():
    """CODEOWNERS asks a maintainer to review every path that `check --base` names as code, and the data
    only maintainers decide on."""
    from bench.data.diff import CODE_PATHS, is_code

    owners = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, *who = line.split()
            assert who and all(w.startswith("@") for w in who), line
            owners[path] = who
    expected = {"/" + path for path in CODE_PATHS} | {"/data/runs/", "/data/withdrawals.yaml", "/data/areas.yaml",
                                                      "/data/ratings/2016/", "/data/reference/"}
    assert set(owners) == expected
    assert is_code("bench/data/diff.py") and is_code("Makefile") and is_code(".github/CODEOWNERS")
    assert not is_code("data/ratings/current/pytorch.yaml") and not is_code("docs/index.en.md")
    assert not is_code("Makefile.local")


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        match = re.match(r"^\s*\"?([A-Za-z0-9_.-]+)==([^\s\";]+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_the_check_s_requirements_are_pinned_with_hashes():
    """requirements/check.txt, what the jobs that must install nothing new use: every package pinned with its
    hashes, pydantic and pyyaml at the versions of pyproject.toml (refresh: `make check-requirements`)."""
    text = (ROOT / "requirements" / "check.txt").read_text(encoding="utf-8")
    pinned = _pins(text.splitlines())
    assert {"pydantic", "pyyaml", "pydantic-core"} <= set(pinned)
    for block in re.split(r"\n(?=[a-z])", text.split("\n\n")[-1].strip()):
        if block.startswith("#"):
            continue
        assert "--hash=sha256:" in block, block.splitlines()[0]
    project = _pins((ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines())
    stale = {name: (pinned[name], project[name]) for name in ("pydantic", "pyyaml") if pinned[name] != project[name]}
    assert not stale, f"requirements/check.txt is stale (check.txt, pyproject.toml): {stale}; run make check-requirements"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps --only-binary :all: -r requirements/check.txt" in makefile


def test_the_job_with_the_pull_request_token_installs_nothing_new():
    propose = _load(GITHUB / "workflows" / "regenerate.yml")["jobs"]["propose"]
    runs = [step["run"] for step in propose["steps"] if "run" in step]
    assert runs == ["make check-pinned", "make propose-runs"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("check-pinned", "propose-runs"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)*)", makefile, flags=re.MULTILINE)
        assert recipe and "pip install" not in recipe.group(1), target


def test_pages_are_deployed_from_main_only():
    workflow = _load(GITHUB / "workflows" / "deploy.yml")
    on = workflow.get("on", workflow.get(True))
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" not in on and "pull_request_target" not in on
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_no_workflow_uses_the_dangerous_triggers():
    for path in WORKFLOWS:
        assert not _triggers(_load(path)) & {"pull_request_target", "workflow_run", "issue_comment"}, path.name


def test_dependabot_keeps_actions_and_python_current():
    config = _load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


def test_every_make_target_a_workflow_calls_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.MULTILINE))
    for path in WORKFLOWS:
        for job in _load(path)["jobs"].values():
            for step in job.get("steps") or []:
                for target in re.findall(r"\bmake\s+([\w-]+)", step.get("run", "")):
                    assert target in targets, f"{path.name}: make {target} is not in the Makefile"


def test_links_are_checked_weekly_by_lychee_and_failures_open_an_issue():
    workflow = _load(GITHUB / "workflows" / "links.yml")
    on = workflow.get("on", workflow.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()[4]) == 1, "once a week"
    job = workflow["jobs"]["links"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    steps = job["steps"]
    lychee = next(s for s in steps if str(s.get("uses", "")).startswith("lycheeverse/lychee-action@"))
    assert "./data/**/*.yaml" in lychee["with"]["args"], "every data file's links"
    assert lychee["with"]["fail"] is False, "a dead link opens an issue; it does not fail the job"
    report = lychee["with"]["output"]
    issue = next(s for s in steps if "gh issue create" in s.get("run", ""))
    assert issue["if"] == f"steps.{lychee['id']}.outputs.exit_code != 0"
    assert report in issue["run"] and "gh issue comment" in issue["run"], "one issue, commented on while it is open"


def test_releases_are_read_weekly_and_proposed_as_a_pull_request():
    workflow = _load(GITHUB / "workflows" / "releases.yml")
    on = workflow.get("on", workflow.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()[4]) == 1, "once a week"
    runs = [step.get("run", "") for step in workflow["jobs"]["releases"]["steps"]]
    assert runs.index("make releases") < runs.index("make check") < runs.index("make propose-releases")
    script = (GITHUB / "scripts" / "propose-releases.sh").read_text(encoding="utf-8")
    assert "gh pr create" in script and "data/releases.yaml" in script
    assert not re.search(r"git push[^\n]*\b(main|\$base)\b", script), "never pushes to main"
