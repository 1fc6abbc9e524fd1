"""playbooks/site.yml on three Debian 12 machines: a cloud from bare machines, then a rerun that changes nothing.

infra: database (MariaDB) and storage (NFS-Ganesha, as the kernel here has no NFS server);
ms: management server (stand-in packages: the API is the project's simulator); kvm: KVM host
(real libvirt, stand-in agent). The last play logs in as admin, obtains API keys and deploys the zone with
the `zone` role (physical network, public range, pod, cluster with the KVM host, NFS storage, enabled).
The stand-in management server logs in to the KVM host over SSH as CloudStack does. After site.yml, the
zone runs an instance: a KVM template registered, an isolated network, the instance Running on the KVM host.
"""
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import playbooks
# cloudstack_repo is a pytest fixture: importing it makes it available here.
from fixtures.cloudstack_repo import boot_hypervisor, boot_machine, cloudstack_repo, release  # noqa: F401 pylint: disable=unused-import

SITE = "playbooks/site.yml"
ROOT_PASSWORD = "root-secret"
KVM_PASSWORD = "kvm-secret"


@pytest.fixture(scope="module")
def cloud(lab):
    machines = {"infra": boot_machine(lab, "infra"), "ms": boot_machine(lab, "ms"), "kvm": boot_hypervisor(lab, "kvm")}
    yield machines
    for machine in machines.values():
        release(machine)


@pytest.fixture(scope="module")
def inventory(cloud, lab, cloudstack_repo):  # noqa: F811 (fixture)
    groups = {"cloudstack_database": [cloud["infra"]], "cloudstack_storage": [cloud["infra"]],
              "cloudstack_management": [cloud["ms"]], "cloudstack_kvm": [cloud["kvm"]]}
    group_vars = {
        "cloudstack_database": {"database_root_password": ROOT_PASSWORD, "database_remote_hosts": [cloud["ms"].ip],
                                "database_management_networks": [f"{cloud['ms'].ip}/32"]},
        "cloudstack_storage": {"nfs_storage_server": "ganesha", "nfs_storage_ganesha_grace_period": 0,
                               "nfs_storage_networks": [str(lab.network)]},
        "cloudstack_management": {**cloudstack_repo["role_vars"], "management_server_db_host": "infra",
                                  "management_server_key": "ms-key-secret", "management_server_database_key": "db-key-secret",
                                  "management_server_management_networks": [str(lab.network)],
                                  "management_server_db_password": "cloud-secret",
                                  "management_server_db_root_password": ROOT_PASSWORD},
        "cloudstack_kvm": {**cloudstack_repo["role_vars"], "kvm_host_management_networks": [str(lab.network)],
                           "kvm_host_cloudstack_user_password": KVM_PASSWORD,
                           "kvm_host_bridges": [{"name": "cloudbr0", "address": "192.168.42.11/24"}, {"name": "cloudbr1"}]},
    }
    extra_vars = {
        "cloudstack_zone": {"name": "zone1", "dns1": lab.host_ip,
                            "pod": {"name": "pod1", "gateway": lab.host_ip, "netmask": "255.255.255.0",
                                    "start_ip": str(lab.network[200]), "end_ip": str(lab.network[220])},
                            "cluster": {"name": "cluster1"},
                            "public_ip_range": {"start_ip": str(lab.network[230]), "end_ip": str(lab.network[240]),
                                                "gateway": lab.host_ip, "netmask": "255.255.255.0"}},
    }
    return groups, group_vars, extra_vars


@pytest.fixture(scope="module")
def play():
    return playbooks.runner("test_site")


@pytest.fixture(scope="module")
def first_run(play, inventory):
    groups, group_vars, extra_vars = inventory
    return play(SITE, groups, groupvars=group_vars, extra_vars=extra_vars)


def api(ms, command, **params):
    """Call the management server's API in an admin session (login, then the command)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    url = f"http://{ms.ip}:8080/client/api"
    body = urllib.parse.urlencode({"command": "login", "username": "admin", "password": "password",
                                   "domain": "/", "response": "json"}).encode()
    with opener.open(url, data=body, timeout=10) as response:
        session = json.load(response)["loginresponse"]["sessionkey"]
    query = urllib.parse.urlencode({"command": command, "sessionkey": session, "response": "json", **params})
    with opener.open(f"{url}?{query}", timeout=10) as response:
        return json.load(response)[command.lower() + "response"]


def await_job(ms, answer, timeout=60):
    """The result of an async command's job, polled as a client does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = api(ms, "queryAsyncJobResult", jobid=answer["jobid"])
        if job["jobstatus"] == 1:
            return job["jobresult"]
        assert job["jobstatus"] == 0, job
        time.sleep(1)
    raise AssertionError("job %s still running after %s s" % (answer["jobid"], timeout))


def test_site_builds_the_cloud(cloud, first_run):
    first_run.assert_ok()
    infra, ms, kvm = cloud["infra"], cloud["ms"], cloud["kvm"]
    assert "cloud" in infra.run("mysql --batch --skip-column-names -e 'SHOW DATABASES'").split()
    assert infra.run("systemctl is-active mariadb nfs-ganesha").split() == ["active", "active"]
    assert ms.run("systemctl is-active cloudstack-management").strip() == "active"
    assert "QEMU" in kvm.run("virsh -c qemu:///system version")
    zones = api(ms, "listZones")["zone"]
    assert [(z["name"], z["networktype"]) for z in zones] == [("zone1", "Advanced")]
    assert [p["name"] for p in api(ms, "listPods")["pod"]] == ["pod1"]
    assert [(c["name"], c["hypervisortype"]) for c in api(ms, "listClusters")["cluster"]] == [("cluster1", "KVM")]
    hosts = api(ms, "listHosts", type="Routing")["host"]
    assert [(h["name"], h["clustername"], h["hypervisor"]) for h in hosts] == [(kvm.ip, "cluster1", "KVM")]
    keys = api(ms, "getUserKeys", id=api(ms, "listUsers", username="admin")["user"][0]["id"])["userkeys"]
    assert keys["apikey"] and keys["apikey"] not in first_run.output and keys["secretkey"] not in first_run.output


def test_the_zone_runs_an_instance(cloud, first_run):
    first_run.assert_ok()
    ms, kvm = cloud["ms"], cloud["kvm"]
    zone = api(ms, "listZones", name="zone1")["zone"][0]
    assert zone["allocationstate"] == "Enabled"
    ostype = api(ms, "listOsTypes", description="Debian GNU/Linux 12 (64-bit)")["ostype"][0]
    template = api(ms, "registerTemplate", name="debian-12", displaytext="Debian 12", format="QCOW2",
                   hypervisor="KVM", ostypeid=ostype["id"], zoneid=zone["id"],
                   url="https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2")
    template_id = template["template"][0]["id"]
    deadline = time.monotonic() + 30
    while not api(ms, "listTemplates", templatefilter="self", id=template_id)["template"][0]["isready"]:
        assert time.monotonic() < deadline, "the template never became ready"
        time.sleep(1)
    offering = api(ms, "listNetworkOfferings", name="DefaultIsolatedNetworkOfferingWithSourceNatService")
    network = api(ms, "createNetwork", name="net1", displaytext="net1", zoneid=zone["id"],
                  networkofferingid=offering["networkoffering"][0]["id"])["network"]
    compute = api(ms, "listServiceOfferings", name="Small Instance")["serviceoffering"][0]
    vm = await_job(ms, api(ms, "deployVirtualMachine", name="vm1", zoneid=zone["id"], templateid=template_id,
                           serviceofferingid=compute["id"], networkids=network["id"]))["virtualmachine"]
    assert (vm["state"], vm["hypervisor"], vm["hostname"]) == ("Running", "KVM", kvm.ip)
    assert vm["nic"][0]["networkid"] == network["id"]


def setup_agent_calls(kvm):
    return [json.loads(line) for line in kvm.read_file("/var/log/cloudstack/agent/setup-agent.log").splitlines()]


def test_the_management_server_added_the_host_as_the_cloudstack_user(cloud, first_run):
    first_run.assert_ok()
    ms, kvm = cloud["ms"], cloud["kvm"]
    # Over SSH as `cloudstack`, through sudo: the certificate (keystore-cert-import runs -s), then the agent.
    calls = setup_agent_calls(kvm)
    assert [(c["argv"][0], c["uid"], c["sudo_user"]) for c in calls] == [("-s", 0, "cloudstack"), ("-m", 0, "cloudstack")]
    assert calls[1]["argv"][1] == ms.ip and "-a" in calls[1]["argv"] and "-s" in calls[1]["argv"]
    properties = kvm.read_file("/etc/cloudstack/agent/agent.properties").splitlines()
    assert f"host={ms.ip}" in properties and "guid=" not in properties
    assert kvm.run("systemctl is-active cloudstack-agent").strip() == "active"
    # libvirt now takes TLS connections with the certificate the management server's CA issued, and no TCP.
    assert kvm.run(f"virsh -c qemu+tls://{kvm.ip}/system uri").strip() == f"qemu+tls://{kvm.ip}/system"
    assert "CloudStack CA (TEST FIXTURE)" in kvm.run("openssl x509 -noout -issuer -in /etc/pki/libvirt/servercert.pem")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((kvm.ip, 16509), timeout=5).close()


def test_a_wrong_password_does_not_add_a_host(cloud, first_run):
    first_run.assert_ok()
    ms, kvm = cloud["ms"], cloud["kvm"]
    host = api(ms, "listHosts", type="Routing")["host"][0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        api(ms, "addHost", zoneid=host["zoneid"], podid=host["podid"], clusterid=host["clusterid"], hypervisor="KVM",
            url=f"http://{cloud['infra'].ip}", username="cloudstack", password="wrong")
    assert refused.value.code == 530 and "due to: [Authentication error]" in refused.value.read().decode()
    assert len(setup_agent_calls(kvm)) == 2


def test_site_rerun_changes_nothing(play, inventory, first_run, cloud):
    first_run.assert_ok()
    groups, group_vars, extra_vars = inventory
    play(SITE, groups, groupvars=group_vars, extra_vars=extra_vars).assert_unchanged()
    assert len(api(cloud["ms"], "listHosts", type="Routing")["host"]) == 1
