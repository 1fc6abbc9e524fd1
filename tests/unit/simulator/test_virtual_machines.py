"""Virtual machines: deploy, lifecycle, scaling, updates, listing, and their errors."""
import base64
import time

import pytest
from cs import CloudStackException

from conftest import World, api_error, client


def deploy(api, world, zone="basic", **params):
    args = dict(zoneid=getattr(world, zone)["id"], templateid=world.template["id"],
                serviceofferingid=world.small["id"])
    args.update(params)
    return api.deployVirtualMachine(**args)["virtualmachine"]


def job_error(call, **params):
    with pytest.raises(CloudStackException) as info:
        call(**params)
    return info.value.error


def test_deploy_in_the_basic_zone(api, world):
    userdata = base64.b64encode(b"#cloud-config\n").decode()
    api.createSSHKeyPair(name="ops")
    vm = deploy(api, world, name="web-1", displayname="Web one", keypair="ops", userdata=userdata,
                details=[{"cpuNumber": "1"}])
    assert (vm["name"], vm["displayname"], vm["state"]) == ("web-1", "Web one", "Running")
    assert vm["instancename"].endswith("-QA") and vm["hypervisor"] == "Simulator"
    assert (vm["serviceofferingname"], vm["cpunumber"], vm["cpuspeed"], vm["memory"]) == ("Small Instance", 1, 500,
                                                                                          512)
    assert vm["keypairs"] == "ops" and "userdata" not in vm
    assert [g["name"] for g in vm["securitygroup"]] == ["default"]
    nic = vm["nic"][0]
    assert nic["networkname"] == "defaultGuestNetwork" and nic["isdefault"] is True
    assert nic["ipaddress"].startswith("60.147.41.") and nic["gateway"] == "60.147.41.1"
    assert vm["ipaddress"] == nic["ipaddress"] and vm["hostid"] and vm["zonename"] == "Sandbox-simulator-basic"
    listed = api.listVirtualMachines(id=vm["id"], userdata=True)["virtualmachine"][0]
    assert listed["userdata"] == userdata
    host = api.listHosts(id=vm["hostid"])["host"][0]
    assert host["memoryallocated"] == 512 * 1024 * 1024


def test_deploy_in_the_advanced_zone_creates_the_default_network(api, world):
    vm = deploy(api, world, zone="advanced", name="app-1")
    networks = api.listNetworks(zoneid=world.advanced["id"])["network"]
    assert [(n["name"], n["state"], n["type"]) for n in networks] == [("admin-network", "Implemented", "Isolated")]
    assert vm["nic"][0]["networkid"] == networks[0]["id"] and vm["nic"][0]["ipaddress"] == "10.1.1.2"
    assert vm["securitygroup"] == []
    source_nat = api.listPublicIpAddresses(issourcenat=True)["publicipaddress"]
    assert [ip["associatednetworkid"] for ip in source_nat] == [networks[0]["id"]]


def test_deploy_validation_errors(api, world):
    checks = [
        (dict(name="bad_name!"), "Invalid name."),
        (dict(keypair="missing"), "A key pair with name 'missing' was not found"),
        (dict(userdata="@@not base64@@"), "User data is not base64 encoded"),
        (dict(securitygroupids=["4a8d4d1c-0000-4000-8000-000000000000"]), "Invalid parameter securitygroupids"),
        (dict(securitygroupnames=["nope"]), "Unable to find security group by name nope"),
    ]
    for params, text in checks:
        error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                          serviceofferingid=world.small["id"], **params)
        assert error["errorcode"] == 431 and text in error["errortext"], (params, error)
    twin = deploy(api, world, name="twin")
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], name="twin")
    assert "The vm with hostName twin already exists" in error["errortext"]
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], name="other", ipaddress=twin["nic"][0]["ipaddress"])
    assert error["errorcode"] == 533 and "already in use" in error["errortext"]
    assert [v["name"] for v in api.listVirtualMachines()["virtualmachine"]] == ["twin"]  # nothing half-made


def test_deploy_with_an_address_the_network_cannot_give(api, world):
    """ipaddress: not an IPv4 address (431, NetworkModelImpl.checkRequestedIpAddresses); outside the network's CIDR,
    its gateway or its broadcast address (533: the guru acquires no address); nothing is made."""
    first = deploy(api, world, zone="advanced", name="first")
    network = api.listNetworks(id=first["nic"][0]["networkid"])["network"][0]
    assert network["cidr"] == "10.1.1.0/24"
    described = 'Network {"id": "%s", "name": "%s"}' % (network["id"], network["name"])
    cases = [("10.1.1", 431, "Invalid specified IPv4 address 10.1.1"),
             ("not-an-ip", 431, "Invalid specified IPv4 address not-an-ip"),
             ("10.9.9.9", 533, "Unable to acquire Guest IP address for network %s" % described),
             ("10.1.1.1", 533, "Unable to acquire Guest IP address for network %s" % described),
             ("10.1.1.255", 533, "Unable to acquire Guest IP address for network %s" % described),
             (first["nic"][0]["ipaddress"], 533, "already in use")]
    for address, code, text in cases:
        error = api_error(api.deployVirtualMachine, zoneid=world.advanced["id"], templateid=world.template["id"],
                          serviceofferingid=world.small["id"], networkids=[network["id"]], ipaddress=address)
        assert error["errorcode"] == code and text in error["errortext"], (address, error)
        error = api_error(api.deployVirtualMachine, zoneid=world.advanced["id"], templateid=world.template["id"],
                          serviceofferingid=world.small["id"], iptonetworklist=[{"networkid": network["id"],
                                                                                 "ip": address}])
        assert error["errorcode"] == code and text in error["errortext"], (address, error)
    assert [v["name"] for v in api.listVirtualMachines()["virtualmachine"]] == ["first"]
    assert deploy(api, world, zone="advanced", networkids=[network["id"]], ipaddress="10.1.1.77")["ipaddress"] == \
        "10.1.1.77"


def test_capacity_is_checked(api, world):
    # the Basic zone has two hosts of 4 x 8000 MHz and 8 GiB: one such instance fits on each
    big = api.createServiceOffering(name="huge", displaytext="huge", cpunumber=2, cpuspeed=8000,
                                    memory=6144)["serviceoffering"]
    assert deploy(api, world, name="fits", serviceofferingid=big["id"])["state"] == "Running"
    assert deploy(api, world, name="fits-too", serviceofferingid=big["id"])["state"] == "Running"
    error = job_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=big["id"], name="too-many")
    assert error["errorcode"] == 533 and "Unable to create a deployment for" in error["errortext"]
    assert api.listVirtualMachines(name="too-many")["virtualmachine"][0]["state"] == "Error"
    giant = api.createServiceOffering(name="giant", displaytext="giant", cpunumber=64, cpuspeed=500,
                                      memory=512)["serviceoffering"]
    assert job_error(api.deployVirtualMachine, zoneid=world.advanced["id"], templateid=world.template["id"],
                     serviceofferingid=giant["id"])["errorcode"] == 533


def test_lifecycle(api, world):
    vm = deploy(api, world, name="life", startvm=False)
    assert vm["state"] == "Stopped" and "hostid" not in vm
    assert api.startVirtualMachine(id=vm["id"])["virtualmachine"]["state"] == "Running"
    assert api.rebootVirtualMachine(id=vm["id"])["virtualmachine"]["state"] == "Running"
    stopped = api.stopVirtualMachine(id=vm["id"], forced=True)["virtualmachine"]
    assert stopped["state"] == "Stopped" and "hostid" not in stopped
    error = api_error(api.rebootVirtualMachine, id=vm["id"])
    assert error["errorcode"] == 431 and "not in Running state" in error["errortext"]
    assert api.destroyVirtualMachine(id=vm["id"])["virtualmachine"]["state"] == "Destroyed"
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["state"] == "Destroyed"
    assert api.recoverVirtualMachine(id=vm["id"])["virtualmachine"]["state"] == "Stopped"
    error = api_error(api.expungeVirtualMachine, id=vm["id"])
    assert error["errortext"] == "Please destroy vm with specified vmId before expunge"
    api.destroyVirtualMachine(id=vm["id"])
    assert api.expungeVirtualMachine(id=vm["id"]) == {"success": True}
    assert api_error(api.listVirtualMachines, id=vm["id"])["errorcode"] == 431
    other = deploy(api, world, name="gone")
    assert api.destroyVirtualMachine(id=other["id"], expunge=True)["virtualmachine"]["state"] == "Expunging"
    assert api.listVirtualMachines(name="gone") == {}


def test_change_offering_needs_a_stopped_vm(api, world):
    vm = deploy(api, world, name="resize")
    error = api_error(api.changeServiceForVirtualMachine, id=vm["id"], serviceofferingid=world.medium["id"])
    assert error["errorcode"] == 431
    assert error["errortext"].startswith("Unable to upgrade virtual machine VM instance")
    assert error["errortext"].endswith("in state Running; make sure the virtual machine is stopped")
    api.stopVirtualMachine(id=vm["id"])
    changed = api.changeServiceForVirtualMachine(id=vm["id"], serviceofferingid=world.medium["id"])["virtualmachine"]
    assert (changed["serviceofferingname"], changed["cpuspeed"], changed["memory"]) == ("Medium Instance", 1000, 1024)


def test_scale_a_running_vm(api, world):
    vm = deploy(api, world, name="scale")
    scaled = api.scaleVirtualMachine(id=vm["id"], serviceofferingid=world.medium["id"])["virtualmachine"]
    assert (scaled["serviceofferingname"], scaled["memory"], scaled["state"]) == ("Medium Instance", 1024, "Running")
    error = job_error(api.scaleVirtualMachine, id=vm["id"], serviceofferingid=world.small["id"])
    assert error["errorcode"] == 431 and "only scalling up it is supported" in error["errortext"]
    api.updateConfiguration(name="enable.dynamic.scale.vm", value="false")
    bigger = api.createServiceOffering(name="bigger", displaytext="b", cpunumber=2, cpuspeed=1000,
                                       memory=2048)["serviceoffering"]
    error = job_error(api.scaleVirtualMachine, id=vm["id"], serviceofferingid=bigger["id"])
    assert (error["errorcode"], error["errortext"]) == (
        531, "Dynamically scaling Instances is disabled for this zone, please contact your admin.")


def test_custom_offering_needs_details(api, world):
    custom = api.createServiceOffering(name="custom", displaytext="custom", customized=True)["serviceoffering"]
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=custom["id"])
    assert "Need to specify custom parameter values cpu, cpu speed and memory" in error["errortext"]
    details = [{"cpuNumber": "2", "cpuSpeed": "1000", "memory": "2048"}]
    vm = deploy(api, world, serviceofferingid=custom["id"], details=details)
    assert (vm["cpunumber"], vm["cpuspeed"], vm["memory"]) == (2, 1000, 2048)
    assert vm["name"].startswith("VM-")


def test_update_virtual_machine(api, world):
    vm = deploy(api, world, name="upd")
    updated = api.updateVirtualMachine(id=vm["id"], displayname="Updated", group="web", haenable=True,
                                       userdata=base64.b64encode(b"x").decode())["virtualmachine"]
    assert (updated["displayname"], updated["group"], updated["haenable"]) == ("Updated", "web", True)
    assert updated["groupid"]
    error = api_error(api.updateVirtualMachine, id=vm["id"], name="renamed")
    assert "must be stopped" in error["errortext"]
    api.stopVirtualMachine(id=vm["id"])
    assert api.updateVirtualMachine(id=vm["id"], name="renamed")["virtualmachine"]["name"] == "renamed"


def test_list_filters_and_details(api, world):
    one = deploy(api, world, name="alpha", displayname="first")
    two = deploy(api, world, name="beta", startvm=False)
    api.createTags(resourceids=[one["id"]], resourcetype="UserVm", tags=[{"key": "tier", "value": "web"}])
    assert [v["name"] for v in api.listVirtualMachines(state="Stopped")["virtualmachine"]] == ["beta"]
    assert [v["name"] for v in api.listVirtualMachines(keyword="alp")["virtualmachine"]] == ["alpha"]
    assert [v["name"] for v in api.listVirtualMachines(name="ALPHA")["virtualmachine"]] == ["alpha"]
    assert [v["name"] for v in api.listVirtualMachines(tags=[{"key": "tier", "value": "web"}])["virtualmachine"]] == [
        "alpha"]
    assert api.listVirtualMachines(tags=[{"key": "tier", "value": "db"}]) == {}
    assert api.listVirtualMachines(ids=[one["id"], two["id"]])["count"] == 2
    assert api.listVirtualMachines(zoneid=world.advanced["id"]) == {}
    network = one["nic"][0]["networkid"]
    assert api.listVirtualMachines(networkid=network)["count"] == 2
    minimal = api.listVirtualMachines(id=one["id"], details=["min"])["virtualmachine"][0]
    assert "serviceofferingname" not in minimal and "templatename" not in minimal and minimal["name"] == "alpha"
    with_offering = api.listVirtualMachines(id=one["id"], details=["servoff"])["virtualmachine"][0]
    assert with_offering["serviceofferingname"] == "Small Instance" and "templatename" not in with_offering
    assert "securitygroup" not in with_offering and "nic" not in with_offering
    assert api_error(api.listVirtualMachines, details=["bogus"])["errorcode"] == 431
    nics = api.listNics(virtualmachineid=one["id"])["nic"]
    assert [n["ipaddress"] for n in nics] == [one["nic"][0]["ipaddress"]]


def test_affinity_groups_spread_instances(api, world):
    api.createAffinityGroup(name="spread", type="host anti-affinity")
    hosts = {deploy(api, world, name="db-%d" % i, affinitygroupnames=["spread"])["hostid"] for i in range(2)}
    assert len(hosts) == 2
    error = job_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], affinitygroupnames=["spread"])
    assert error["errorcode"] == 533
    group = api.listAffinityGroups(name="spread")["affinitygroup"][0]
    assert len(group["virtualmachineIds"]) == 3
    api.deleteAffinityGroup(name="spread")  # CloudStack releases the instances of a group it deletes
    assert all(vm["affinitygroup"] == [] for vm in api.listVirtualMachines()["virtualmachine"])


def test_user_deploys_into_its_account(simulator, api, world):
    domain = api.createDomain(name="team")["domain"]
    account = api.createAccount(username="u1", password="pw", firstname="U", lastname="One", email="u@example.com",
                                accounttype=0, domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    user = client(simulator, key=keys["apikey"], secret=keys["secretkey"])
    vm = user.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                   serviceofferingid=world.small["id"], name="mine")["virtualmachine"]
    assert (vm["account"], vm["domain"]) == ("u1", "team")
    assert api.listVirtualMachines() == {}
    assert api.listVirtualMachines(listall=True)["virtualmachine"][0]["id"] == vm["id"]
    other = deploy(api, world, name="admins")
    assert api_error(user.stopVirtualMachine, id=other["id"])["errorcode"] == 531


def test_root_volumes(api, world):
    vm = deploy(api, world, name="disk", rootdisksize=20)
    volumes = api.listVolumes(virtualmachineid=vm["id"])["volume"]
    assert [(v["type"], v["state"], v["size"], v["vmname"], v["deviceid"]) for v in volumes] == [
        ("ROOT", "Ready", 20 * 1024 ** 3, "disk", 0)]
    assert volumes[0]["storage"] in ("PS0-basic",) and volumes[0]["vmstate"] == "Running"
    stopped = deploy(api, world, name="idle", startvm=False)
    idle = api.listVolumes(virtualmachineid=stopped["id"])["volume"][0]
    assert (idle["state"], idle["size"]) == ("Allocated", world.template["size"])
    api.createTags(resourceids=[volumes[0]["id"]], resourcetype="Volume", tags=[{"key": "backup", "value": "daily"}])
    assert api.listVolumes(tags=[{"key": "backup", "value": "daily"}])["volume"][0]["id"] == volumes[0]["id"]
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert [v["vmname"] for v in api.listVolumes()["volume"]] == ["idle"]
    assert api.listTags(resourcetype="Volume") == {}


def test_deploy_to_a_pod_or_cluster(api, world):
    cluster = api.listClusters(name="C1-adv")["cluster"][0]
    vm = deploy(api, world, zone="advanced", name="pinned", clusterid=cluster["id"], podid=cluster["podid"])
    assert api.listHosts(id=vm["hostid"])["host"][0]["clusterid"] == cluster["id"]
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], podid=cluster["podid"])
    assert error["errorcode"] == 431
    assert error["errortext"] == "Pod POD0-adv doesn't belong to zone Sandbox-simulator-basic"


def user_client(simulator, api, name):
    domain = api.createDomain(name=name + "-domain")["domain"]
    account = api.createAccount(username=name, password="pw", firstname="U", lastname="One", email="u@example.com",
                                accounttype=0, domainid=domain["id"])["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    return client(simulator, key=keys["apikey"], secret=keys["secretkey"])


def test_a_plain_user_may_scale_and_meets_the_zone_setting(simulator, api, world):
    user = user_client(simulator, api, "scaler")
    vm = user.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                   serviceofferingid=world.small["id"], name="users")["virtualmachine"]
    scaled = user.scaleVirtualMachine(id=vm["id"], serviceofferingid=world.medium["id"])["virtualmachine"]
    assert scaled["serviceofferingname"] == "Medium Instance"
    assert api_error(user.listConfigurations, name="enable.dynamic.scale.vm")["errorcode"] == 432
    api.updateConfiguration(name="enable.dynamic.scale.vm", value="false", zoneid=world.basic["id"])
    bigger = api.createServiceOffering(name="bigger", displaytext="b", cpunumber=2, cpuspeed=1000,
                                       memory=2048)["serviceoffering"]
    error = job_error(user.scaleVirtualMachine, id=vm["id"], serviceofferingid=bigger["id"])
    assert error["errorcode"] == 531 and "disabled for this zone" in error["errortext"]


def test_scale_refusals_in_cloudstacks_order(api, world):
    fixed = api.createServiceOffering(name="fixed", displaytext="f", cpunumber=2, cpuspeed=1000, memory=2048,
                                      dynamicscalingenabled=False)["serviceoffering"]
    vm = deploy(api, world, name="order")
    error = job_error(api.scaleVirtualMachine, id=vm["id"], serviceofferingid=fixed["id"])
    assert (error["errorcode"], error["errortext"]) == (431, "Unable to Scale VM: since dynamic scaling enabled flag is "
                                                        "not same for new service offering and old service offering")
    stiff = deploy(api, world, name="stiff", serviceofferingid=fixed["id"])
    assert stiff["isdynamicallyscalable"] is False
    same_flag = api.createServiceOffering(name="fixed2", displaytext="f", cpunumber=4, cpuspeed=1000, memory=4096,
                                          dynamicscalingenabled=False)["serviceoffering"]
    error = job_error(api.scaleVirtualMachine, id=stiff["id"], serviceofferingid=same_flag["id"])
    assert error["errorcode"] == 530 and "does not have tools to support dynamic scaling" in error["errortext"]


def test_restore_re_creates_the_root_disk(api, world):
    vm = deploy(api, world, name="restored", rootdisksize=20)
    old_root = api.listVolumes(virtualmachineid=vm["id"])["volume"][0]
    restored = api.restoreVirtualMachine(virtualmachineid=vm["id"])["virtualmachine"]
    root = api.listVolumes(virtualmachineid=vm["id"])["volume"][0]
    assert restored["state"] == "Running" and restored["templateid"] == world.template["id"]
    assert root["id"] != old_root["id"] and root["size"] == world.template["size"] and root["state"] == "Ready"
    api.destroyVirtualMachine(id=vm["id"])
    error = job_error(api.restoreVirtualMachine, virtualmachineid=vm["id"])
    assert error["errorcode"] == 530 and "restore vm can only execute when VM in Running or Stopped" in error["errortext"]


def test_reset_ssh_key_needs_a_stopped_vm(api, world):
    api.createSSHKeyPair(name="first")
    api.createSSHKeyPair(name="second")
    vm = deploy(api, world, name="keyed", keypair="first")
    error = job_error(api.resetSSHKeyForVirtualMachine, id=vm["id"], keypairs=["second"])
    assert error["errorcode"] == 431 and error["errortext"].endswith("should be stopped to do SSH Key reset")
    api.stopVirtualMachine(id=vm["id"])
    error = job_error(api.resetSSHKeyForVirtualMachine, id=vm["id"], keypairs=["missing"])
    assert "A key pair with name 'missing' was not found" in error["errortext"]
    reset = api.resetSSHKeyForVirtualMachine(id=vm["id"], keypairs=["second"])["virtualmachine"]
    assert reset["keypairs"] == "second"


def test_resize_a_root_volume(api, world):
    vm = deploy(api, world, name="grown")
    root = api.listVolumes(virtualmachineid=vm["id"])["volume"][0]
    grown = api.resizeVolume(id=root["id"], size=10)["volume"]
    assert grown["size"] == 10 * 1024 ** 3 and grown["vmstate"] == "Running"
    error = job_error(api.resizeVolume, id=root["id"], size=5)
    assert error["errorcode"] == 431 and "would shrink the volume" in error["errortext"]
    assert api.resizeVolume(id=root["id"], size=5, shrinkok=True)["volume"]["size"] == 5 * 1024 ** 3


def test_registered_user_data(api, world):
    text = base64.b64encode(b"#cloud-config\nhostname: {{ ds.meta_data.name }}\n").decode()
    userdata = api.registerUserData(name="init", userdata=text, params="name")["userdata"]
    assert api.listUserData(name="init")["userdata"][0]["id"] == userdata["id"]
    assert api_error(api.registerUserData, name="init", userdata=text)["errorcode"] == 431
    vm = deploy(api, world, name="ud", userdataid=userdata["id"], userdatadetails=[{"name": "web"}])
    assert (vm["userdataid"], vm["userdataname"], vm["userdatadetails"]) == (userdata["id"], "init", "{name=web}")
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], userdataid=userdata["id"], userdatadetails=[{"other": "x"}])
    assert error["errorcode"] == 431 and "other" in error["errortext"]
    error = api_error(api.deleteUserData, id=userdata["id"])
    assert error["errorcode"] == 530 and error["errortext"] == ("Userdata init cannot be removed as it is being used "
                                                                "by some instances")
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert api.deleteUserData(id=userdata["id"])["success"] in (True, "true")


def test_reset_password_needs_a_password_enabled_template_and_a_stopped_vm(api, world):
    vm = deploy(api, world, name="locked")
    error = api_error(api.resetPasswordForVirtualMachine, id=vm["id"])
    assert error["errortext"] == ("Fail to reset password for the virtual machine, the template is not password "
                                  "enabled")
    api.updateTemplate(id=world.template["id"], passwordenabled=True)
    error = api_error(api.resetPasswordForVirtualMachine, id=vm["id"])
    assert error["errorcode"] == 431 and error["errortext"].endswith("should be stopped to do password reset")
    api.stopVirtualMachine(id=vm["id"])
    first = api.resetPasswordForVirtualMachine(id=vm["id"])["virtualmachine"]
    assert first["id"] == vm["id"] and first["state"] == "Stopped" and len(first["password"]) >= 12
    again = api.resetPasswordForVirtualMachine(id=vm["id"], password="Chosen-1")["virtualmachine"]
    assert again["password"] == "Chosen-1"
    assert "password" not in api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]


def test_deploy_from_an_iso(api, world):
    iso = api.registerIso(name="installer", displaytext="Installer", url="http://example.com/i.iso",
                          zoneid=world.basic["id"], bootable=True)["iso"][0]
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=iso["id"],
                      serviceofferingid=world.small["id"], hypervisor="Simulator")
    assert error["errortext"] == "Installing from ISO requires a disk offering to be specified for the root disk."
    disk = api.createDiskOffering(name="root10", displaytext="r", disksize=10)["diskoffering"]
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=iso["id"],
                      serviceofferingid=world.small["id"], diskofferingid=disk["id"])
    assert "Hypervisor parameter is needed" in error["errortext"]
    vm = deploy(api, world, name="from-iso", templateid=iso["id"], diskofferingid=disk["id"], hypervisor="Simulator")
    assert (vm["isoid"], vm["isoname"], vm["templateid"]) == (iso["id"], "installer", iso["id"])
    assert vm["hypervisor"] == "Simulator"
    assert api.listVolumes(virtualmachineid=vm["id"])["volume"][0]["size"] == 10 * 1024 ** 3


def test_passing_states_are_listed_while_the_jobs_run(start_simulator):
    sim = start_simulator("--job-latency", "0.5")
    api = client(sim, fetch_result=False)
    world = World(client(sim))

    def state_while_and_after(call, vmid, **params):
        job = call(**params)
        during = api.listVirtualMachines(id=vmid)["virtualmachine"][0]["state"]
        while api.queryAsyncJobResult(jobid=job["jobid"])["jobstatus"] == 0:
            time.sleep(0.1)
        listed = api.listVirtualMachines(name="passing").get("virtualmachine", [{"state": "Expunged"}])
        return during, listed[0]["state"]

    submitted = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                         serviceofferingid=world.small["id"], name="passing")
    vmid = submitted["id"]
    while api.queryAsyncJobResult(jobid=submitted["jobid"])["jobstatus"] == 0:
        time.sleep(0.1)
    assert state_while_and_after(api.stopVirtualMachine, vmid, id=vmid) == ("Stopping", "Stopped")
    assert state_while_and_after(api.startVirtualMachine, vmid, id=vmid) == ("Starting", "Running")
    assert state_while_and_after(api.destroyVirtualMachine, vmid, id=vmid) == ("Stopping", "Destroyed")
    assert state_while_and_after(api.expungeVirtualMachine, vmid, id=vmid) == ("Expunging", "Expunged")
