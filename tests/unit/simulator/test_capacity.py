"""Capacity at host, cluster, pod and zone scope: what deployments may use (overprovisioning, disable thresholds,
disabled scopes, capacity reserved by stopped instances), the 533 when nothing fits, and listCapacity's figures."""
import pytest
from cs import CloudStackException

from conftest import World, api_error

GIB = 1024 ** 3
MIB = 1024 ** 2
# The sandbox's hosts have 4 cores of 8000 MHz and 8 GiB each; the Advanced zone has one pod, cluster C0-adv with
# two hosts and C1-adv with one, the Basic zone one cluster of two hosts. The first deployment in the Advanced zone
# starts the account network's virtual router on the zone's first host: its system offering takes 500 MHz and 256 MiB.
ROUTER_CPU, ROUTER_MEMORY = 500, 256


@pytest.fixture
def sandbox(api):
    world = World(api)
    world.pod = api.listPods(zoneid=world.advanced["id"])["pod"][0]
    world.clusters = {c["name"]: c for c in api.listClusters()["cluster"]}
    world.hosts = {name: sorted(h["id"] for h in api.listHosts(clusterid=c["id"], type="Routing")["host"])
                   for name, c in world.clusters.items()}
    # four fill a host's CPU and memory, with room for a router; a quarter of its CPU with little memory
    world.quarter = offering(api, "quarter", 8000 - ROUTER_CPU // 4, 2048 - ROUTER_MEMORY // 4)
    world.core = offering(api, "core", 8000, 256)
    return world


def offering(api, name, cpuspeed, memory):
    return api.createServiceOffering(name=name, displaytext=name, cpunumber=1, cpuspeed=cpuspeed,
                                     memory=memory)["serviceoffering"]


def deploy(api, world, offering_, zone="advanced", **params):
    return api.deployVirtualMachine(zoneid=getattr(world, zone)["id"], templateid=world.template["id"],
                                    serviceofferingid=offering_["id"], **params)["virtualmachine"]


def refused(api, world, offering_, name, zone="advanced", **params):
    """The job error of a deployment that finds no capacity, checked to be CloudStack's text for the VM."""
    with pytest.raises(CloudStackException) as info:
        deploy(api, world, offering_, zone=zone, name=name, **params)
    vm = api.listVirtualMachines(name=name)["virtualmachine"][0]
    assert vm["state"] == "Error"
    error = info.value.error
    assert error["errorcode"] == 533
    assert error["errortext"] == 'Unable to create a deployment for VM instance {"id": "%s", "instanceName": "%s", ' \
                                 '"type": "User"}' % (vm["id"], vm["instancename"])
    return error


def setting(api, name, value, **scope):
    api.updateConfiguration(name=name, value=value, **scope)


def no_thresholds(api):
    for kind in ("cpu", "memory"):
        setting(api, "cluster.%s.allocated.capacity.disablethreshold" % kind, "1")


def test_fill_a_host_then_a_cluster_then_a_pod_then_the_zone(api, sandbox):
    no_thresholds(api)
    host = sandbox.hosts["C0-adv"][0]
    for number in range(4):
        assert deploy(api, sandbox, sandbox.quarter, name="h%d" % number, hostid=host)["hostid"] == host
    refused(api, sandbox, sandbox.quarter, "host-full", hostid=host)
    cluster = sandbox.clusters["C0-adv"]["id"]
    for number in range(4):  # the cluster's other host
        assert deploy(api, sandbox, sandbox.quarter, name="c%d" % number, clusterid=cluster)["hostid"] != host
    refused(api, sandbox, sandbox.quarter, "cluster-full", clusterid=cluster)
    for number in range(4):  # the pod's other cluster
        vm = deploy(api, sandbox, sandbox.quarter, name="p%d" % number, podid=sandbox.pod["id"])
        assert vm["hostid"] == sandbox.hosts["C1-adv"][0]
    refused(api, sandbox, sandbox.quarter, "pod-full", podid=sandbox.pod["id"])
    refused(api, sandbox, sandbox.quarter, "zone-full")
    # the Basic zone still has room; an instance that asks more than any host has fits nowhere
    assert deploy(api, sandbox, sandbox.quarter, zone="basic", name="elsewhere")["state"] == "Running"
    giant = offering(api, "giant", 8001, 256)
    refused(api, sandbox, giant, "too-fast", zone="basic")


def test_overprovisioning_lets_more_in(api, sandbox):
    no_thresholds(api)
    cluster = sandbox.clusters["C1-adv"]
    for number in range(4):
        deploy(api, sandbox, sandbox.core, name="a%d" % number, clusterid=cluster["id"])
    refused(api, sandbox, sandbox.core, "no-room", clusterid=cluster["id"])
    setting(api, "cpu.overprovisioning.factor", "2", clusterid=cluster["id"])
    listed = api.listClusters(id=cluster["id"])["cluster"][0]
    assert (listed["cpuovercommitratio"], listed["memoryovercommitratio"]) == ("2.0", "1.0")
    assert api.listConfigurations(name="cpu.overprovisioning.factor",
                                  clusterid=cluster["id"])["configuration"][0]["value"] == "2"
    host = api.listHosts(id=sandbox.hosts["C1-adv"][0])["host"][0]
    assert (host["cpuwithoverprovisioning"], host["cpuallocatedwithoverprovisioning"]) == ("64000.00", "50.00%")
    for number in range(4):
        deploy(api, sandbox, sandbox.core, name="b%d" % number, clusterid=cluster["id"])
    refused(api, sandbox, sandbox.core, "no-room-again", clusterid=cluster["id"])
    # memory: four quarters fill C0-adv's first host; twice its memory takes four more
    setting(api, "mem.overprovisioning.factor", "2", clusterid=sandbox.clusters["C0-adv"]["id"])
    host = sandbox.hosts["C0-adv"][0]
    small = offering(api, "memory-quarter", 100, 2048 - ROUTER_MEMORY // 8)
    for number in range(8):
        deploy(api, sandbox, small, name="m%d" % number, hostid=host)
    refused(api, sandbox, small, "no-memory", hostid=host)


def test_clusters_past_their_disable_threshold_are_skipped(api, sandbox):
    cluster = sandbox.clusters["C1-adv"]["id"]
    for number in range(3):  # 75% of the cluster's CPU
        deploy(api, sandbox, sandbox.core, name="t%d" % number, clusterid=cluster)
    # a fourth would take it to 100%, past the default 85%, though its host has the room
    refused(api, sandbox, sandbox.core, "past-threshold", clusterid=cluster)
    setting(api, "cluster.cpu.allocated.capacity.disablethreshold", "1", clusterid=cluster)
    assert deploy(api, sandbox, sandbox.core, name="t3", clusterid=cluster)["state"] == "Running"


def test_disabled_and_maintenance_scopes_are_skipped(api, sandbox):
    first, second = sandbox.hosts["C0-basic"]
    api.updateHost(id=first, allocationstate="Disable")
    refused(api, sandbox, sandbox.core, "disabled-host", zone="basic", hostid=first)
    assert deploy(api, sandbox, sandbox.core, zone="basic", name="on-second")["hostid"] == second
    api.updateHost(id=first, allocationstate="Enable")
    cluster = sandbox.clusters["C0-basic"]["id"]
    api.updateCluster(id=cluster, allocationstate="Disabled")
    refused(api, sandbox, sandbox.core, "disabled-cluster", zone="basic")
    setting(api, "allow.admin.vm.on.disabled.resources", "true")  # the admin's instances may use them
    assert deploy(api, sandbox, sandbox.core, zone="basic", name="admin-vm")["state"] == "Running"
    setting(api, "allow.admin.vm.on.disabled.resources", "false")
    api.updateCluster(id=cluster, allocationstate="Enabled")
    basic_pod = api.listPods(zoneid=sandbox.basic["id"])["pod"][0]
    api.updatePod(id=basic_pod["id"], allocationstate="Disabled")
    refused(api, sandbox, sandbox.core, "disabled-pod", zone="basic")
    api.updatePod(id=basic_pod["id"], allocationstate="Enabled")
    api.updateZone(id=sandbox.basic["id"], allocationstate="Disabled")
    refused(api, sandbox, sandbox.core, "disabled-zone", zone="basic")
    api.updateZone(id=sandbox.basic["id"], allocationstate="Enabled")
    api.prepareHostForMaintenance(id=second)
    refused(api, sandbox, sandbox.core, "maintenance", zone="basic", hostid=second)


def test_stopped_instances_keep_their_capacity_reserved(api, sandbox):
    no_thresholds(api)
    cluster = sandbox.clusters["C1-adv"]["id"]
    vms = [deploy(api, sandbox, sandbox.core, name="r%d" % number, clusterid=cluster) for number in range(4)]
    api.stopVirtualMachine(id=vms[0]["id"])
    refused(api, sandbox, sandbox.core, "reserved", clusterid=cluster)  # capacity.skipcounting.hours: 3600 s
    host = api.listHosts(id=vms[0]["hostid"])["host"][0]
    assert host["cpuallocatedvalue"] == 32000
    assert api.startVirtualMachine(id=vms[0]["id"])["virtualmachine"]["hostid"] == vms[0]["hostid"]
    setting(api, "capacity.skipcounting.hours", "0")
    api.stopVirtualMachine(id=vms[0]["id"])
    assert deploy(api, sandbox, sandbox.core, name="freed", clusterid=cluster)["state"] == "Running"
    with pytest.raises(CloudStackException) as info:
        api.startVirtualMachine(id=vms[0]["id"], hostid=vms[0]["hostid"])
    assert info.value.error["errorcode"] == 533
    api.destroyVirtualMachine(id=vms[1]["id"], expunge=True)
    assert api.startVirtualMachine(id=vms[0]["id"])["virtualmachine"]["state"] == "Running"


def test_scaling_a_running_instance_needs_room_on_its_host(api, sandbox):
    no_thresholds(api)
    cluster = sandbox.clusters["C1-adv"]["id"]
    vms = [deploy(api, sandbox, sandbox.core, name="s%d" % number, clusterid=cluster) for number in range(3)]
    bigger = api.createServiceOffering(name="two-cores", displaytext="two-cores", cpunumber=2, cpuspeed=8000,
                                       memory=256)["serviceoffering"]
    scaled = api.scaleVirtualMachine(id=vms[0]["id"], serviceofferingid=bigger["id"])
    assert scaled["virtualmachine"]["cpunumber"] == 2
    with pytest.raises(CloudStackException) as info:
        api.scaleVirtualMachine(id=vms[1]["id"], serviceofferingid=bigger["id"])
    assert info.value.error["errorcode"] == 533
    assert "Unable to scale" in info.value.error["errortext"]


def test_list_capacity(api, sandbox):
    vm = deploy(api, sandbox, sandbox.quarter, name="one")
    zone = sandbox.advanced["id"]
    host = api.listHosts(id=vm["hostid"])["host"][0]
    capacities = {c["type"]: c for c in api.listCapacity(zoneid=zone)["capacity"]}
    assert sorted(capacities) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 90]
    cpu = capacities[1]
    # the instance and the router of its network
    assert (cpu["name"], cpu["capacityused"], cpu["capacitytotal"], cpu["percentused"]) == ("CPU", 8375, 96000, "8.72")
    assert cpu["zoneid"] == zone and "podid" not in cpu
    memory = capacities[0]
    assert (memory["capacityused"], memory["capacitytotal"], memory["percentused"]) == (2240 * MIB, 24 * GIB, "9.11")
    assert (capacities[90]["capacityused"], capacities[90]["capacitytotal"]) == (2, 12)
    public = capacities[4]
    assert public["name"] == "VIRTUAL_NETWORK_PUBLIC_IP" and public["capacityused"] == 1  # the network's source NAT
    assert capacities[7]["capacityused"] == 1  # its VLAN
    # by cluster: the host's cluster only (the router's too), with the cluster's overprovisioning
    setting(api, "cpu.overprovisioning.factor", "2", clusterid=host["clusterid"])
    listed = api.listCapacity(clusterid=host["clusterid"], type=1)["capacity"]
    total = 64000 * 2 if host["clustername"] == "C0-adv" else 32000 * 2
    assert [(c["clusterid"], c["capacityused"], c["capacitytotal"]) for c in listed] == [
        (host["clusterid"], 8375, total)]
    by_pod = api.listCapacity(podid=sandbox.pod["id"])["capacity"]
    assert {c["podid"] for c in by_pod} == {sandbox.pod["id"]} and 4 not in {c["type"] for c in by_pod}
    # sortby=usage: a zone's pods, most used first
    top = api.listCapacity(zoneid=zone, sortby="usage")["capacity"]
    percents = [float(c["percentused"]) for c in top]
    assert percents == sorted(percents, reverse=True) and top[0]["podid"] == sandbox.pod["id"]
    assert api_error(api.listCapacity, sortby="size")["errortext"] == \
        "Only value supported for sortBy parameter is : usage"
    assert api_error(api.listCapacity, sortby="usage", clusterid=host["clusterid"])["errortext"] == \
        "Currently clusterId param is not supported"
    # showcapacities
    shown = api.listClusters(id=host["clusterid"], showcapacities=True)["cluster"][0]["capacity"]
    assert {"type": 1, "name": "CPU", "capacityused": 8375, "capacitytotal": total,
            "percentused": "%g" % round(837500 / total, 2)} in shown
    assert "capacity" not in api.listClusters(id=host["clusterid"])["cluster"][0]
    pod = api.listPods(id=sandbox.pod["id"], showcapacities=True)["pod"][0]
    assert {c["type"] for c in pod["capacity"]} == {0, 1, 2, 3, 5, 90}
    zone_shown = api.listZones(id=zone, showcapacities=True)["zone"][0]["capacity"]
    assert [c["type"] for c in zone_shown] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 90]


# Primary storage -------------------------------------------------------------------------------------

@pytest.fixture
def small_pool(api, sandbox):
    """The Basic zone's only pool cut to 10 GiB (20 GiB to allocate with the default factor of 2), an offering
    that leaves the hosts room for many instances, and the Custom disk offering."""
    pool = api.listStoragePools(name="PS0-basic")["storagepool"][0]
    api.updateStoragePool(id=pool["id"], capacitybytes=10 * GIB)
    sandbox.pool = pool
    sandbox.tiny = offering(api, "tiny", 100, 128)
    sandbox.custom = [d for d in api.listDiskOfferings()["diskoffering"] if d["name"] == "Custom"][0]
    return sandbox


def pool_state(api, pool):
    return api.listStoragePools(id=pool["id"])["storagepool"][0]


def job_error(call, **params):
    with pytest.raises(CloudStackException) as info:
        call(**params)
    return info.value.error


def test_root_volumes_fill_their_pool_up_to_the_allocated_threshold(api, small_pool):
    world = small_pool
    for number in range(8):  # 8 root disks of 2 GiB: 16 of 20 GiB, under 0.85
        deploy(api, world, world.tiny, zone="basic", name="r%d" % number)
    listed = pool_state(api, world.pool)
    assert (listed["disksizeallocated"], listed["disksizetotal"], listed["overprovisionfactor"]) == (
        16 * GIB, 10 * GIB, "2.0")
    allocated = api.listCapacity(zoneid=world.basic["id"], type=3)["capacity"][0]
    assert (allocated["name"], allocated["capacityused"], allocated["capacitytotal"], allocated["percentused"]) == (
        "STORAGE_ALLOCATED", 16 * GIB, 20 * GIB, "80")
    refused(api, world, world.tiny, "pool-full", zone="basic")  # 18 GiB would be 0.9 of 20
    # the pool's own factor (StoragePool scope) lets more in; listStoragePools and listCapacity follow
    setting(api, "storage.overprovisioning.factor", "3", storageid=world.pool["id"])
    assert deploy(api, world, world.tiny, zone="basic", name="r8")["state"] == "Running"
    assert pool_state(api, world.pool)["overprovisionfactor"] == "3.0"
    assert api.listCapacity(zoneid=world.basic["id"], type=3)["capacity"][0]["capacitytotal"] == 30 * GIB
    # the zone's threshold: at 1, everything up to the pool's overprovisioned size fits
    setting(api, "pool.storage.allocated.capacity.disablethreshold", "1", zoneid=world.basic["id"])
    for number in range(9, 15):
        deploy(api, world, world.tiny, zone="basic", name="r%d" % number)
    refused(api, world, world.tiny, "beyond-size", zone="basic")  # 32 GiB > 30
    assert pool_state(api, world.pool)["disksizeallocated"] == 30 * GIB


def test_data_disks_take_pool_space_when_they_reach_it(api, small_pool):
    world = small_pool
    vm = deploy(api, world, world.tiny, zone="basic", name="with-disk")
    stopped = deploy(api, world, world.tiny, zone="basic", name="stopped-one", startvm=False)
    big = api.createVolume(name="big", zoneid=world.basic["id"], diskofferingid=world.custom["id"], size=40)["volume"]
    assert big["state"] == "Allocated"  # createVolume takes no pool space
    error = job_error(api.attachVolume, id=big["id"], virtualmachineid=vm["id"])
    assert error["errorcode"] == 530
    assert error["errortext"] == 'Unable to find suitable primary storage when creating volume [{"name":"big","uuid":' \
                                 '"%s"}].' % big["id"]
    assert "virtualmachineid" not in api.listVolumes(id=big["id"])["volume"][0]
    # a stopped instance takes it (nothing placed yet) but cannot start with it
    api.attachVolume(id=big["id"], virtualmachineid=stopped["id"])
    error = job_error(api.startVirtualMachine, id=stopped["id"])
    assert error["errorcode"] == 533 and error["errortext"].startswith("Unable to create a deployment for")
    api.detachVolume(id=big["id"])
    small = api.createVolume(name="small", zoneid=world.basic["id"], diskofferingid=world.custom["id"],
                             size=4)["volume"]
    attached = api.attachVolume(id=small["id"], virtualmachineid=vm["id"])["volume"]
    assert (attached["state"], attached["storageid"]) == ("Ready", world.pool["id"])
    assert pool_state(api, world.pool)["disksizeallocated"] == 6 * GIB
    # growing it past what the pool may allocate fails in the job; shrinking and small growth do not
    error = job_error(api.resizeVolume, id=small["id"], size=20)
    assert error["errorcode"] == 530
    assert error["errortext"] == "Storage pool PS0-basic does not have enough space to resize volume small"
    assert api.resizeVolume(id=small["id"], size=10)["volume"]["size"] == 10 * GIB


# Virtual routers ----------------------------------------------------------------------------------------

def test_virtual_routers_take_capacity_on_their_host(api, sandbox):
    vm = deploy(api, sandbox, sandbox.core, name="first")
    router = api.listRouters(listall=True, zoneid=sandbox.advanced["id"])["router"][0]
    host = api.listHosts(id=router["hostid"])["host"][0]
    assert (router["hostname"], router["podid"]) == (host["name"], host["podid"])
    assert [r["id"] for r in api.listRouters(listall=True, hostid=host["id"])["router"]] == [router["id"]]
    on_host = 8000 if vm["hostid"] == host["id"] else 0
    assert (host["cpuallocatedvalue"], host["memoryallocated"]) == (
        on_host + ROUTER_CPU, (256 if on_host else 0) * MIB + ROUTER_MEMORY * MIB)
    api.stopRouter(id=router["id"])
    assert "hostid" not in api.listRouters(id=router["id"])["router"][0]
    assert api.listHosts(id=host["id"])["host"][0]["cpuallocatedvalue"] == on_host
    # the deployment planner places routers too: no cluster under its disable threshold, no router
    api.startRouter(id=router["id"])
    assert api.listRouters(id=router["id"])["router"][0]["hostid"] == host["id"]
    api.stopRouter(id=router["id"])
    for cluster in sandbox.clusters.values():
        setting(api, "cluster.cpu.allocated.capacity.disablethreshold", "0", clusterid=cluster["id"])
    with pytest.raises(CloudStackException) as info:
        api.startRouter(id=router["id"])
    assert info.value.error["errorcode"] == 533
    assert info.value.error["errortext"] == 'Unable to create a deployment for VM instance {"id": "%s", ' \
        '"instanceName": "%s", "type": "DomainRouter"}' % (router["id"], router["name"])


# Migration ---------------------------------------------------------------------------------------------

def test_migrate_virtual_machine(api, sandbox):
    first, second = sandbox.hosts["C0-basic"]
    vm = deploy(api, sandbox, sandbox.core, zone="basic", name="mover", hostid=first)
    moved = api.migrateVirtualMachine(virtualmachineid=vm["id"], hostid=second)["virtualmachine"]
    assert (moved["hostid"], moved["state"]) == (second, "Running")
    assert api.listHosts(id=second)["host"][0]["cpuallocatedvalue"] == 8000
    assert api.listHosts(id=first)["host"][0]["cpuallocatedvalue"] == 0
    # autoselect (true unless false): the planner's choice, the source excluded
    assert api.migrateVirtualMachine(virtualmachineid=vm["id"])["virtualmachine"]["hostid"] == first
    assert api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], autoselect=False)["errortext"] == (
        "Please specify a host or storage as destination, or pass 'autoselect=true' to automatically select a "
        "destination host which do not require storage migration")
    assert api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], hostid=first)["errortext"] == (
        "Cannot migrate VM, VM is already present on this host, please specify valid destination host to migrate the VM")
    pool = api.listStoragePools(name="PS0-basic")["storagepool"][0]
    assert api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], hostid=second, storageid=pool["id"])[
        "errortext"] == "Only one of hostId and storageId can be specified"
    # a host in another cluster: the volumes are on a cluster-wide pool
    other = sandbox.hosts["C1-adv"][0]
    error = api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], hostid=other)
    assert error["errorcode"] == 530 and error["errortext"].startswith("Source and destination host are not in same "
                                                                       "cluster")
    # no room on the destination: the job fails as CapacityManagerImpl.allocateVmCapacity does
    no_thresholds(api)
    for number in range(4):
        deploy(api, sandbox, sandbox.core, zone="basic", name="blocker%d" % number, hostid=second)
    error = job_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], hostid=second)
    assert (error["errorcode"], error["errortext"]) == (530, 'Host does not have enough capacity for vm VM instance '
                                                             '{"id": "%s", "instanceName": "%s", "type": "User"}'
                                                        % (vm["id"], vm["instancename"]))
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["state"] == "Running"
    # storage migration: a stopped instance only
    assert api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], storageid=pool["id"])["errortext"] == \
        "VM is not Stopped, unable to migrate the vm having the specified id"
    api.stopVirtualMachine(id=vm["id"])
    assert api_error(api.migrateVirtualMachine, virtualmachineid=vm["id"], hostid=second)["errortext"] == \
        "VM is not Running, unable to migrate the vm with specified id"
    zone_pool = api.createStoragePool(name="zone-wide", zoneid=sandbox.basic["id"], scope="zone", hypervisor="Simulator",
                                      url="nfs://10.0.0.1/export/zone")["storagepool"]
    moved = api.migrateVirtualMachine(virtualmachineid=vm["id"], storageid=zone_pool["id"])["virtualmachine"]
    root = api.listVolumes(virtualmachineid=vm["id"])["volume"][0]
    assert (moved["state"], root["storageid"]) == ("Stopped", zone_pool["id"])
