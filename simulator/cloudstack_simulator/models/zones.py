"""Zones: createZone, listZones, updateZone, deleteZone."""
import ipaddress

from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, now, public, success, with_tags


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
