"""examples/gitops: the two pipelines parse, pass yamllint and run plan.sh on the right triggers; plan.sh's plan
against the simulator's sandbox is the one docs/gitops.md shows (ids aside) and creates nothing; applied, a plan
after it changes nothing."""
import os
import re
import subprocess
import sys

import yaml
from cs import CloudStack

from collection import COLLECTIONS, REPO, link

BIN = os.path.dirname(sys.executable)
GITOPS = os.path.join(REPO, "examples", "gitops")
PIPELINES = [os.path.join(GITOPS, "github-actions.yml"), os.path.join(GITOPS, "gitlab-ci.yml")]
YAMLLINT = "{extends: default, rules: {line-length: {max: 160}}}"
REFERENCE = re.compile(r"examples/gitops/[\w.\-/]+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DOCUMENTED = re.compile(r"<!-- plan.md -->\n(.*)<!-- /plan.md -->", re.DOTALL)
RECAP = re.compile(r"^`ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0\s", re.MULTILINE)


def load(path):
    with open(path) as f:
        text = f.read()
    return text, yaml.safe_load(text)


def scripts(job):
    return "\n".join(step.get("run", "") for step in job.get("steps", [])) or "\n".join(
        job.get("script", []) + job.get("after_script", []))


def run_plan(sim, tmp_path, mode):
    link()
    plan_file = tmp_path / ("%s.md" % mode)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("CLOUDSTACK_"))
    env.update(sim.env(), PLAN_FILE=str(plan_file), ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), PATH=os.pathsep.join([BIN, os.environ.get("PATH", "")]))
    done = subprocess.run([os.path.join(GITOPS, "plan.sh")] + ([mode] if mode else []), env=env, cwd=str(tmp_path),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert done.returncode == 0, done.stdout[-8000:]
    return plan_file.read_text()


# The plan and the apply each start from a fresh sandbox (a plan creates nothing, which this test checks), so that
# `pytest -n 2` runs them side by side: three plan.sh runs in the time of two. xdist hands each worker a contiguous
# share of the tests: the plan is first and the apply third, so that they fall to different workers.

def test_the_plan_is_the_documented_one_and_creates_nothing(simulator, tmp_path):
    api = CloudStack(endpoint=simulator.endpoint, key=simulator.key, secret=simulator.secret)
    plan = run_plan(simulator, tmp_path, "plan")
    assert [int(n) for n in RECAP.findall(plan)] == [3, 2], plan
    assert api.listNetworks(name="web", listall=True, fetch_list=True) == []
    assert [p for p in api.listStoragePools(fetch_list=True) if p["name"] == "PS3-adv"] == []
    with open(os.path.join(REPO, "docs", "gitops.md")) as f:
        documented = DOCUMENTED.search(f.read()).group(1)
    assert UUID.sub("<id>", documented) == UUID.sub("<id>", plan), "docs/gitops.md should show the plan as plan.sh writes it"


def test_the_pipelines_pass_yamllint_and_name_existing_files():
    lint = subprocess.run([os.path.join(BIN, "yamllint"), "-s", "-d", YAMLLINT] + PIPELINES, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert lint.returncode == 0, lint.stdout
    for path in PIPELINES:
        text, _data = load(path)
        named = set(REFERENCE.findall(text))
        assert {"examples/gitops/plan.sh", "examples/gitops/requirements.yml"} <= named
        assert [n for n in named if not os.path.exists(os.path.join(REPO, n))] == []


def test_the_apply_makes_the_planned_changes_and_a_plan_after_it_changes_nothing(simulator, tmp_path):
    api = CloudStack(endpoint=simulator.endpoint, key=simulator.key, secret=simulator.secret)
    applied = run_plan(simulator, tmp_path, "apply")
    assert [int(n) for n in RECAP.findall(applied)] == [3, 2], applied
    assert [n["name"] for n in api.listNetworks(name="web", listall=True, fetch_list=True)] == ["web"]
    assert [p["name"] for p in api.listStoragePools(fetch_list=True) if p["name"] == "PS3-adv"] == ["PS3-adv"]
    assert sorted(vm["name"] for vm in api.listVirtualMachines(listall=True, fetch_list=True) if vm["name"].startswith("web-")) == [
        "web-1", "web-2"]
    assert [int(n) for n in RECAP.findall(run_plan(simulator, tmp_path, None))] == [0, 0]


def test_github_plans_and_comments_on_pull_requests_and_applies_on_main():
    _text, workflow = load(PIPELINES[0])
    assert workflow["on"] == {"pull_request": {"branches": ["main"]}, "push": {"branches": ["main"]}}
    plan, apply = workflow["jobs"]["plan"], workflow["jobs"]["apply"]
    assert plan["if"] == "github.event_name == 'pull_request'" and plan["permissions"]["pull-requests"] == "write"
    assert "examples/gitops/plan.sh plan" in scripts(plan) and 'gh pr comment "$PR" --body-file plan.md' in scripts(plan)
    assert "refs/heads/main" in apply["if"] and "examples/gitops/plan.sh apply" in scripts(apply)
    assert "plan.sh plan" not in scripts(apply) and "plan.sh apply" not in scripts(plan)


def test_gitlab_plans_and_notes_on_merge_requests_and_applies_on_the_default_branch():
    _text, pipeline = load(PIPELINES[1])
    plan, apply = pipeline["plan"], pipeline["apply"]
    assert plan["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "examples/gitops/plan.sh plan" in scripts(plan)
    assert "/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" in scripts(plan)
    assert apply["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}]
    assert "examples/gitops/plan.sh apply" in scripts(apply) and plan["stage"] == "plan" and apply["stage"] == "apply"
