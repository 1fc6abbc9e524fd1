"""Zones: createZone, listZones, updateZone, deleteZone."""
import re

from .. import exceptions
from ..registry import Listing, command
from .capacity import showing_capacities
from .common import by_sort_key, filter_common, new_id, now, public, success, with_tags
from .netutils import is_private_guest_cidr, is_valid_ip4, is_valid_ip4_cidr, is_valid_ip6
from .offerings import map_entries

# ConfigurationManagerImpl.checkZoneParameters: each DNS parameter, the address family it takes, its message name.
DNS_PARAMETERS = (("dns1", is_valid_ip4, "IP address for DNS1"), ("dns2", is_valid_ip4, "IP address for DNS2"),
                  ("internaldns1", is_valid_ip4, "IP address for internal DNS1"),
                  ("internaldns2", is_valid_ip4, "IP address for internal DNS2"),
                  ("ip6dns1", is_valid_ip6, "IPv6 address for IP6 DNS1"),
                  ("ip6dns2", is_valid_ip6, "IPv6 address for IP6 DNS2"))
DOMAIN_LABEL = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")
DNS_SEARCH_ORDER = "dns.search.order"  # ZoneConfig.DnsSearchOrder: the zone detail updateZone's dnssearchorder sets
INVALID_NETWORK_DOMAIN = (
    "Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label must be between 1 and 63 "
    "characters long, can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'); "
    "can't start or end with \"-\"")


def make_zone(store, name, networktype, dns1, internaldns1, securitygroupenabled=False, guestcidraddress=None,
              dns2=None, internaldns2=None, localstorageenabled=False, domain=None, allocationstate="Enabled"):
    zone = {"id": new_id(), "name": name, "networktype": networktype, "securitygroupsenabled": securitygroupenabled,
            "allocationstate": allocationstate, "dns1": dns1, "dns2": dns2, "internaldns1": internaldns1,
            "internaldns2": internaldns2, "guestcidraddress": guestcidraddress if networktype == "Advanced" else None,
            "localstorageenabled": localstorageenabled, "zonetoken": new_id(), "dhcpprovider": "VirtualRouter",
            "type": "Core", "hasannotations": False, "isnsxenabled": False, "ismultiarch": False,
            "routedmodeenabled": False, "allowuserspecifyvrmtu": False, "routerprivateinterfacemaxmtu": 1500,
            "routerpublicinterfacemaxmtu": 1500, "created": now()}
    if domain:  # dedicated to a domain; the response's "domain" is the zone's network domain
        zone.update(domainid=domain["id"], domainname=domain["name"])
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
    return Listing(by_sort_key(ctx.store, zones),
                   showing_capacities(lambda store, zone: with_tags(store, zone, view_zone), lambda zone: (zone["id"],))(ctx, params))


def view_zone(zone):
    out = public(zone)
    out.pop("created", None)
    return out


def check_zone_parameters(store, values, name_changed):
    """ConfigurationManagerImpl.checkZoneParameters: a unique name, DNS addresses, the allocation state."""
    if name_changed and store.first("zone", name=values["name"]):
        raise exceptions.invalid("A zone with that name already exists. Please specify a unique zone name.")
    for key, valid, what in DNS_PARAMETERS:
        if values.get(key) and not valid(values[key]):
            raise exceptions.invalid("Please enter a valid %s" % what)
    check_allocation_state(values.get("allocationstate"))


def check_allocation_state(state):
    """Grouping.AllocationState.valueOf, for zones, pods and clusters."""
    if state and state not in ("Enabled", "Disabled"):
        raise exceptions.invalid("Unable to resolve Allocation State '%s' to a supported state" % state)


def check_guest_cidr(cidr):
    """NetUtils.validateGuestCidr with RFC 1918 compliance (allow.non.rfc1918.compliant.ips is false)."""
    if cidr is not None and not (is_valid_ip4_cidr(cidr) and is_private_guest_cidr(cidr)):
        raise exceptions.invalid("Please enter a valid guest cidr")


def check_network_domain(domain):
    """NetUtils.verifyDomainName."""
    labels = domain.split(".")
    if len(domain) > 190 or not all(DOMAIN_LABEL.match(label) for label in labels):
        raise exceptions.invalid(INVALID_NETWORK_DOMAIN)


@command("createZone")
def create_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    if params["networktype"].lower() not in ("basic", "advanced"):
        raise exceptions.invalid("Invalid zone type; only Advanced and Basic values are supported")
    networktype = params["networktype"].capitalize()
    guestcidr = params.get("guestcidraddress")
    if networktype == "Basic" and guestcidr is not None:
        raise exceptions.invalid("guestCidrAddress parameter is not supported for Basic zone")
    if networktype != "Advanced" and params.get("isedge"):
        raise exceptions.invalid("Only advanced network type zones can be edge zones")
    check_guest_cidr(guestcidr)
    if params.get("domain") is not None:
        check_network_domain(params["domain"])
    check_zone_parameters(store, params, name_changed=True)
    domain = ctx.lookup("domain", "domainid")
    # A Basic zone isolates its guests with security groups, whatever was asked.
    securitygroups = networktype == "Basic" or bool(params.get("securitygroupenabled", False))
    zone = make_zone(store, params["name"], networktype, params["dns1"], params["internaldns1"], securitygroups,
                     guestcidr, params.get("dns2"), params.get("internaldns2"), params.get("localstorageenabled", False),
                     domain, params.get("allocationstate") or "Disabled")
    zone.update(ip6dns1=params.get("ip6dns1"), ip6dns2=params.get("ip6dns2"), domain=params.get("domain"),
                type="Edge" if params.get("isedge") else "Core")
    store.put("zone", zone)
    return {"zone": view_zone(zone)}


def check_zone_can_be_enabled(store, zone):
    """ConfigurationManagerImpl.editZone: a zone is enabled once a physical network carries its management (and, in
    an Advanced zone without security groups, public) traffic; storage traffic, when none carries it, is added
    beside management's, with its labels."""
    needed = ["Management"] + (["Public"] if zone["networktype"] == "Advanced" and not zone["securitygroupsenabled"]
                               else [])
    pnets = {p["id"] for p in store.find("physicalnetwork", zoneid=zone["id"])}
    carried = dict((t["traffictype"], t) for t in store.all("traffictype") if t["physicalnetworkid"] in pnets)
    for traffic in needed:
        if traffic not in carried:
            raise exceptions.invalid("Cannot enable this Zone since: Unable to find the default physical network with "
                                     "traffic=%s in the specified zone id=%s" % (traffic, zone["id"]))
    if "Storage" not in carried:
        management = carried["Management"]
        storage = dict(management, id=new_id(), traffictype="Storage")
        store.put("traffictype", storage)


def check_dns_search_order(domains):
    """editZone: each DNS search domain as NetUtils.verifyDomainName accepts it."""
    for domain in domains:
        labels = domain.split(".")
        if len(domain) > 190 or not all(DOMAIN_LABEL.match(label) for label in labels):
            raise exceptions.invalid("Invalid network domain suffixes. Total length shouldn't exceed 190 chars. Each "
                                     "domain label must be between 1 and 63 characters long, can contain ASCII letters "
                                     "'a' through 'z', the digits '0' through '9', and the hyphen ('-'); can't start "
                                     "or end with \"-\"")


def update_details(zone, params):
    """details and dnssearchorder: added to the zone's resource details (data_center_details), a given key replacing
    its value, the others kept (editZone puts the new details over those loadDetails read)."""
    details = map_entries(params.get("details")) if params.get("details") is not None else {}
    if params.get("dnssearchorder") is not None:
        check_dns_search_order(params["dnssearchorder"])
        details[DNS_SEARCH_ORDER] = ",".join(params["dnssearchorder"])
    if details:
        zone["resourcedetails"] = dict(zone.get("resourcedetails") or {}, **details)


@command("updateZone")
def update_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "id")
    check_guest_cidr(params.get("guestcidraddress"))
    if params.get("domain"):
        check_network_domain(params["domain"])
    merged = dict(zone, **dict((k, v) for k, v in params.items() if v is not None and k != "id"))
    check_zone_parameters(store, merged, name_changed=merged["name"] != zone["name"])
    # An Edge zone is enabled without checking its traffic types.
    if merged.get("allocationstate") == "Enabled" and zone["allocationstate"] != "Enabled" and zone["type"] != "Edge":
        check_zone_can_be_enabled(store, zone)
    if merged["name"] != zone["name"]:
        zone["name"] = merged["name"]
        for kind in ("pod", "cluster", "host", "storagepool", "imagestore", "network", "virtualmachine",
                     "publicipaddress", "physicalnetwork"):
            for record in store.find(kind, zoneid=zone["id"]):
                record["zonename"] = zone["name"]
                store.put(kind, record)
    for field in ("dns1", "dns2", "internaldns1", "internaldns2", "ip6dns1", "ip6dns2", "guestcidraddress",
                  "localstorageenabled", "description", "dhcpprovider", "allocationstate"):
        if params.get(field) is not None:
            zone[field] = params[field]
    if params.get("domain") is not None:
        zone["domain"] = params["domain"] or None  # the network domain; an empty one clears it
    update_details(zone, params)
    if params.get("sortkey") is not None:
        zone["_sortkey"] = params["sortkey"]
    if params.get("ispublic") and zone.get("domainid"):  # a dedicated zone made public (never the other way)
        zone.update(domainid=None, domainname=None)
    store.put("zone", zone)
    return {"zone": view_zone(zone)}


def zone_in_use(store, zone):
    """What keeps the zone from being deleted, in ConfigurationManagerImpl.checkIfZoneIsDeletable's order."""
    held = (("host", None, "there are servers in this zone."), ("pod", None, "there are pods in this zone."),
            ("publicipaddress", lambda a: a["state"] != "Free",
             "there are public IP addresses allocated in this zone."),
            ("virtualmachine", None, "there are virtual machines in this zone."),
            ("physicalnetwork", None, "there are physical networks in this zone."),
            ("imagestore", None, "there are Secondary storages in this zone"))
    for kind, counts, reason in held:
        if any(counts is None or counts(record) for record in store.find(kind, zoneid=zone["id"])):
            return reason
    return None


@command("deleteZone")
def delete_zone(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    zone = ctx.lookup("zone", "id")
    reason = zone_in_use(store, zone)
    if reason:
        raise exceptions.internal("The zone cannot be deleted because %s" % reason)
    for network in store.find("network", zoneid=zone["id"]):
        store.delete("network", network["id"])
    store.delete("zone", zone["id"])
    return success()
