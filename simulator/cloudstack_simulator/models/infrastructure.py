"""Zones, pods, clusters, hosts, primary and secondary storage, physical networks, VLAN IP ranges."""
import ipaddress
import time
from urllib.parse import urlsplit

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, hypervisor_name, new_id, now, public, success, with_tags
from .providers import add_default_providers
from .publicips import make_address
from .templates import seed_builtin_templates

GIB = 1024 ** 3
# What the CloudStack simulator's mock agent reports for a host.
HOST_CPU_CORES, HOST_CPU_MHZ, HOST_MEMORY = 4, 8000, 8 * GIB
HOST_UP_DELAY = 0.5  # seconds before a newly added host is Up (it is Connecting meanwhile)
ACTIVE_VM_STATES = ("Starting", "Running", "Stopping", "Migrating")
MANAGEMENT_SERVER_ID = "d6f1a1ee-5e3b-4c3b-9b1a-5f0c2a1d7e42"


def ip_range(start, end):
    first, last = int(ipaddress.IPv4Address(start)), int(ipaddress.IPv4Address(end))
    return [str(ipaddress.IPv4Address(i)) for i in range(first, last + 1)]


# Builders --------------------------------------------------------------------------------------

def make_zone(store, name, networktype, dns1, internaldns1, securitygroupenabled=False, guestcidraddress=None,
              dns2=None, internaldns2=None, localstorageenabled=False, domain=None, allocationstate="Enabled"):
    zone = {"id": new_id(), "name": name, "networktype": networktype, "securitygroupsenabled": securitygroupenabled,
            "allocationstate": allocationstate, "dns1": dns1, "dns2": dns2, "internaldns1": internaldns1,
            "internaldns2": internaldns2, "guestcidraddress": guestcidraddress if networktype == "Advanced" else None,
            "localstorageenabled": localstorageenabled, "zonetoken": new_id(), "dhcpprovider": "VirtualRouter",
            "type": "Core", "hasannotations": False, "isnsxenabled": False, "ismultiarch": False,
            "routedmodeenabled": False, "allowuserspecifyvrmtu": False, "routerprivateinterfacemaxmtu": 1500,
            "routerpublicinterfacemaxmtu": 1500, "created": now()}
    if domain:
        zone.update(domainid=domain["id"], domainname=domain["name"], domain=domain["name"])
    return store.put("zone", zone)


def make_pod(store, zone, name, gateway, netmask, startip, endip, allocationstate="Enabled"):
    pod = {"id": new_id(), "name": name, "zoneid": zone["id"], "zonename": zone["name"], "gateway": gateway,
           "netmask": netmask, "startip": [startip] if startip else [], "endip": [endip] if endip else [],
           "allocationstate": allocationstate, "hasannotations": False,
           "ipranges": [{"startip": startip, "endip": endip, "forsystemvms": "0", "vlanid": None}] if startip else []}
    return store.put("pod", pod)


def make_cluster(store, pod, name, hypervisor="Simulator", clustertype="CloudManaged", allocationstate="Enabled"):
    cluster = {"id": new_id(), "name": name, "podid": pod["id"], "podname": pod["name"], "zoneid": pod["zoneid"],
               "zonename": pod["zonename"], "hypervisortype": hypervisor, "clustertype": clustertype,
               "allocationstate": allocationstate, "managedstate": "Managed", "cpuovercommitratio": "1.0",
               "memoryovercommitratio": "1.0", "arch": "x86_64", "hasannotations": False}
    return store.put("cluster", cluster)


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


def make_storage_pool(store, cluster, name, url, scope="CLUSTER", tags=None, capacitybytes=None):
    parsed = urlsplit(url)
    pool = {"id": new_id(), "name": name, "zoneid": cluster["zoneid"], "zonename": cluster["zonename"],
            "podid": cluster["podid"] if scope == "CLUSTER" else None,
            "podname": cluster["podname"] if scope == "CLUSTER" else None,
            "clusterid": cluster["id"] if scope == "CLUSTER" else None,
            "clustername": cluster["name"] if scope == "CLUSTER" else None,
            "type": "NetworkFilesystem" if parsed.scheme == "nfs" else parsed.scheme.capitalize(),
            "ipaddress": parsed.hostname, "path": parsed.path, "state": "Up", "scope": scope,
            "disksizetotal": capacitybytes or 1099511627776 * 2, "disksizeallocated": 0, "disksizeused": 0,
            "created": now(), "hypervisor": cluster["hypervisortype"], "provider": "DefaultPrimary",
            "tags": tags, "managed": False, "overprovisionfactor": "2.0", "istagarule": False,
            "storagecapabilities": {"VOLUME_SNAPSHOT_QUIESCEVM": "false"}, "hasannotations": False,
            "_url": url}
    return store.put("storagepool", pool)


def make_image_store(store, zone, url, name=None, provider="NFS"):
    parsed = urlsplit(url)
    image = {"id": new_id(), "name": name or url, "url": url, "protocol": parsed.scheme or "nfs",
             "providername": provider, "scope": "ZONE", "zoneid": zone["id"], "zonename": zone["name"],
             "readonly": False, "disksizetotal": 1099511627776 * 2, "disksizeused": 0, "hasannotations": False}
    return store.put("imagestore", image)


def make_physical_network(store, zone, name, isolationmethods, vlan=None, broadcastdomainrange="ZONE", tags=None):
    pnet = {"id": new_id(), "name": name, "zoneid": zone["id"], "zonename": zone["name"],
            "isolationmethods": ",".join(isolationmethods), "vlan": vlan, "state": "Disabled",
            "broadcastdomainrange": broadcastdomainrange.upper(), "tags": ",".join(tags or []) or None,
            "networkspeed": "1G", "domainid": None}
    store.put("physicalnetwork", pnet)
    add_default_providers(store, pnet)
    return pnet


def make_traffic_type(store, pnet, traffictype, **labels):
    record = {"id": new_id(), "physicalnetworkid": pnet["id"], "traffictype": traffictype,
              "kvmnetworklabel": labels.get("kvmnetworklabel"), "xennetworklabel": labels.get("xennetworklabel"),
              "vmwarenetworklabel": labels.get("vmwarenetworklabel"),
              "hypervnetworklabel": labels.get("hypervnetworklabel"),
              "ovm3networklabel": labels.get("ovm3networklabel")}
    return store.put("traffictype", record)


def make_vlan_range(store, zone, startip, endip, gateway, netmask, vlan="untagged", forvirtualnetwork=True,
                    network=None, pod=None, pnet=None):
    cidr = str(ipaddress.IPv4Network("%s/%s" % (gateway, netmask), strict=False))
    record = {"id": new_id(), "zoneid": zone["id"], "startip": startip, "endip": endip, "gateway": gateway,
              "netmask": netmask, "cidr": cidr, "vlan": vlan if vlan.startswith(("vlan://", "untagged"))
              else "vlan://%s" % vlan, "forvirtualnetwork": forvirtualnetwork, "forsystemvms": False,
              "networkid": network["id"] if network else None, "podid": pod["id"] if pod else None,
              "podname": pod["name"] if pod else None, "physicalnetworkid": pnet["id"] if pnet else None,
              "description": "%s-%s" % (startip, endip), "domain": "ROOT", "account": "system"}
    store.put("vlaniprange", record)
    if forvirtualnetwork:
        for address in ip_range(startip, endip):
            make_address(store, zone, record, address)
    return record


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


# Zones -----------------------------------------------------------------------------------------

@command("listZones")
def list_zones(ctx, params):
    zones = list(ctx.store.all("zone"))
    if not ctx.is_root_admin or params.get("available"):
        zones = [z for z in zones if z["allocationstate"] == "Enabled"]
    if params.get("networktype"):
        zones = [z for z in zones if z["networktype"].lower() == params["networktype"].lower()]
    if params.get("domainid"):
        zones = [z for z in zones if z.get("domainid") in (None, params["domainid"])]
    zones = filter_common(ctx, zones, params, keyword_fields=("name", "description"))
    store = ctx.store
    return Listing(zones, lambda z: with_tags(store, z, view_zone))


def view_zone(zone):
    out = public(zone)
    out.pop("created", None)
    return out


@command("createZone")
def create_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    networktype = params["networktype"].capitalize()
    if networktype not in ("Basic", "Advanced"):
        raise exceptions.invalid("Invalid network type %s; it should be Basic or Advanced" % params["networktype"])
    if store.first("zone", name=params["name"]):
        raise exceptions.invalid("A zone with name %s already exists" % params["name"])
    guestcidr = params.get("guestcidraddress") or ("10.1.1.0/24" if networktype == "Advanced" else None)
    if guestcidr:
        try:
            ipaddress.IPv4Network(guestcidr, strict=False)
        except ValueError:
            raise exceptions.invalid("Please enter a valid guest cidr") from None
    allocationstate = params.get("allocationstate") or "Disabled"
    domain = ctx.lookup("domain", "domainid")
    zone = make_zone(store, params["name"], networktype, params["dns1"], params["internaldns1"],
                     params.get("securitygroupenabled", False), guestcidr, params.get("dns2"),
                     params.get("internaldns2"), params.get("localstorageenabled", False), domain, allocationstate)
    zone.update(ip6dns1=params.get("ip6dns1"), ip6dns2=params.get("ip6dns2"))
    store.put("zone", zone)
    return {"zone": view_zone(zone)}


@command("updateZone")
def update_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "id")
    if params.get("name") and params["name"] != zone["name"]:
        if store.first("zone", name=params["name"]):
            raise exceptions.invalid("A zone with name %s already exists" % params["name"])
        zone["name"] = params["name"]
        for kind in ("pod", "cluster", "host", "storagepool", "imagestore", "network", "virtualmachine",
                     "publicipaddress", "physicalnetwork"):
            for record in store.find(kind, zoneid=zone["id"]):
                record["zonename"] = zone["name"]
                store.put(kind, record)
    for field in ("dns1", "dns2", "internaldns1", "internaldns2", "ip6dns1", "ip6dns2", "guestcidraddress",
                  "localstorageenabled", "description", "dhcpprovider"):
        if params.get(field) is not None:
            zone[field] = params[field]
    if params.get("allocationstate"):
        state = params["allocationstate"].capitalize()
        if state not in ("Enabled", "Disabled"):
            raise exceptions.invalid("Unable to resolve Allocation State '%s' to a supported state"
                                     % params["allocationstate"])
        zone["allocationstate"] = state
    if params.get("domain"):
        zone["networkdomain"] = params["domain"]
    store.put("zone", zone)
    return {"zone": view_zone(zone)}


@command("deleteZone")
def delete_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "id")
    for kind, what in (("pod", "pods"), ("virtualmachine", "instances"), ("imagestore", "secondary storages"),
                       ("physicalnetwork", "physical networks")):
        if store.first(kind, zoneid=zone["id"]):
            raise exceptions.in_use("The zone is not deletable because there are %s in this zone" % what)
    for network in store.find("network", zoneid=zone["id"]):
        store.delete("network", network["id"])
    store.delete("zone", zone["id"])
    return success()


# Pods and clusters -----------------------------------------------------------------------------

@command("listPods")
def list_pods(ctx, params):
    ctx.require_root_admin()
    pods = ctx.store.all("pod")
    if params.get("allocationstate"):
        pods = [p for p in pods if p["allocationstate"] == params["allocationstate"]]
    return Listing(filter_common(ctx, pods, params), public)


@command("createPod")
def create_pod(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    if ctx.store.first("pod", name=params["name"], zoneid=zone["id"]):
        raise exceptions.invalid("A pod with name: %s already exists in zone %s. Please specify a different pod name."
                                 % (params["name"], zone["name"]))
    pod = make_pod(ctx.store, zone, params["name"], params.get("gateway"), params.get("netmask"),
                   params.get("startip"), params.get("endip"), params.get("allocationstate") or "Enabled")
    return {"pod": public(pod)}


@command("updatePod")
def update_pod(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    pod = ctx.lookup("pod", "id")
    if params.get("name") and params["name"] != pod["name"]:
        if store.first("pod", name=params["name"], zoneid=pod["zoneid"]):
            raise exceptions.invalid("A pod with name: %s already exists in zone %s. Please specify a different pod "
                                     "name." % (params["name"], pod["zonename"]))
        pod["name"] = params["name"]
        for kind in ("cluster", "host", "storagepool"):
            for record in store.find(kind, podid=pod["id"]):
                record["podname"] = pod["name"]
                store.put(kind, record)
    for field in ("gateway", "netmask"):
        if params.get(field):
            pod[field] = params[field]
    if params.get("startip"):
        pod["startip"] = [params["startip"]]
        pod["endip"] = [params.get("endip") or params["startip"]]
        pod["ipranges"] = [{"startip": params["startip"], "endip": pod["endip"][0], "forsystemvms": "0",
                            "vlanid": None}]
    if params.get("allocationstate"):
        state = params["allocationstate"].capitalize()
        if state not in ("Enabled", "Disabled"):
            raise exceptions.invalid("Unable to resolve Allocation State '%s' to a supported state"
                                     % params["allocationstate"])
        pod["allocationstate"] = state
    store.put("pod", pod)
    return {"pod": public(pod)}


@command("deletePod")
def delete_pod(ctx, params):
    ctx.require_root_admin()
    pod = ctx.lookup("pod", "id")
    if ctx.store.first("cluster", podid=pod["id"]):
        raise exceptions.in_use("The pod is not deletable because there are clusters in this pod")
    ctx.store.delete("pod", pod["id"])
    return success()


@command("listClusters")
def list_clusters(ctx, params):
    ctx.require_root_admin()
    clusters = ctx.store.all("cluster")
    for field, key in (("podid", "podid"), ("hypervisor", "hypervisortype"), ("clustertype", "clustertype"),
                       ("allocationstate", "allocationstate"), ("managedstate", "managedstate")):
        if params.get(field):
            clusters = [c for c in clusters if (c.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, clusters, params), public)


@command("addCluster")
def add_cluster(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    pod = ctx.lookup("pod", "podid")
    if pod["zoneid"] != params["zoneid"]:
        raise exceptions.invalid("Pod id=%s doesn't belong to zone id=%s" % (pod["id"], params["zoneid"]))
    if store.first("cluster", name=params["clustername"], podid=pod["id"]):
        raise exceptions.resource_allocation("Cluster: %s already exists" % params["clustername"])
    cluster = make_cluster(store, pod, params["clustername"], hypervisor_name(params["hypervisor"]),
                           params["clustertype"], params.get("allocationstate") or "Enabled")
    if params.get("arch"):
        cluster["arch"] = params["arch"]
        store.put("cluster", cluster)
    return {"cluster": [public(cluster)]}


@command("updateCluster")
def update_cluster(ctx, params):
    ctx.require_root_admin()
    cluster = ctx.lookup("cluster", "id")
    for field in ("clustername", "allocationstate", "managedstate", "arch"):
        if params.get(field):
            cluster["name" if field == "clustername" else field] = params[field]
    ctx.store.put("cluster", cluster)
    return {"cluster": public(cluster)}


@command("deleteCluster")
def delete_cluster(ctx, params):
    ctx.require_root_admin()
    cluster = ctx.lookup("cluster", "id")
    if ctx.store.first("host", clusterid=cluster["id"]):
        raise exceptions.in_use("Cluster: %s cannot be deleted: there are hosts in it" % cluster["id"])
    ctx.store.delete("cluster", cluster["id"])
    return success()


# Hosts -----------------------------------------------------------------------------------------

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
    return Job("infra.host_maintenance", {"id": host["id"], "state": "Maintenance"}, "Host", host["id"])


@command("cancelHostMaintenance")
def cancel_host_maintenance(ctx, params):
    ctx.require_root_admin()
    host = ctx.lookup("host", "id")
    if host["resourcestate"] not in ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance"):
        raise exceptions.invalid("Cannot cancel maintenance on host %s: it is in %s state, not in maintenance"
                                 % (host["id"], host["resourcestate"]))
    return Job("infra.host_maintenance", {"id": host["id"], "state": "Enabled"}, "Host", host["id"])


def rollback_host_maintenance(store, args):
    host = store.get("host", args["id"])
    if host and args["state"] == "Maintenance":
        host["resourcestate"] = "ErrorInMaintenance"
        store.put("host", host)


@finisher("infra.host_maintenance", rollback=rollback_host_maintenance)
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


# Storage ---------------------------------------------------------------------------------------

@command("listStoragePools")
def list_storage_pools(ctx, params):
    ctx.require_root_admin()
    pools = ctx.store.all("storagepool")
    for field in ("podid", "clusterid", "ipaddress", "path", "scope", "status"):
        if params.get(field):
            key = "state" if field == "status" else field
            pools = [p for p in pools if (p.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, pools, params), public)


@command("createStoragePool")
def create_storage_pool(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    scope = (params.get("scope") or "CLUSTER").upper()
    cluster = ctx.lookup("cluster", "clusterid")
    if scope == "CLUSTER":
        if cluster is None or not params.get("podid"):
            raise exceptions.invalid("Cluster id requires pod id")
    elif scope == "ZONE":
        cluster = cluster or store.first("cluster", zoneid=zone["id"])
        if params.get("hypervisor") is None:
            raise exceptions.invalid("hypervisor type is required for zone wide primary storage")
        if cluster is None:
            raise exceptions.invalid("Zone %s has no cluster to attach the storage to" % zone["name"])
    else:
        raise exceptions.invalid("Invalid scope %s; it should be CLUSTER, ZONE or HOST" % params["scope"])
    if store.first("storagepool", name=params["name"], zoneid=zone["id"]):
        raise exceptions.invalid("Storage pool %s already exists in zone %s" % (params["name"], zone["name"]))
    if "://" not in params["url"]:
        raise exceptions.invalid("%s is not a valid uri" % params["url"])
    pool = make_storage_pool(store, cluster, params["name"], params["url"], scope, params.get("tags"),
                             params.get("capacitybytes"))
    if params.get("provider"):
        pool["provider"] = params["provider"]
        store.put("storagepool", pool)
    return {"storagepool": public(pool)}


@command("deleteStoragePool")
def delete_storage_pool(ctx, params):
    ctx.require_root_admin()
    pool = ctx.lookup("storagepool", "id")
    if any(v.get("_poolid") == pool["id"] for v in ctx.store.all("virtualmachine")) and not params.get("forced"):
        raise exceptions.in_use("Cannot delete pool %s as there are associated non-destroyed vols for this pool"
                                % pool["name"])
    ctx.store.delete("storagepool", pool["id"])
    return success()


@command("listImageStores")
def list_image_stores(ctx, params):
    ctx.require_root_admin()
    stores = ctx.store.all("imagestore")
    for field in ("protocol", "provider"):
        if params.get(field):
            key = "providername" if field == "provider" else field
            stores = [s for s in stores if (s.get(key) or "").lower() == params[field].lower()]
    return Listing(filter_common(ctx, stores, params), public)


@command("addImageStore")
def add_image_store(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    if zone is None:
        raise exceptions.invalid("Secondary storage (NFS) must be added to a zone: zoneid is required")
    if not params.get("url"):
        raise exceptions.invalid("url is required for the %s provider" % params["provider"])
    image = make_image_store(ctx.store, zone, params["url"], params.get("name"), params["provider"])
    seed_builtin_templates(ctx.store, image)
    return {"imagestore": public(image)}


@command("deleteImageStore")
def delete_image_store(ctx, params):
    ctx.require_root_admin()
    image = ctx.lookup("imagestore", "id")
    ctx.store.delete("imagestore", image["id"])
    return success()


# Physical networks, traffic types, VLAN IP ranges ----------------------------------------------

@command("listPhysicalNetworks")
def list_physical_networks(ctx, params):
    ctx.require_root_admin()
    return Listing(filter_common(ctx, ctx.store.all("physicalnetwork"), params), public)


@command("createPhysicalNetwork")
def create_physical_network(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    methods = params.get("isolationmethods") or ["VLAN"]
    scope = params.get("broadcastdomainrange") or ("POD" if zone["networktype"] == "Basic" else "ZONE")
    pnet = make_physical_network(ctx.store, zone, params["name"], methods, params.get("vlan"), scope,
                                 params.get("tags"))
    if params.get("networkspeed"):
        pnet["networkspeed"] = params["networkspeed"]
        ctx.store.put("physicalnetwork", pnet)
    return Job("infra.physical_network", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@finisher("infra.physical_network")
def finish_physical_network(store, args):
    return {"physicalnetwork": public(store.get("physicalnetwork", args["id"]))}


@command("updatePhysicalNetwork")
def update_physical_network(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "id")
    if params.get("state"):
        if params["state"] not in ("Enabled", "Disabled"):
            raise exceptions.invalid("Unable to resolve state '%s' to a supported value {Enabled or Disabled}"
                                     % params["state"])
        pnet["state"] = params["state"]
    for field in ("vlan", "networkspeed"):
        if params.get(field):
            pnet[field] = params[field]
    if params.get("tags") is not None:
        pnet["tags"] = ",".join(params["tags"]) or None
    ctx.store.put("physicalnetwork", pnet)
    return Job("infra.physical_network", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@command("deletePhysicalNetwork")
def delete_physical_network(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "id")
    return Job("infra.delete_physical_network", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@finisher("infra.delete_physical_network")
def finish_delete_physical_network(store, args):
    for traffic in store.find("traffictype", physicalnetworkid=args["id"]):
        store.delete("traffictype", traffic["id"])
    for provider in store.find("networkserviceprovider", physicalnetworkid=args["id"]):
        for kind in ("virtualrouterelement", "internalloadbalancerelement"):
            for element in store.find(kind, nspid=provider["id"]):
                store.delete(kind, element["id"])
        store.delete("networkserviceprovider", provider["id"])
    store.delete("physicalnetwork", args["id"])
    return {"success": True}


TRAFFIC_TYPES = ("Public", "Guest", "Management", "Storage")


@command("addTrafficType")
def add_traffic_type(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    traffictype = params["traffictype"].capitalize()
    if traffictype not in TRAFFIC_TYPES:
        raise exceptions.invalid("Unable to resolve trafficType '%s' to a supported value" % params["traffictype"])
    if ctx.store.first("traffictype", physicalnetworkid=pnet["id"], traffictype=traffictype):
        raise exceptions.invalid("This physical network already supports the traffic type: %s" % traffictype)
    labels = {k: params.get(k) for k in ("kvmnetworklabel", "xennetworklabel", "vmwarenetworklabel",
                                         "hypervnetworklabel", "ovm3networklabel")}
    record = make_traffic_type(ctx.store, pnet, traffictype, **labels)
    return Job("infra.traffic_type", {"id": record["id"]}, "TrafficType", record["id"])


@finisher("infra.traffic_type")
def finish_traffic_type(store, args):
    return {"traffictype": public(store.get("traffictype", args["id"]))}


@command("listTrafficTypes")
def list_traffic_types(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    return Listing(ctx.store.find("traffictype", physicalnetworkid=pnet["id"]), public)


@command("listVlanIpRanges")
def list_vlan_ip_ranges(ctx, params):
    ctx.require_root_admin()
    ranges = ctx.store.all("vlaniprange")
    for field in ("networkid", "podid", "physicalnetworkid", "forvirtualnetwork"):
        if field in params:
            ranges = [r for r in ranges if r.get(field) == params[field]]
    return Listing(filter_common(ctx, ranges, params), public)


@command("createVlanIpRange")
def create_vlan_ip_range(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    network = ctx.lookup("network", "networkid")
    pod = ctx.lookup("pod", "podid")
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    zone = ctx.lookup("zone", "zoneid") or (store.get("zone", network["zoneid"]) if network else None) or (
        store.get("zone", pod["zoneid"]) if pod else None)
    if zone is None:
        raise exceptions.invalid("Please specify a valid zone id, network id or pod id")
    for field in ("startip", "gateway", "netmask"):
        if not params.get(field):
            raise exceptions.invalid("Please specify a valid %s" % field)
    endip = params.get("endip") or params["startip"]
    try:
        addresses = ip_range(params["startip"], endip)
        network_of = ipaddress.IPv4Network("%s/%s" % (params["gateway"], params["netmask"]), strict=False)
    except ValueError as error:
        raise exceptions.invalid("Please specify a valid IP range: %s" % error) from None
    if not addresses or any(ipaddress.IPv4Address(a) not in network_of for a in (addresses[0], addresses[-1])):
        raise exceptions.invalid("The IP range %s-%s is not in the subnet of gateway %s netmask %s"
                                 % (params["startip"], endip, params["gateway"], params["netmask"]))
    taken = {a["ipaddress"] for a in store.find("publicipaddress", zoneid=zone["id"])}
    if taken.intersection(addresses):
        tag = params.get("vlan") or "untagged"
        raise exceptions.invalid("The IP range with tag: %s in zone %s has overlapped with the subnet. Please "
                                 "specify a different gateway/netmask." % (tag, zone["name"]))
    forvirtual = params.get("forvirtualnetwork", zone["networktype"] == "Advanced" and network is None)
    record = make_vlan_range(store, zone, params["startip"], endip, params["gateway"], params["netmask"],
                             params.get("vlan") or "untagged", forvirtual, network, pod, pnet)
    return {"vlan": public(record)}


@command("deleteVlanIpRange")
def delete_vlan_ip_range(ctx, params):
    ctx.require_root_admin()
    record = ctx.lookup("vlaniprange", "id")
    addresses = ctx.store.find("publicipaddress", vlanid=record["id"])
    if any(a["state"] != "Free" for a in addresses):
        raise exceptions.in_use("The IP range can't be deleted because it has allocated public IP addresses")
    for address in addresses:
        ctx.store.delete("publicipaddress", address["id"])
    ctx.store.delete("vlaniprange", record["id"])
    return success()
