"""Paging past 500 instances, the API call budget, and several regions in one source."""
import math

from cs import CloudStack

from inventory_world import PLUGIN_HEADER


def count_instances(sim, **params):
    api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret)
    return len(api.listVirtualMachines(fetch_list=True, listall=True, **params))


def test_pages_past_500_with_a_fixed_number_of_calls(start_simulator, run_inventory):
    sim = start_simulator("--instances", "1300")
    outside, in_projects = count_instances(sim), count_instances(sim, projectid="-1")
    assert outside > 500 and in_projects > 0
    sim.reset_stats()
    returncode, output, stderr = run_inventory(sim, PLUGIN_HEADER + "states: []\nprojects: [all]\n"
                                               "instances_outside_projects: true\n")
    assert returncode == 0, stderr
    hostvars = output["_meta"]["hostvars"]
    assert len(hostvars) == outside + in_projects
    assert len(set(host["id"] for host in hostvars.values())) == outside + in_projects
    assert sum(1 for host in hostvars.values() if host["project"]) == in_projects
    calls = sim.stats()["calls"]
    assert calls["listVirtualMachines"] == math.ceil(outside / 500.0) + math.ceil(in_projects / 500.0)
    # per scope (outside projects, in projects): its pages and port forwarding rules; pods once
    assert calls["listPortForwardingRules"] == 2 and calls["listHosts"] == 1 and "listPublicIpAddresses" not in calls
    assert sum(calls.values()) <= math.ceil(outside / 500.0) + 3 + math.ceil(in_projects / 500.0) + 3


def test_several_regions_in_one_source(start_simulator, run_inventory):
    eu, us = start_simulator("--instances", "40", "--seed", "1"), start_simulator("--instances", "30", "--seed", "2")
    expected = {"eu": count_instances(eu, state="Running"), "us": count_instances(us, state="Running")}
    config = PLUGIN_HEADER + "regions:\n  - name: eu\n    api_config: %s\n  - name: us\n    api_config: %s\n" % (
        eu.credentials, us.credentials)
    eu.reset_stats()
    us.reset_stats()
    returncode, output, stderr = run_inventory(eu, config)
    assert returncode == 0, stderr
    hostvars = output["_meta"]["hostvars"]
    regions = [host["region"] for host in hostvars.values()]
    assert {"eu": regions.count("eu"), "us": regions.count("us")} == expected
    assert eu.stats()["calls"]["listVirtualMachines"] == 1 and us.stats()["calls"]["listVirtualMachines"] == 1
    for name, host in hostvars.items():  # a name that both clouds have is qualified, predictably
        assert name == host["instance_name"] or name.startswith(host["instance_name"] + "_")


def test_domains_and_accounts(start_simulator, run_inventory):
    sim = start_simulator("--instances", "200")
    api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret)
    engineering = api.listDomains(name="Engineering", listall=True)["domain"][0]
    expected = count_instances(sim, domainid=engineering["id"], isrecursive=True, state="Running")
    returncode, output, stderr = run_inventory(sim, PLUGIN_HEADER + "domains: [ROOT/Engineering]\n")
    assert returncode == 0, stderr
    hosts = output["_meta"]["hostvars"].values()
    assert len(hosts) == expected > 0
    assert set(host["domain"] for host in hosts) == {"Engineering", "QA"}  # QA is a subdomain

    alice = count_instances(sim, account="alice", domainid=engineering["id"], state="Running")
    returncode, output, stderr = run_inventory(sim, PLUGIN_HEADER + "accounts: [alice]\n")
    assert returncode == 0, stderr
    hosts = output["_meta"]["hostvars"].values()
    assert len(hosts) == alice > 0 and set(host["account"] for host in hosts) == {"alice"}


def test_one_account_within_the_budget(start_simulator, run_inventory):
    """One scope with a name to look up (the account) still fits ceil(N/500) + 3 calls."""
    sim = start_simulator("--instances", "1100", "--instances-account", "admin")
    sim.reset_stats()
    returncode, output, stderr = run_inventory(sim, PLUGIN_HEADER + "states: []\naccounts: [admin]\n")
    assert returncode == 0, stderr
    assert len(output["_meta"]["hostvars"]) == 1100
    assert sim.stats()["calls"] == {"listAccounts": 1, "listVirtualMachines": 3, "listPortForwardingRules": 1,
                                    "listHosts": 1}
