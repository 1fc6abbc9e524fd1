"""Worlds and state: the sandbox, --empty, --instances, --state persistence."""
import collections
import os
import signal
import sqlite3
import subprocess
import sys

from cloudstack_simulator.process import SIMULATOR_ROOT
from conftest import World, client


def test_sandbox_world(shared_api):
    api = shared_api
    zones = {z["name"]: z for z in api.listZones()["zone"]}
    assert zones["Sandbox-simulator-basic"]["networktype"] == "Basic"
    assert zones["Sandbox-simulator-basic"]["securitygroupsenabled"] is True
    assert zones["Sandbox-simulator-advanced"]["guestcidraddress"] == "10.1.1.0/24"
    assert sorted(p["name"] for p in api.listPods()["pod"]) == ["POD0-adv", "POD0-basic"]
    assert sorted(c["name"] for c in api.listClusters()["cluster"]) == ["C0-adv", "C0-basic", "C1-adv"]
    assert api.listHosts(type="Routing")["count"] == 5
    assert sorted(p["name"] for p in api.listStoragePools()["storagepool"]) == ["PS0-adv", "PS0-basic", "PS1-adv",
                                                                                "PS2-adv"]
    assert api.listImageStores()["count"] == 2
    settings = {c["name"]: c.get("value") for c in api.listConfigurations(page=1, pagesize=500)["configuration"]}
    assert settings["default.page.size"] == "500" and settings["instance.name"] == "QA"
    offerings = {o["name"]: o for o in api.listServiceOfferings()["serviceoffering"]}
    assert (offerings["Small Instance"]["cpunumber"], offerings["Small Instance"]["cpuspeed"],
            offerings["Small Instance"]["memory"]) == (1, 500, 512)
    assert (offerings["Medium Instance"]["cpuspeed"], offerings["Medium Instance"]["memory"]) == (1000, 1024)
    assert sorted(d["name"] for d in api.listDiskOfferings()["diskoffering"]) == ["Custom", "Large", "Medium", "Small"]
    templates = api.listTemplates(templatefilter="featured")["template"]
    assert {t["name"] for t in templates} == {"CentOS 5.6 (64-bit) no GUI (Simulator)"}
    assert {t["zonename"] for t in templates} == set(zones)
    names = {o["name"] for o in api.listNetworkOfferings()["networkoffering"]}
    assert {"DefaultSharedNetworkOfferingWithSGService", "DefaultIsolatedNetworkOfferingWithSourceNatService",
            "DefaultIsolatedNetworkOfferingForVpcNetworks", "DefaultL2NetworkOffering"} <= names
    network = api.listNetworks(zoneid=zones["Sandbox-simulator-basic"]["id"])["network"]
    assert [n["name"] for n in network] == ["defaultGuestNetwork"]
    assert [a["name"] for a in api.listAccounts(listall=True)["account"]] == ["admin"]  # never the system account
    assert api.listOsTypes(description="CentOS 5.6 (64-bit)")["count"] == 1


def test_empty_world(start_simulator):
    api = client(start_simulator("--empty"))
    assert api.listZones() == {}
    assert api.listHosts() == {}
    assert [d["name"] for d in api.listDomains()["domain"]] == ["ROOT"]
    assert [a["name"] for a in api.listAccounts()["account"]] == ["admin"]
    assert api.listUsers(username="system") == {}  # never listed (QueryManagerImpl.searchForUsersInternal)
    assert api.listUsers(username="admin")["user"][0]["account"] == "admin"
    assert api.listServiceOfferings()["count"] == 2
    assert api.listNetworkOfferings()["count"] >= 4
    settings = {c["name"]: c["value"] for c in api.listConfigurations(name="default.page.size")["configuration"]}
    assert settings == {"default.page.size": "500"}


def test_instances_fill_the_sandbox(start_simulator):
    api = client(start_simulator("--instances", "1000", "--seed", "7"))
    own = api.listVirtualMachines(listall=True, fetch_list=True)
    projects = api.listVirtualMachines(listall=True, projectid=-1, fetch_list=True)
    vms = own + projects
    assert len(vms) == 1000 and len({v["id"] for v in vms}) == 1000
    states = collections.Counter(v["state"] for v in vms)
    assert set(states) == {"Running", "Stopped"} and states["Running"] > states["Stopped"] > 0
    assert len({v["zonename"] for v in vms}) == 2
    assert len({v["account"] for v in own}) >= 5 and len({v["project"] for v in projects}) == 2
    assert len({v["domain"] for v in own}) >= 3
    assert len({v["nic"][0]["networkid"] for v in vms}) >= 5
    assert all({"env", "role"} <= {t["key"] for t in v["tags"]} for v in vms)
    nat = [v for v in vms if v.get("publicip")]
    assert nat and all(v["state"] == "Running" for v in nat)
    ips = api.listPublicIpAddresses(listall=True, isstaticnat=True, fetch_list=True)
    ips += api.listPublicIpAddresses(projectid=-1, isstaticnat=True, fetch_list=True)
    assert {i["virtualmachineid"] for i in ips} == {v["id"] for v in nat}
    assert len({n["ipaddress"] + n["networkid"] for v in vms for n in v["nic"]}) == 1000
    running_on = {v["hostid"] for v in vms if v["state"] == "Running"}
    assert len(running_on) == 5
    volumes = api.listVolumes(listall=True, fetch_list=True)
    assert {v["virtualmachineid"] for v in volumes} == {v["id"] for v in own}
    assert {v["type"] for v in volumes} == {"ROOT"}


def test_instances_in_one_account(start_simulator):
    api = client(start_simulator("--instances", "600", "--instances-account", "admin"))
    own = api.listVirtualMachines(fetch_list=True)  # no listall: the caller's own instances only
    assert len(own) == 600 and {v["account"] for v in own} == {"admin"}
    assert api.listVirtualMachines(listall=True, projectid=-1) == {}
    assert api.listVirtualMachines(listall=True)["count"] == 600


def test_instances_account_must_exist(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cloudstack_simulator", "--instances", "5", "--instances-account", "zed",
                           "--port", "0"], env=dict(os.environ, PYTHONPATH=SIMULATOR_ROOT), capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert "--instances-account: no account 'zed'; there are: admin, alice, bob, carol, dave, erin" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_instances_past_the_sandbox_capacity_fail_before_writing_anything(tmp_path):
    state = tmp_path / "cloud.db"
    proc = subprocess.run([sys.executable, "-m", "cloudstack_simulator", "--instances", "12700", "--state", str(state),
                           "--port", "0"], env=dict(os.environ, PYTHONPATH=SIMULATOR_ROOT), capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert "--instances 12700: the sandbox holds at most 12699 instances (the Basic zone's guest network has 253 " \
           "free addresses" in proc.stderr
    assert "Traceback" not in proc.stderr
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM objects").fetchone() == (0,)


def test_same_seed_same_cloud(start_simulator):
    first = client(start_simulator("--instances", "50", "--seed", "3")).listVirtualMachines(listall=True)
    second = client(start_simulator("--instances", "50", "--seed", "3")).listVirtualMachines(listall=True)
    assert [(v["id"], v["name"], v["state"]) for v in first["virtualmachine"]] == [
        (v["id"], v["name"], v["state"]) for v in second["virtualmachine"]]


def test_state_survives_a_restart_and_kill_9(start_simulator, tmp_path):
    state = str(tmp_path / "cloud.db")
    sim = start_simulator("--state", state)
    api = client(sim)
    zone = api.createZone(name="persisted", dns1="8.8.8.8", internaldns1="8.8.4.4", networktype="Advanced")["zone"]
    api.createSSHKeyPair(name="kept")
    key = sim.key
    sim.stop()
    again = start_simulator("--state", state)
    assert again.key == key  # the same admin keys
    api = client(again)
    assert api.listZones(id=zone["id"])["zone"][0]["name"] == "persisted"
    assert [k["name"] for k in api.listSSHKeyPairs()["sshkeypair"]] == ["kept"]
    api.updateZone(id=zone["id"], name="renamed")
    os.kill(again.proc.pid, signal.SIGKILL)
    again.proc.wait()
    third = client(start_simulator("--state", state))
    assert third.listZones(id=zone["id"])["zone"][0]["name"] == "renamed"
    assert third.listZones()["count"] == 3


def test_jobs_pending_at_a_restart_are_cancelled(start_simulator, tmp_path):
    """A job the management server was running when it stopped fails when it starts again (AsyncJobManagerImpl's
    cleanup of its left-over jobs: 530), its transitional state undone (a deployment ends in Error); keys survive."""
    state = str(tmp_path / "cloud.db")
    sim = start_simulator("--state", state, "--job-latency", "60")
    api = client(sim, fetch_result=False)
    world = World(api)
    deployed = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                        serviceofferingid=world.small["id"], name="interrupted")
    assert api.listVirtualMachines(id=deployed["id"])["virtualmachine"][0]["state"] == "Starting"
    os.kill(sim.proc.pid, signal.SIGKILL)
    sim.proc.wait()
    again = client(start_simulator("--state", state), fetch_result=False)
    job = again.queryAsyncJobResult(jobid=deployed["jobid"])
    assert job["jobstatus"] == 2 and job["jobresultcode"] == 530
    assert job["jobresult"] == {"errorcode": 530,
                                "errortext": "job cancelled because of management server restart or shutdown"}
    vm = again.listVirtualMachines(id=deployed["id"])["virtualmachine"][0]
    assert vm["state"] == "Error" and "jobid" not in vm
