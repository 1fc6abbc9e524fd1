"""Issue 13's scenario on a strict simulator (tests/integration/scenarios/vpc_web.yml): from empty, a VPC with two
tiers and their ACLs, a public address NATed to one instance and a load balancer over two others; the re-run
changes nothing; the teardown leaves the cloud as it was. `pytest -s` prints the API calls and wall time of each run.
"""
import os

from test_deploy_zone import REPO, client, deploy, report

SCENARIO = os.path.join(REPO, "tests", "integration", "scenarios", "vpc_web.yml")


def holdings(sim):
    """What the scenario makes, as the simulator lists it (ids included: the teardown must leave the same)."""
    api = client(sim)
    listed = {}
    for command in ("listVPCs", "listNetworks", "listVirtualMachines", "listPublicIpAddresses", "listNetworkACLLists",
                    "listLoadBalancerRules", "listTags"):
        items = getattr(api, command)(listall=True, fetch_list=True)
        listed[command] = sorted(item["id"] if "id" in item else repr(sorted(item.items())) for item in items)
    return listed


def test_the_vpc_scenario_converges_reruns_unchanged_and_tears_down(start_simulator, tmp_path):
    sim = start_simulator()
    before = holdings(sim)
    first = deploy(sim, tmp_path, playbook=SCENARIO)
    first.assert_ok()
    report("scenario, first run", first)
    built = holdings(sim)
    api = client(sim)
    vpc = api.listVPCs(name="sc-vpc", fetch_list=True)
    assert len(vpc) == 1 and sorted(n["name"] for n in api.listNetworks(vpcid=vpc[0]["id"], fetch_list=True)) == [
        "sc-app", "sc-web"]
    rule = api.listLoadBalancerRules(name="sc-http", fetch_list=True)
    members = api.listLoadBalancerRuleInstances(id=rule[0]["id"], fetch_list=True)
    assert sorted(vm["name"] for vm in members) == ["sc-web-1", "sc-web-2"]
    nat = [a for a in api.listPublicIpAddresses(vpcid=vpc[0]["id"], fetch_list=True) if a.get("isstaticnat")]
    assert [a["virtualmachinename"] for a in nat] == ["sc-admin"]
    assert first.changed > 0

    second = deploy(sim, tmp_path, playbook=SCENARIO)
    second.assert_ok()
    report("scenario, second run", second)
    assert second.changed == 0, second.changed_items()
    assert holdings(sim) == built

    teardown = deploy(sim, tmp_path, "-e", "scenario_state=absent", playbook=SCENARIO)
    teardown.assert_ok()
    report("scenario, teardown", teardown)
    assert holdings(sim) == before
