"""Capacity, as CloudStack's CapacityManagerImpl keeps it and its deployment planner reads it: what instances take
of their host (used while they run; reserved on their last host for `capacity.skipcounting.hours` seconds once
stopped), each cluster's overprovisioning factors and disable thresholds, the hosts a deployment may use; what
volumes take of their primary storage pool (StorageManagerImpl's space checks); and the
figures of listCapacity and of listZones/listPods/listClusters with `showcapacities`, computed from the model."""
import ipaddress
import time

from .. import exceptions
from ..registry import Listing, command
from .common import setting

MIB = 1024 * 1024
ACTIVE_VM_STATES = ("Starting", "Running", "Stopping", "Migrating")

# Capacity.java's types and CapacityVO's names of them.
MEMORY, CPU, STORAGE, STORAGE_ALLOCATED, PUBLIC_IP, PRIVATE_IP, SECONDARY_STORAGE, VLAN, DIRECT_IP, CPU_CORE = (
    0, 1, 2, 3, 4, 5, 6, 7, 8, 90)
NAMES = {MEMORY: "MEMORY", CPU: "CPU", STORAGE: "STORAGE", STORAGE_ALLOCATED: "STORAGE_ALLOCATED",
         PUBLIC_IP: "VIRTUAL_NETWORK_PUBLIC_IP", PRIVATE_IP: "PRIVATE_IP", SECONDARY_STORAGE: "SECONDARY_STORAGE",
         VLAN: "VLAN", DIRECT_IP: "DIRECT_ATTACHED_PUBLIC_IP", CPU_CORE: "CPU_CORE"}
HOST_TYPES = (MEMORY, CPU, CPU_CORE)
# The cluster details behind listClusters' ratios, which updateConfiguration sets with a clusterid
# (ClusterDetailsDaoImpl maps the setting names to them).
OVERCOMMIT_FIELDS = {"cpu.overprovisioning.factor": "cpuovercommitratio",
                     "mem.overprovisioning.factor": "memoryovercommitratio"}
THRESHOLDS = {CPU: "cluster.cpu.allocated.capacity.disablethreshold",
              MEMORY: "cluster.memory.allocated.capacity.disablethreshold"}
# StoragePoolType.supportsOverProvisioning: the pool types whose size storage.overprovisioning.factor multiplies.
OVERPROVISIONED_POOL_TYPES = ("Filesystem", "NetworkFilesystem", "RBD", "SharedMountPoint", "VMFS", "PreSetup", "EXT",
                              "PowerFlex", "Linstor")
AFFINITY_HINT = ", Please check the affinity groups provided, there may not be sufficient capacity to follow them"


# Hosts ---------------------------------------------------------------------------------------------

def need_of(vm):
    """What an instance takes of a host, by capacity type."""
    return {CPU: vm["cpunumber"] * vm["cpuspeed"], MEMORY: vm["memory"] * MIB, CPU_CORE: vm["cpunumber"]}


def usage(store):
    """{host id: {type: [used, reserved]}}: the running instances' and virtual routers' use of their host, and what
    stopped instances keep reserved on their last host until `capacity.skipcounting.hours` (seconds) have passed
    since they stopped."""
    release = float(setting(store, "capacity.skipcounting.hours") or 0)
    clock = time.time()
    taken = {}

    def add(host_id, column, need):
        host = taken.setdefault(host_id, {kind: [0, 0] for kind in HOST_TYPES})
        for kind, amount in need.items():
            host[kind][column] += amount
    for vm in store.all("virtualmachine"):
        if vm.get("hostid") and vm["state"] in ACTIVE_VM_STATES:
            add(vm["hostid"], 0, need_of(vm))
        elif vm["state"] == "Stopped" and vm.get("_lasthostid") and clock - vm.get("_stoppedat", 0) < release:
            add(vm["_lasthostid"], 1, need_of(vm))
    for router in store.all("router"):
        offering = store.get("serviceoffering", router.get("serviceofferingid") or "")
        if router.get("hostid") and router["state"] in ACTIVE_VM_STATES and offering:
            add(router["hostid"], 0, need_of(offering))
    return taken


def system_vm_host(store, zone_id, offering, described):
    """The host the deployment planner gives a system VM (a virtual router) of `offering`: the first Up and Enabled
    routing host of the zone with room, in a cluster under its disable thresholds; None when the zone has no host
    at all (nothing to count against); 533 for the VM `described` as CloudStack prints it when none has room."""
    hosts = [h for h in store.find("host", zoneid=zone_id) if allocatable(h)]
    if not hosts or offering is None:
        return None
    need, taken = need_of(offering), usage(store)
    crowded = clusters_over_threshold(store, need, taken, False)
    host = next((h for h in hosts if h["clusterid"] not in crowded and host_fits(store, h, need, taken)), None)
    if host is None:
        raise exceptions.insufficient_capacity("Unable to create a deployment for %s" % described)
    return host


def ratios(cluster):
    return {CPU: float(cluster["cpuovercommitratio"]), MEMORY: float(cluster["memoryovercommitratio"]), CPU_CORE: 1.0}


def host_totals(host, cluster):
    """A host's capacity by type, the cluster's overprovisioning factors applied."""
    ratio = ratios(cluster)
    return {CPU: int(host["cpunumber"] * host["cpuspeed"] * ratio[CPU]),
            MEMORY: int(host["memorytotal"] * ratio[MEMORY]), CPU_CORE: host["cpunumber"]}


def host_fits(store, host, need, taken=None, cpunumber=1, cpuspeed=0):
    """CapacityManagerImpl.checkIfHostHasCapacity (reserved capacity considered), after the allocator's check that
    the host has as many cores, as fast, as the instance asks for."""
    if host["cpunumber"] < cpunumber or host["cpuspeed"] < cpuspeed:
        return False
    taken = (usage(store) if taken is None else taken).get(host["id"], {})
    totals = host_totals(host, store.get("cluster", host["clusterid"]))
    return all(sum(taken.get(kind, (0, 0))) + need[kind] <= totals[kind] for kind in (CPU, MEMORY))


def allocatable(host):
    return host["type"] == "Routing" and host["state"] == "Up" and host["resourcestate"] == "Enabled"


def deployment_hosts(store, vm):
    """The hosts a deployment planner considers for the instance: its zone's Up and Enabled hosts of its hypervisor,
    in enabled zones, pods and clusters (DeploymentPlanningManagerImpl.avoidDisabledResources; an admin's instance
    may use disabled ones when allow.admin.vm.on.disabled.resources is true)."""
    owner = store.get("account", vm["_accountid"])
    skip_disabled = not (owner and owner["accounttype"] == 1
                         and (setting(store, "allow.admin.vm.on.disabled.resources") or "").lower() == "true")
    hosts = []
    for host in store.find("host", zoneid=vm["zoneid"]):
        if not allocatable(host) or host["hypervisor"] != vm["hypervisor"]:
            continue
        scopes = (store.get("zone", host["zoneid"]), store.get("pod", host["podid"]),
                  store.get("cluster", host["clusterid"]))
        if skip_disabled and any(scope["allocationstate"] != "Enabled" for scope in scopes):
            continue
        hosts.append(host)
    return hosts


def clusters_over_threshold(store, need, taken, starting):
    """FirstFitPlanner.removeClustersCrossingThreshold: the clusters whose allocated CPU or memory, with the
    instance's, would pass their disable threshold (a start checks only when cluster.threshold.enabled)."""
    if starting and (setting(store, "cluster.threshold.enabled") or "true").lower() != "true":
        return set()
    sums = {}
    for host in store.all("host"):
        if host["type"] != "Routing" or host["resourcestate"] != "Enabled":
            continue
        cluster = store.get("cluster", host["clusterid"])
        totals, used = host_totals(host, cluster), taken.get(host["id"], {})
        row = sums.setdefault(cluster["id"], {kind: [0, 0] for kind in THRESHOLDS})
        for kind in THRESHOLDS:
            row[kind][0] += sum(used.get(kind, (0, 0)))
            row[kind][1] += totals[kind]
    return {cluster_id for cluster_id, row in sums.items() if any(
        row[kind][1] > 0 and (row[kind][0] + need[kind]) / row[kind][1] > float(setting(store, key, cluster_id))
        for kind, key in THRESHOLDS.items())}


def no_deployment(text, vm):
    """InsufficientServerCapacityException as DeployVMCmd/StartVMCmd answer it (533)."""
    return exceptions.insufficient_capacity(text + (AFFINITY_HINT if vm.get("_affinitygroups") else ""))


# Primary storage -----------------------------------------------------------------------------------

def pool_factor(store, pool):
    """storage.overprovisioning.factor, as the pool's own detail when updateConfiguration set one (storageid)."""
    return float(setting(store, "storage.overprovisioning.factor", pool["id"]) or 1)


def pool_total(store, pool):
    """What a pool may allocate: its size, times its overprovisioning factor when its type supports it."""
    if pool["type"] in OVERPROVISIONED_POOL_TYPES:
        return int(pool["capacitybytes"] * pool_factor(store, pool))
    return pool["capacitybytes"]


def pool_allocated(store, pool):
    """CapacityManagerImpl.getAllocatedPoolCapacity: the sizes of the volumes on the pool."""
    return sum(v.get("size") or 0 for v in store.find("volume", storageid=pool["id"]))


def pool_used(store, pool):
    return sum(v.get("physicalsize") or 0 for v in store.find("volume", storageid=pool["id"]))


def pool_has_space(store, pool, asking):
    """StorageManagerImpl.checkUsagedSpace then checkPoolforSpace: the pool's used bytes under
    pool.storage.capacity.disablethreshold, and what is allocated, with `asking` more bytes, under
    pool.storage.allocated.capacity.disablethreshold of what the pool may allocate and within it."""
    used_threshold = float(setting(store, "pool.storage.capacity.disablethreshold", pool["zoneid"]) or 1)
    if pool["capacitybytes"] and pool_used(store, pool) / pool["capacitybytes"] >= used_threshold:
        return False
    if asking <= 0:
        return True
    total, allocated = pool_total(store, pool), pool_allocated(store, pool)
    threshold = float(setting(store, "pool.storage.allocated.capacity.disablethreshold", pool["zoneid"]) or 1)
    return total > 0 and (allocated + asking) / total <= threshold and allocated + asking <= total


def host_pools(store, host, current=None):
    """The Up pools a host reaches, as the storage allocators offer them: its cluster's (ClusterScope), then its
    zone's zone-wide pools of its hypervisor (ZoneWide); `current`, the pool the volumes are on, first."""
    pools = [p for p in store.find("storagepool", zoneid=host["zoneid"]) if p["state"] == "Up" and (
        p.get("clusterid") == host["clusterid"]
        or (p["scope"] == "ZONE" and p.get("hypervisor") in (host["hypervisor"], "Any")))]
    return sorted(pools, key=lambda p: (p["id"] != current, p["scope"] != "CLUSTER"))


def pool_for_volumes(store, pools, volumes):
    """The first pool with room for the volumes (a volume Ready on a pool asks nothing more of it), or None."""
    for pool in pools:
        asking = sum(v.get("size") or 0 for v in volumes if v["state"] != "Ready" or v.get("storageid") != pool["id"])
        if pool_has_space(store, pool, asking):
            return pool
    return None


# Figures -------------------------------------------------------------------------------------------

def entry(store, kind, used, total, zone_id, pod_id=None, cluster_id=None):
    zone, pod, cluster = store.get("zone", zone_id), store.get("pod", pod_id), store.get("cluster", cluster_id)
    out = {"type": kind, "name": NAMES[kind], "capacityused": used, "capacitytotal": total,
           "percentused": percent(used, total), "zoneid": zone_id, "zonename": zone["name"]}
    if pod:
        out.update(podid=pod["id"], podname=pod["name"])
    if cluster:
        out.update(clusterid=cluster["id"], clustername=cluster["name"])
    return out


def percent(used, total):
    """DecimalFormat("##.##") of the used share, as ApiResponseHelper prints it."""
    if not total:
        return "0"
    return ("%.2f" % (100.0 * used / total)).rstrip("0").rstrip(".")


def in_scope(record, zone_id, pod_id, cluster_id):
    return (record.get("zoneid") == zone_id and (pod_id is None or record.get("podid") == pod_id)
            and (cluster_id is None or record.get("clusterid") == cluster_id))


def host_figures(store, zone_id, pod_id, cluster_id, taken):
    figures = {kind: [0, 0] for kind in HOST_TYPES}
    for host in store.find("host", zoneid=zone_id):
        if host["type"] != "Routing" or host["resourcestate"] != "Enabled" or not in_scope(
                host, zone_id, pod_id, cluster_id):
            continue
        totals = host_totals(host, store.get("cluster", host["clusterid"]))
        for kind in HOST_TYPES:
            figures[kind][0] += sum(taken.get(host["id"], {}).get(kind, (0, 0)))
            figures[kind][1] += totals[kind]
    return figures


def pool_figures(store, zone_id, pod_id, cluster_id):
    """STORAGE (what the pools' volumes hold) and STORAGE_ALLOCATED (what they were given, against what the pools
    may allocate)."""
    figures = {STORAGE: [0, 0], STORAGE_ALLOCATED: [0, 0]}
    for pool in store.find("storagepool", zoneid=zone_id):
        if pool["scope"] == "CLUSTER" and not in_scope(pool, zone_id, pod_id, cluster_id):
            continue
        figures[STORAGE][0] += pool_used(store, pool)
        figures[STORAGE][1] += pool["capacitybytes"]
        figures[STORAGE_ALLOCATED][0] += pool_allocated(store, pool)
        figures[STORAGE_ALLOCATED][1] += pool_total(store, pool)
    return figures


def address_figures(store, zone_id):
    """Public addresses of the zone's virtual-network ranges, the direct-attached ones of its shared networks, and
    its guest VLANs."""
    public = store.find("publicipaddress", zoneid=zone_id)
    virtual = [a for a in public if a["forvirtualnetwork"]]
    figures = {PUBLIC_IP: [sum(a["state"] != "Free" for a in virtual), len(virtual)]}
    direct_total = direct_used = 0
    for vlan in store.find("vlaniprange", zoneid=zone_id):
        if not vlan["forvirtualnetwork"] and vlan.get("startip") and vlan.get("networkid"):
            direct_total += address_count(vlan["startip"], vlan["endip"])
    for nic in store.all("nic"):
        network = store.get("network", nic.get("networkid"))
        if network and network["zoneid"] == zone_id and network.get("type") == "Shared" and nic.get("ipaddress"):
            direct_used += 1
    figures[DIRECT_IP] = [direct_used, direct_total]
    vlans = 0
    for pnet in store.find("physicalnetwork", zoneid=zone_id):
        for span in (pnet.get("vlan") or "").split(";"):
            if "-" in span:
                low, high = (int(x) for x in span.split("-"))
                vlans += high - low + 1
    used_vlans = len({n["vlan"] for n in store.find("network", zoneid=zone_id)
                      if n.get("vlan") and n.get("type") == "Isolated"})
    figures[VLAN] = [used_vlans, vlans]
    return figures


def address_count(start, end):
    return int(ipaddress.IPv4Address(end)) - int(ipaddress.IPv4Address(start)) + 1


def private_figures(store, zone_id, pod_id):
    """The pods' management address ranges (their use by system VMs is not simulated)."""
    total = 0
    for pod in store.find("pod", zoneid=zone_id):
        if pod_id is None or pod["id"] == pod_id:
            total += sum(address_count(r["startip"], r["endip"]) for r in pod.get("ipranges") or [] if r.get("endip"))
    return {PRIVATE_IP: [0, total]}


def secondary_figures(store, zone_id):
    stores = store.find("imagestore", zoneid=zone_id)
    return {SECONDARY_STORAGE: [sum(s.get("disksizeused") or 0 for s in stores),
                                sum(s.get("disksizetotal") or 0 for s in stores)]}


def figures(store, zone_id, pod_id=None, cluster_id=None, taken=None):
    """{type: (used, total)} of a zone, or of one of its pods or clusters: the host and pool figures at any scope,
    the pods' private addresses at zone and pod scope, the zone-wide ones at zone scope only."""
    taken = usage(store) if taken is None else taken
    out = host_figures(store, zone_id, pod_id, cluster_id, taken)
    out.update(pool_figures(store, zone_id, pod_id, cluster_id))
    if cluster_id is None:
        out.update(private_figures(store, zone_id, pod_id))
    if pod_id is None and cluster_id is None:
        out.update(address_figures(store, zone_id))
        out.update(secondary_figures(store, zone_id))
    return out


def entries(store, zone_id, pod_id=None, cluster_id=None, kind=None, taken=None):
    found = figures(store, zone_id, pod_id, cluster_id, taken)
    return [entry(store, k, used, total, zone_id, pod_id, cluster_id) for k, (used, total) in sorted(found.items())
            if kind is None or k == kind]


def shown_capacities(store, taken, zone_id, pod_id=None, cluster_id=None):
    """The `capacity` of a zone, pod or cluster response with showcapacities: type, name and figures only."""
    return [{key: e[key] for key in ("type", "name", "capacityused", "capacitytotal", "percentused")}
            for e in entries(store, zone_id, pod_id, cluster_id, taken=taken)]


def showing_capacities(view, scope):
    """A list's viewer(ctx, params): `view(store, record)`, with the record's `capacity` when the list asks
    showcapacities; `scope(record)`: its (zone id, pod id, cluster id)."""
    def viewer(ctx, params):
        taken = usage(ctx.store) if params.get("showcapacities") else None

        def shown(record):
            out = view(ctx.store, record)
            if taken is not None:
                out["capacity"] = shown_capacities(ctx.store, taken, *scope(record))
            return out
        return shown
    return viewer


def top_consumed(store, zone, pod, kind, taken):
    """sortby=usage (listTopConsumedResources): by zone, the pods of a zone, or the clusters of a pod."""
    if pod:
        scopes = [(pod["zoneid"], pod["id"], c["id"]) for c in store.find("cluster", podid=pod["id"])]
    elif zone:
        scopes = [(zone["id"], p["id"], None) for p in store.find("pod", zoneid=zone["id"])]
    else:
        scopes = [(z["id"], None, None) for z in store.all("zone")]
    found = [e for scope in scopes for e in entries(store, *scope, kind=kind, taken=taken)]
    return sorted(found, key=lambda e: -(100.0 * e["capacityused"] / e["capacitytotal"] if e["capacitytotal"] else 0))


@command("listCapacity")
def list_capacity(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone, pod, cluster = ctx.lookup("zone", "zoneid"), ctx.lookup("pod", "podid"), ctx.lookup("cluster", "clusterid")
    kind = params.get("type")
    taken = usage(store)
    if params.get("sortby") is not None:
        if params["sortby"].lower() != "usage":
            raise exceptions.invalid("Only value supported for sortBy parameter is : usage")
        if cluster:
            raise exceptions.invalid("Currently clusterId param is not supported")
        return Listing(top_consumed(store, zone, pod, kind, taken))
    if zone:
        zones = [zone["id"]]
    elif cluster or pod:
        zones = [(cluster or pod)["zoneid"]]
    else:
        zones = [z["id"] for z in store.all("zone")]
    pod_id, cluster_id = pod["id"] if pod else None, cluster["id"] if cluster else None
    return Listing([e for zone_id in zones for e in entries(store, zone_id, pod_id, cluster_id, kind, taken)])
