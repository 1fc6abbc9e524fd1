"""Physical networks of a zone and their traffic types (providers.py wires their service providers)."""
from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, new_id, public
from .providers import add_default_providers


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


def check_vnet_range(zone, vlan):
    """NetworkServiceImpl: guest VLANs only in an Advanced zone without security groups."""
    if vlan is not None and (zone["networktype"] == "Basic" or zone["securitygroupsenabled"]):
        raise exceptions.invalid("Can't add vnet range to the physical network in the zone that supports %s network, "
                                 "Security Group enabled: %s" % (zone["networktype"], str(zone["securitygroupsenabled"]).lower()))


def broadcast_domain_range(zone, wanted):
    """NetworkServiceImpl: POD in a Basic zone, ZONE in an Advanced one, the default when not given."""
    expected = "POD" if zone["networktype"] == "Basic" else "ZONE"
    if not wanted:
        return expected
    if wanted.upper() not in ("POD", "ZONE"):
        raise exceptions.invalid("Unable to resolve broadcastDomainRange '%s' to a supported value {Pod or Zone}" % wanted)
    if wanted.upper() != expected:
        raise exceptions.invalid("%s zone can have broadcast domain type of value %s only"
                                 % ("Basic" if expected == "POD" else "Advance", expected))
    return expected


@command("listPhysicalNetworks")
def list_physical_networks(ctx, params):
    ctx.require_root_admin()
    return Listing(filter_common(ctx, ctx.store.all("physicalnetwork"), params), public)


@command("createPhysicalNetwork")
def create_physical_network(ctx, params):
    ctx.require_root_admin()
    zone = ctx.lookup("zone", "zoneid")
    methods = params.get("isolationmethods") or ["VLAN"]
    check_vnet_range(zone, params.get("vlan"))
    scope = broadcast_domain_range(zone, params.get("broadcastdomainrange"))
    pnet = make_physical_network(ctx.store, zone, params["name"], methods, params.get("vlan"), scope,
                                 params.get("tags"))
    if params.get("networkspeed"):
        pnet["networkspeed"] = params["networkspeed"]
        ctx.store.put("physicalnetwork", pnet)
    return Job("physicalnetworks.update", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@finisher("physicalnetworks.update")
def finish_physical_network(store, args):
    return {"physicalnetwork": public(store.get("physicalnetwork", args["id"]))}


@command("updatePhysicalNetwork")
def update_physical_network(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "id")
    check_vnet_range(ctx.store.get("zone", pnet["zoneid"]), params.get("vlan"))
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
    return Job("physicalnetworks.update", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@command("deletePhysicalNetwork")
def delete_physical_network(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "id")
    return Job("physicalnetworks.delete", {"id": pnet["id"]}, "PhysicalNetwork", pnet["id"])


@finisher("physicalnetworks.delete")
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
    return Job("physicalnetworks.traffic_type", {"id": record["id"]}, "TrafficType", record["id"])


@finisher("physicalnetworks.traffic_type")
def finish_traffic_type(store, args):
    return {"traffictype": public(store.get("traffictype", args["id"]))}


@command("listTrafficTypes")
def list_traffic_types(ctx, params):
    ctx.require_root_admin()
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    return Listing(ctx.store.find("traffictype", physicalnetworkid=pnet["id"]), public)


LABELS = ("kvmnetworklabel", "xennetworklabel", "vmwarenetworklabel", "hypervnetworklabel", "ovm3networklabel")


@command("updateTrafficType")
def update_traffic_type(ctx, params):
    """NetworkServiceImpl.updatePhysicalNetworkTrafficType: a label given empty is cleared."""
    ctx.require_root_admin()
    record = ctx.lookup("traffictype", "id")
    for label in LABELS:
        if params.get(label) is not None:
            record[label] = params[label] or None
    ctx.store.put("traffictype", record)
    return Job("physicalnetworks.traffic_type", {"id": record["id"]}, "TrafficType", record["id"])


@command("deleteTrafficType")
def delete_traffic_type(ctx, params):
    ctx.require_root_admin()
    record = ctx.lookup("traffictype", "id")
    if record["traffictype"] == "Guest" and ctx.store.find("network", physicalnetworkid=record["physicalnetworkid"]):
        raise exceptions.internal("The Traffic Type is not deletable because there are existing networks with this "
                                  "traffic type:Guest")
    return Job("physicalnetworks.delete_traffic_type", {"id": record["id"]}, "TrafficType", record["id"])


@finisher("physicalnetworks.delete_traffic_type")
def finish_delete_traffic_type(store, args):
    store.delete("traffictype", args["id"])
    return {"success": True}
