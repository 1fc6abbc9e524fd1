"""Hosts: addHost, listHosts, updateHost, deleteHost, maintenance; their state and capacity."""
import time
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Job, command, finisher
from .capacity import CPU, MEMORY, allocatable, host_fits, host_totals, need_of, usage
from .clusters import discoverable_hypervisor, make_cluster
from .common import new_id, now, success
from .resource import Resource


GIB = 1024 ** 3
# What the CloudStack simulator's mock agent reports for a host.
HOST_CPU_CORES, HOST_CPU_MHZ, HOST_MEMORY = 4, 8000, 8 * GIB
MAINTENANCE_DELAY = 2.0  # seconds a host stays in PrepareForMaintenance while its instances migrate away
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
    """A host in PrepareForMaintenance reaches Maintenance once its instances have migrated away, as
    CloudStack's periodic maintenance check finds it; ErrorInMaintenance when one had nowhere to go."""
    if host["resourcestate"] == "PrepareForMaintenance" and host.get("_maintenance_at", 0) <= time.time():
        host["resourcestate"] = "Maintenance" if migrate_instances_away(store, host) else "ErrorInMaintenance"
        host.pop("_maintenance_at", None)
        store.put("host", host)
    return host


def migrate_instances_away(store, host):
    """Move the host's running instances to other fitting hosts of its cluster; False if one fits nowhere."""
    taken = usage(store)
    for vm in store.all("virtualmachine"):
        if vm.get("hostid") != host["id"] or vm["state"] != "Running":
            continue
        need = need_of(vm)
        target = next((h for h in store.find("host", clusterid=host["clusterid"]) if h["id"] != host["id"]
                       and allocatable(h) and host_fits(store, h, need, taken, vm["cpunumber"], vm["cpuspeed"])), None)
        if target is None:
            return False
        for kind, amount in need.items():
            taken.setdefault(target["id"], {k: [0, 0] for k in need})[kind][0] += amount
        vm.update(hostid=target["id"], hostname=target["name"], _lasthostid=target["id"])
        store.put("virtualmachine", vm)
    return True


def host_capacity(store, host):
    """The capacity fields of a host's response, from the instances that run there (and stopped ones that keep
    their capacity reserved), the cluster's overprovisioning factors applied."""
    taken = usage(store).get(host["id"], {})
    cpu, memory = (sum(taken.get(kind, (0, 0))) for kind in (CPU, MEMORY))
    totals = host_totals(host, store.get("cluster", host["clusterid"]))
    total_cpu = host["cpunumber"] * host["cpuspeed"]
    return dict(cpuallocated="%.2f%%" % (100.0 * cpu / total_cpu), cpuallocatedvalue=cpu,
                cpuallocatedpercentage="%.2f%%" % (100.0 * cpu / total_cpu),
                cpuallocatedwithoverprovisioning="%.2f%%" % (100.0 * cpu / totals[CPU]),
                cpuwithoverprovisioning="%.2f" % totals[CPU], cpuused="0%", cpuloadaverage=0.0,
                memoryallocated=memory, memoryallocatedbytes=memory,
                memoryallocatedpercentage="%.2f%%" % (100.0 * memory / host["memorytotal"]),
                memorywithoverprovisioning="%.2f" % totals[MEMORY], memoryused=0,
                networkkbsread=0, networkkbswrite=0, disksizetotal=0, disksizeallocated=0, hasenoughcapacity=True,
                managementservername="simulator")


def on_instance_host(ctx, hosts, params):
    if params.get("virtualmachineid"):
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        hosts = [h for h in hosts if h["id"] == vm.get("hostid")]
    return hosts


HOSTS = Resource("host", "host", "listHosts", admin=True, refresh=refresh_host, computed=host_capacity,
                 narrow=on_instance_host, text_filters={field: field for field in (
                     "podid", "clusterid", "type", "resourcestate", "hypervisor")})


def view_host(store, host):
    return HOSTS.view(store, refresh_host(store, host))


@command("addHost")
def add_host(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    pod = ctx.lookup("pod", "podid")
    if pod["zoneid"] != zone["id"]:
        raise exceptions.invalid("Pod id=%s doesn't belong to zone id=%s" % (pod["id"], zone["id"]))
    hypervisor = discoverable_hypervisor(params["hypervisor"])
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
    # Up at once, as the Apache CloudStack simulator's agents report it when addHost answers.
    host = make_host(store, cluster, url, hypervisor, hosttags=params.get("hosttags"),
                     username=params.get("username") or "root")
    if params.get("allocationstate") == "Disabled":
        host["resourcestate"] = "Disabled"
    store.put("host", host)
    return {"host": [view_host(store, host)]}


# ResourceState transitions CloudStack allows for the admin's events (com.cloud.resource.ResourceState).
TRANSITIONS = {
    "Enable": {"Enabled": "Enabled", "Disabled": "Enabled"},
    "Disable": {"Enabled": "Disabled", "Disabled": "Disabled", "ErrorInPrepareForMaintenance": "Disabled",
                "ErrorInMaintenance": "Disabled"},
    "AdminAskMaintenance": {"Enabled": "PrepareForMaintenance", "ErrorInMaintenance": "PrepareForMaintenance",
                            "Degraded": "Maintenance"},
}
MAINTENANCE_STATES = ("Maintenance", "ErrorInMaintenance", "PrepareForMaintenance", "ErrorInPrepareForMaintenance")


def next_resource_state(host, event):
    """The host's resource state after `event`, or None with CloudStack's NoTransitionException text."""
    state = TRANSITIONS[event].get(host["resourcestate"])
    problem = None if state else "No next resource state found for current state = %s event = %s" % (
        host["resourcestate"], event)
    return state, problem


def describe_host(host):
    """A host as CloudStack's HostVO.toString() prints it in messages."""
    return 'Host {"name":"%s","type":"%s","uuid":"%s"}' % (host["name"], host["type"], host["id"])


@command("updateHost")
def update_host(ctx, params):
    host = HOSTS.owned(ctx)
    if params.get("allocationstate"):
        # UpdateHostCmd turns every failure of the update into a 530 "Failed to update host:<id>,<reason>".
        event = params["allocationstate"]
        if event not in ("Enable", "Disable"):
            raise exceptions.internal("Failed to update host:%s,Invalid allocation state: %s, only Enable/Disable are "
                                      "allowed" % (host["id"], event))
        state, problem = next_resource_state(host, event)
        if problem:
            raise exceptions.internal("Failed to update host:%s,%s" % (host["id"], problem))
        host["resourcestate"] = state
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
    host = refresh_host(ctx.store, HOSTS.owned(ctx))
    if host["resourcestate"] not in ("Maintenance", "Degraded") and not params.get("forced"):
        raise exceptions.internal("Host %s cannot be deleted as it is not in maintenance mode. Either put the host "
                                  "into maintenance or perform a forced deletion." % host["id"])
    HOSTS.remove(ctx.store, host)
    return success()


@command("prepareHostForMaintenance")
def prepare_host_for_maintenance(ctx, params):
    host = HOSTS.owned(ctx)
    return Job("hosts.prepare_maintenance", {"id": host["id"]}, "Host", host["id"])


def maintenance_refusal(store, host):
    """Why CloudStack's ResourceManagerImpl.maintain() refuses to prepare the host, or None."""
    if host["resourcestate"] in ("Maintenance", "PrepareForMaintenance", "ErrorInPrepareForMaintenance"):
        return "Host is already in state %s. Cannot recall for maintenance until resolved." % host["resourcestate"]
    if any(h["id"] != host["id"] and h["resourcestate"] in ("PrepareForMaintenance", "ErrorInPrepareForMaintenance")
           for h in store.find("host", clusterid=host["clusterid"])):
        return ("There are other servers attempting migrations for maintenance. Found hosts in PrepareForMaintenance "
                "OR ErrorInPrepareForMaintenance STATUS in cluster %s" % host["clusterid"])
    states = {vm["state"] for vm in store.all("virtualmachine") if vm.get("hostid") == host["id"]}
    if "Migrating" in states:
        return "Host contains incoming VMs migrating. Please wait for them to complete before putting to maintenance."
    if states & {"Starting", "Stopping"}:
        return ("Host contains VMs in starting/stopping state. Please wait for them to complete before putting to "
                "maintenance.")
    if states & {"Error", "Unknown"}:
        return "Host contains VMs in error/unknown/shutdown state. Please fix errors to proceed."
    problem = next_resource_state(host, "AdminAskMaintenance")[1]
    if problem:
        return "Cannot transit resource state of %s to Maintenance%s" % (describe_host(host), problem)
    return None


@finisher("hosts.prepare_maintenance")
def finish_prepare_maintenance(store, args):
    """The job answers with the host in PrepareForMaintenance; refresh_host completes the maintenance later."""
    host = refresh_host(store, store.get("host", args["id"]))
    refusal = maintenance_refusal(store, host)
    if refusal:
        raise exceptions.internal(refusal)
    host["resourcestate"] = next_resource_state(host, "AdminAskMaintenance")[0]
    if host["resourcestate"] == "PrepareForMaintenance":
        host["_maintenance_at"] = time.time() + MAINTENANCE_DELAY
    store.put("host", host)
    return {"host": view_host(store, host)}


@command("cancelHostMaintenance")
def cancel_host_maintenance(ctx, params):
    host = HOSTS.owned(ctx)
    return Job("hosts.cancel_maintenance", {"id": host["id"]}, "Host", host["id"])


@finisher("hosts.cancel_maintenance")
def finish_cancel_maintenance(store, args):
    host = refresh_host(store, store.get("host", args["id"]))
    if host["resourcestate"] not in MAINTENANCE_STATES:
        raise exceptions.internal("Cannot perform cancelMaintenance when resource state is %s, hostId = %s"
                                  % (host["resourcestate"], host["id"]))
    host["resourcestate"] = "Enabled"
    host.pop("_maintenance_at", None)
    store.put("host", host)
    return {"host": view_host(store, host)}
