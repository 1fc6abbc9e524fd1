"""Hosts: addHost, listHosts, updateHost, deleteHost, maintenance; their state and capacity."""
import time
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .clusters import make_cluster
from .common import filter_common, hypervisor_name, new_id, now, public, success


GIB = 1024 ** 3
# What the CloudStack simulator's mock agent reports for a host.
HOST_CPU_CORES, HOST_CPU_MHZ, HOST_MEMORY = 4, 8000, 8 * GIB
HOST_UP_DELAY = 0.5  # seconds before a newly added host is Up (it is Connecting meanwhile)
ACTIVE_VM_STATES = ("Starting", "Running", "Stopping", "Migrating")
MANAGEMENT_SERVER_ID = "d6f1a1ee-5e3b-4c3b-9b1a-5f0c2a1d7e42"


def make_host(store, cluster, url, hypervisor="Simulator", state="Up", hosttags=None, username="root"):
    host_part = urlsplit(url).hostname or url
    number = len(store.table("host")) + 1
    host = {"id": new_id(), "name": "SimulatedAgent.%s" % new_id() if hypervisor == "Simulator" else host_part,
            "type": "Routing", "state": state, "resourcestate": "Enabled", "ipaddress": "172.16.15.%d" % (10 + number),
            "zoneid": cluster["zoneid"], "zonename": cluster["zonename"], "podid": cluster["podid"],
            "podname": cluster["podname"], "clusterid": cluster["id"], "clustername": cluster["name"],
            "clustertype": cluster["clustertype"], "hypervisor": hypervisor, "hypervisorversion": None,
            "cpunumber": HOST_CPU_CORES, "cpuspeed": HOST_CPU_MHZ, "cpusockets": 1, "memorytotal": HOST_MEMORY,
            "hosttags": ",".join(hosttags or []) or None, "version": "4.22.0.0", "created": now(),
            "lastpinged": "1970-01-21T06:17:23+0000", "managementserverid": MANAGEMENT_SERVER_ID,
            "arch": "x86_64", "hahost": False, "islocalstorageactive": False, "outofbandmanagement": {
                "enabled": False, "powerstate": "Disabled"}, "hostha": {"haenable": False, "hastate": "Disabled"},
            "encryptionsupported": True, "instanceconversionsupported": False, "ueficapability": False,
            "events": "AgentDisconnected; HostDown; ManagementServerDown; Ping; ShutdownRequested; StartAgentRebalance; "
                      "AgentConnected; Remove; PingTimeout", "username": username, "_url": url,
            "capabilities": "hvm", "disconnected": None}
    return store.put("host", host)


# Host state and capacity -----------------------------------------------------------------------

def refresh_host(store, host):
    """A host added by addHost is Connecting for a moment, then Up (like an agent connecting)."""
    if host["state"] == "Connecting" and host.get("_up_at", 0) <= time.time():
        host["state"] = "Up"
        store.put("host", host)
    return host


def host_allocation(store, host):
    """(MHz, bytes) allocated on a host by the VMs that run there."""
    cpu = memory = 0
    for vm in store.all("virtualmachine"):
        if vm.get("hostid") == host["id"] and vm["state"] in ACTIVE_VM_STATES:
            cpu += vm["cpunumber"] * vm["cpuspeed"]
            memory += vm["memory"] * 1024 * 1024
    return cpu, memory


def host_fits(store, host, cpunumber, cpuspeed, memory_mb):
    if host["state"] != "Up" or host["resourcestate"] != "Enabled" or host["type"] != "Routing":
        return False
    if cpunumber > host["cpunumber"] or cpuspeed > host["cpuspeed"]:
        return False
    cpu, memory = host_allocation(store, host)
    return (cpu + cpunumber * cpuspeed <= host["cpunumber"] * host["cpuspeed"]
            and memory + memory_mb * 1024 * 1024 <= host["memorytotal"])


def view_host(store, host):
    refresh_host(store, host)
    out = public(host)
    cpu, memory = host_allocation(store, host)
    total_cpu = host["cpunumber"] * host["cpuspeed"]
    out.update(cpuallocated="%.2f%%" % (100.0 * cpu / total_cpu), cpuallocatedvalue=cpu,
               cpuallocatedpercentage="%.2f%%" % (100.0 * cpu / total_cpu),
               cpuallocatedwithoverprovisioning="%.2f%%" % (100.0 * cpu / total_cpu),
               cpuwithoverprovisioning="%.2f" % total_cpu, cpuused="0%", cpuloadaverage=0.0,
               memoryallocated=memory, memoryallocatedbytes=memory,
               memoryallocatedpercentage="%.2f%%" % (100.0 * memory / host["memorytotal"]),
               memorywithoverprovisioning="%.2f" % host["memorytotal"], memoryused=0,
               networkkbsread=0, networkkbswrite=0, disksizetotal=0, disksizeallocated=0, hasenoughcapacity=True,
               managementservername="simulator")
    return out


@command("listHosts")
def list_hosts(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    hosts = [refresh_host(store, h) for h in store.all("host")]
    for field in ("podid", "clusterid", "type", "resourcestate", "hypervisor"):
        if params.get(field):
            hosts = [h for h in hosts if (h.get(field) or "").lower() == params[field].lower()]
    if params.get("virtualmachineid"):
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        hosts = [h for h in hosts if h["id"] == vm.get("hostid")]
    return Listing(filter_common(ctx, hosts, params), lambda h: view_host(store, h))


@command("addHost")
def add_host(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    pod = ctx.lookup("pod", "podid")
    if pod["zoneid"] != zone["id"]:
        raise exceptions.invalid("Pod id=%s doesn't belong to zone id=%s" % (pod["id"], zone["id"]))
    hypervisor = hypervisor_name(params["hypervisor"])
    cluster = ctx.lookup("cluster", "clusterid")
    if cluster is None and params.get("clustername"):
        cluster = store.first("cluster", name=params["clustername"], podid=pod["id"]) or make_cluster(
            store, pod, params["clustername"], hypervisor)
    if cluster is None:
        raise exceptions.invalid("Cluster id or cluster name is required to add a %s host" % hypervisor)
    if cluster["hypervisortype"] != hypervisor:
        raise exceptions.invalid("Can't add host whose hypervisor type is: %s into cluster: %s whose hypervisor "
                                 "type is: %s" % (hypervisor, cluster["id"], cluster["hypervisortype"]))
    url = params["url"]
    if hypervisor == "KVM" and (not params.get("username") or not params.get("password")):
        raise exceptions.invalid("Username and Password need to be provided.")
    if any(h["_url"] == url for h in store.all("host")):
        raise exceptions.ApiError(exceptions.INTERNAL_ERROR, "Skipping host %s because it is already in the "
                                  "database for resource" % (urlsplit(url).hostname or url), 4310)
    host = make_host(store, cluster, url, hypervisor, state="Connecting", hosttags=params.get("hosttags"),
                     username=params.get("username") or "root")
    host["_up_at"] = time.time() + HOST_UP_DELAY
    if params.get("allocationstate") == "Disabled":
        host["resourcestate"] = "Disabled"
    store.put("host", host)
    return {"host": [view_host(store, host)]}


@command("updateHost")
def update_host(ctx, params):
    ctx.require_root_admin()
    host = ctx.lookup("host", "id")
    if params.get("allocationstate"):
        state = params["allocationstate"].capitalize()
        if state not in ("Enable", "Disable"):
            raise exceptions.invalid("Invalid allocation state: %s; use Enable or Disable" % params["allocationstate"])
        host["resourcestate"] = state + "d"
    if params.get("hosttags") is not None:
        host["hosttags"] = ",".join(params["hosttags"]) or None
    if params.get("name"):
        host["name"] = params["name"]
    if params.get("annotation"):
        host["annotation"] = params["annotation"]
    if params.get("url"):
        host["_url"] = params["url"]
    ctx.store.put("host", host)
    return {"host": view_host(ctx.store, host)}


@command("deleteHost")
def delete_host(ctx, params):
    ctx.require_root_admin()
    host = ctx.lookup("host", "id")
    running = [v for v in ctx.store.all("virtualmachine") if v.get("hostid") == host["id"] and v["state"] != "Stopped"]
    if host["resourcestate"] not in ("Maintenance", "Disabled") and not params.get("forced"):
        raise exceptions.invalid("Host %s cannot be deleted as it is not in maintenance mode. Either put the host "
                                 "into maintenance or perform a forced deletion." % host["name"])
    if running and not params.get("forced"):
        raise exceptions.in_use("Unable to delete host: %s as there are running VMs on it" % host["id"])
    ctx.store.delete("host", host["id"])
    return success()


@command("prepareHostForMaintenance")
def prepare_host_for_maintenance(ctx, params):
    ctx.require_root_admin()
    host = ctx.lookup("host", "id")
    if host["resourcestate"] in ("Maintenance", "PrepareForMaintenance"):
        raise exceptions.invalid("Host %s is already in %s state" % (host["id"], host["resourcestate"]))
    host["resourcestate"] = "PrepareForMaintenance"
    ctx.store.put("host", host)
    return Job("hosts.maintenance", {"id": host["id"], "state": "Maintenance"}, "Host", host["id"])


@command("cancelHostMaintenance")
def cancel_host_maintenance(ctx, params):
    ctx.require_root_admin()
    host = ctx.lookup("host", "id")
    if host["resourcestate"] not in ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance"):
        raise exceptions.invalid("Cannot cancel maintenance on host %s: it is in %s state, not in maintenance"
                                 % (host["id"], host["resourcestate"]))
    return Job("hosts.maintenance", {"id": host["id"], "state": "Enabled"}, "Host", host["id"])


def rollback_host_maintenance(store, args):
    host = store.get("host", args["id"])
    if host and args["state"] == "Maintenance":
        host["resourcestate"] = "ErrorInMaintenance"
        store.put("host", host)


@finisher("hosts.maintenance", rollback=rollback_host_maintenance)
def finish_host_maintenance(store, args):
    host = store.get("host", args["id"])
    host["resourcestate"] = args["state"]
    if args["state"] == "Maintenance":
        # CloudStack migrates the host's instances away; the simulator moves them to another fitting host.
        for vm in store.all("virtualmachine"):
            if vm.get("hostid") == host["id"] and vm["state"] == "Running":
                target = next((h for h in store.find("host", clusterid=host["clusterid"])
                               if h["id"] != host["id"] and host_fits(store, h, vm["cpunumber"], vm["cpuspeed"],
                                                                      vm["memory"])), None)
                if target is None:
                    host["resourcestate"] = "ErrorInMaintenance"
                    break
                vm.update(hostid=target["id"], hostname=target["name"])
                store.put("virtualmachine", vm)
    store.put("host", host)
    return {"host": view_host(store, host)}
