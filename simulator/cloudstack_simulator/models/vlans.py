"""VLAN IP ranges: public (and pod or shared-network) address ranges of a zone, IPv4 and IPv6, and their
dedication to an account, a project or a domain (ConfigurationManagerImpl's rules and messages)."""
import ipaddress

from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, owner_fields, public, success
from .netutils import is_valid_ip4, is_valid_ip4_netmask, is_valid_ip6, is_valid_ip6_cidr, netmask_network
from .publicips import make_address

OWNER_FIELDS = ("account", "domain", "domainid", "domainpath", "project", "projectid")


def ip_range(start, end):
    first, last = int(ipaddress.IPv4Address(start)), int(ipaddress.IPv4Address(end))
    return [str(ipaddress.IPv4Address(i)) for i in range(first, last + 1)]


def vlan_uri(vlan):
    return vlan if vlan.startswith(("vlan://", "untagged")) else "vlan://%s" % vlan


def make_vlan_range(store, zone, startip, endip, gateway, netmask, vlan="untagged", forvirtualnetwork=True,
                    network=None, pod=None, pnet=None, ipv6=None):
    """A range and its addresses; `ipv6`: {ip6gateway, ip6cidr, startipv6, endipv6} of a dual-stack or IPv6 one."""
    cidr = str(netmask_network(gateway, netmask)) if gateway else None
    record = {"id": new_id(), "zoneid": zone["id"], "startip": startip, "endip": endip, "gateway": gateway,
              "netmask": netmask, "cidr": cidr, "vlan": vlan_uri(vlan), "forvirtualnetwork": forvirtualnetwork,
              "forsystemvms": False, "networkid": network["id"] if network else None,
              "podid": pod["id"] if pod else None, "podname": pod["name"] if pod else None,
              "physicalnetworkid": pnet["id"] if pnet else None,
              "description": "%s-%s" % (startip, endip) if startip else None, "_dedicated": None}
    record.update(ipv6 or {})
    record.update(system_owner(store))
    store.put("vlaniprange", record)
    if forvirtualnetwork and startip:
        for address in ip_range(startip, endip):
            make_address(store, zone, record, address)
    return record


def system_owner(store):
    """What a range nobody dedicated shows: the owner of the zone's public network, the system account."""
    return {"account": "system", "domain": "ROOT", "domainpath": "ROOT", "domainid": store.first("domain", _path="/")["id"],
            "project": None, "projectid": None}


@command("listVlanIpRanges")
def list_vlan_ip_ranges(ctx, params):
    ctx.require_root_admin()
    ranges = ctx.store.all("vlaniprange")
    for field in ("networkid", "podid", "physicalnetworkid", "forvirtualnetwork", "domainid", "projectid"):
        if field in params:
            ranges = [r for r in ranges if r.get(field) == params[field]]
    if params.get("account"):
        ranges = [r for r in ranges if (r.get("account") or "").lower() == params["account"].lower()]
    if params.get("vlan"):
        ranges = [r for r in ranges if r["vlan"] == vlan_uri(params["vlan"])]
    return Listing(filter_common(ctx, ranges, params), public)


def range_owner(ctx, params, zone):
    """(account or None, domain or None) a new range is dedicated to: a project's or an account's, or a domain."""
    if not (params.get("account") or params.get("projectid") or params.get("domainid")):
        return None, None
    if zone["networktype"] != "Advanced":
        raise exceptions.invalid("Vlan owner can be defined only in the zone of type Advanced")
    return dedication_owner(ctx, params)


def dedication_owner(ctx, params):
    """DedicatePublicIpRangeCmd's owner: projectid, or account with domainid, or domainid alone."""
    store = ctx.store
    if params.get("projectid"):
        if params.get("account"):
            raise exceptions.invalid("accountName and projectId are mutually exclusive")
        project = ctx.lookup("project", "projectid")
        return store.get("account", project["_accountid"]), None
    domain = ctx.lookup("domain", "domainid")
    if params.get("account"):
        if domain is None:
            raise exceptions.invalid("Please specify a valid domain id")
        account = store.first("account", name=params["account"], domainid=domain["id"])
        if account is None or account.get("state") == "removed":
            raise exceptions.invalid("Unable to find account by name %s" % params["account"])
        if account["name"] == "system":
            raise exceptions.invalid("Please specify a valid account. Cannot dedicate IP range to system account")
        return account, None
    return None, domain


def dedicate(store, record, account, domain):
    if account is not None:
        project = store.first("project", _accountid=account["id"]) if account.get("accounttype") == 5 else None
        fields = owner_fields(store, account, project)
        fields.pop("_accountid")
        record.update(dict.fromkeys(OWNER_FIELDS), **fields)
        record["_dedicated"] = "account"
    elif domain is not None:
        record.update(dict.fromkeys(OWNER_FIELDS), domainid=domain["id"], domain=domain["name"],
                      domainpath=domain["path"])
        record["_dedicated"] = "domain"


@command("createVlanIpRange")
def create_vlan_ip_range(ctx, params):
    """ConfigurationManagerImpl.createVlanAndPublicIpRange's checks, in its order."""
    ctx.require_root_admin()
    store = ctx.store
    network = ctx.lookup("network", "networkid")
    pod = ctx.lookup("pod", "podid")
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid")
    zone = ctx.lookup("zone", "zoneid") or (store.get("zone", network["zoneid"]) if network else None) or (
        store.get("zone", pod["zoneid"]) if pod else None)
    if zone is None:
        raise exceptions.invalid("Please specify a valid zone.")
    startip = params.get("startip")
    if not startip and not params.get("ip6cidr"):
        raise exceptions.invalid("Please specify IPv4 or IPv6 address.")
    if pod is not None and pod["zoneid"] != zone["id"]:
        raise exceptions.invalid("Pod %s doesn't belong to zone id=%s" % (pod["name"], zone["id"]))
    account, domain = range_owner(ctx, params, zone)
    forvirtual = params.get("forvirtualnetwork", zone["networktype"] == "Advanced" and network is None)
    pnet = pnet or physical_network_of(store, zone, network)
    vlan = params.get("vlan") or (network or {}).get("vlan") or "untagged"
    endip = params.get("endip") or startip
    if startip:
        check_ipv4_range(store, zone, network, vlan, params.get("gateway"), params.get("netmask"), startip, endip)
    ipv6 = check_ipv6_range(store, params) if params.get("ip6cidr") else None
    record = make_vlan_range(store, zone, startip, endip if startip else None, params.get("gateway"),
                             params.get("netmask"), vlan, forvirtual, network, pod, pnet, ipv6)
    if network and startip and not network.get("cidr"):
        address_network(store, network, record)
    if params.get("forsystemvms"):
        set_for_system_vms(store, record, True)
    dedicate(store, record, account, domain)
    store.put("vlaniprange", record)
    return {"vlan": public(record)}


def address_network(store, network, record):
    """A network created without a subnet (a Basic zone's) takes its first range's: gateway, netmask, addresses."""
    subnet = netmask_network(record["gateway"], record["netmask"])
    network.update(gateway=record["gateway"], netmask=record["netmask"], cidr=str(subnet),
                   _range=[record["startip"], record["endip"]])
    store.put("network", network)


def physical_network_of(store, zone, network):
    """The network's physical network, else the zone's that carries public traffic."""
    if network and network.get("physicalnetworkid"):
        return store.get("physicalnetwork", network["physicalnetworkid"])
    pnets = store.find("physicalnetwork", zoneid=zone["id"])
    carrying = [p for p in pnets if store.first("traffictype", physicalnetworkid=p["id"], traffictype="Public")]
    return (carrying or pnets or [None])[0]


def check_ipv4_range(store, zone, network, vlan, gateway, netmask, startip, endip):
    if not is_valid_ip4(gateway):
        raise exceptions.invalid("Please specify a valid gateway")
    if not is_valid_ip4_netmask(netmask):
        raise exceptions.invalid("Please specify a valid netmask")
    if not is_valid_ip4(startip):
        raise exceptions.invalid("Please specify a valid start IP")
    if not is_valid_ip4(endip):
        raise exceptions.invalid("Please specify a valid end IP")
    subnet = netmask_network(gateway, netmask)
    if any(ipaddress.IPv4Address(a) not in subnet for a in (startip, endip)):
        raise exceptions.invalid("Please specify a valid IP range or valid netmask or valid gateway")
    first, last, gw = (int(ipaddress.IPv4Address(a)) for a in (startip, endip, gateway))
    if first > last:
        raise exceptions.invalid("Please specify a valid IP range.")
    if subnet.prefixlen != 31 and first <= gw <= last:
        raise exceptions.invalid("The gateway ip should not be the part of the ip range being added.")
    check_zone_overlap(store, zone, network, subnet, vlan, gateway, netmask, first, last)


def check_zone_overlap(store, zone, network, subnet, vlan, gateway, netmask, first, last):
    """checkZoneVlanIpOverlap: a range in an overlapping subnet must be on the same VLAN, with the same gateway
    and netmask, and hold none of the new addresses; on another VLAN, it may not be (or meet) a public range."""
    public_new = network is None or network.get("traffictype") == "Public"
    for other in store.find("vlaniprange", zoneid=zone["id"]):
        if not (other.get("gateway") and other.get("netmask")):
            continue
        if not subnet.overlaps(netmask_network(other["gateway"], other["netmask"])):
            continue
        if "untagged" in vlan.lower() or vlan_uri(vlan) == other["vlan"]:
            if gateway != other["gateway"] or netmask != other["netmask"]:
                raise exceptions.invalid("The IP range has already been added with gateway %s ,and netmask %s, Please "
                                         "specify the gateway/netmask if you want to extend ip range"
                                         % (other["gateway"], other["netmask"]))
            other_first, other_last = (int(ipaddress.IPv4Address(a)) for a in (other["startip"], other["endip"]))
            if subnet.prefixlen != 31 and first <= other_last and other_first <= last:
                raise exceptions.invalid("The IP range already has IPs that overlap with the new range. Please "
                                         "specify a different start IP/end IP.")
        elif public_new or other["networkid"] is None:
            raise exceptions.invalid("The IP range with tag: %s in zone %s has overlapped with the subnet. Please "
                                     "specify a different gateway/netmask." % (other["vlan"], zone["name"]))


def check_ipv6_range(store, params):
    """The IPv6 part: a valid gateway and CIDR, a range within it that no other range of the zone meets."""
    gateway, cidr = params.get("ip6gateway"), params["ip6cidr"]
    if not is_valid_ip6(gateway):
        raise exceptions.invalid("Please specify a valid IPv6 gateway")
    if not is_valid_ip6_cidr(cidr):
        raise exceptions.invalid("Please specify a valid IPv6 CIDR")
    network = ipaddress.IPv6Network(cidr, strict=False)
    start, end = params.get("startipv6"), params.get("endipv6") or params.get("startipv6")
    for address in (start, end):
        if address and not (is_valid_ip6(address) and ipaddress.IPv6Address(address) in network):
            raise exceptions.invalid("Invalid IPv6 address %s: it is not in the CIDR %s" % (address, cidr))
    new = ipv6_span(network, start, end)
    for other in store.all("vlaniprange"):
        if not other.get("ip6cidr"):
            continue
        span = ipv6_span(ipaddress.IPv6Network(other["ip6cidr"], strict=False), other.get("startipv6"),
                         other.get("endipv6"))
        if new[0] <= span[1] and span[0] <= new[1]:
            raise exceptions.invalid("The IPv6 range with tag: %s already has IPs that overlap with the new range."
                                     % other["vlan"])
    return {"ip6gateway": gateway, "ip6cidr": cidr, "startipv6": start, "endipv6": end if start else None}


def ipv6_span(network, start, end):
    """(first, last) address values: the given range, else the whole CIDR (NetUtils.getIpv6RangeFromCidr)."""
    if start:
        return int(ipaddress.IPv6Address(start)), int(ipaddress.IPv6Address(end or start))
    return int(network.network_address), int(network.broadcast_address)


def set_for_system_vms(store, record, value):
    record["forsystemvms"] = value
    for address in store.find("publicipaddress", vlanid=record["id"]):
        address["forsystemvms"] = value
        store.put("publicipaddress", address)


@command("updateVlanIpRange")
def update_vlan_ip_range(ctx, params):
    """updateVlanAndPublicIpRange: system VMs use; the IPv4 range's addresses (widened or narrowed around the
    addresses in use), and its gateway and netmask while no address is used; the IPv6 range's."""
    ctx.require_root_admin()
    store = ctx.store
    record = ctx.lookup("vlaniprange", "id")
    if not record.get("gateway") and any(params.get(k) for k in ("startip", "endip", "gateway", "netmask")):
        raise exceptions.invalid("IPv4 is not support in this IP range.")
    if not record.get("ip6gateway") and any(params.get(k) for k in ("startipv6", "endipv6", "ip6gateway", "ip6cidr")):
        raise exceptions.invalid("IPv6 is not support in this IP range.")
    forsystemvms = params.get("forsystemvms")
    if forsystemvms is not None and forsystemvms != record["forsystemvms"]:
        if not record["forvirtualnetwork"]:
            raise exceptions.invalid("forSystemVms is not available for this IP range with vlan type: DirectAttached")
        if record["_dedicated"] == "account":
            raise exceptions.invalid("Specified Public IP range has already been dedicated to an account")
        if record["_dedicated"] == "domain":
            raise exceptions.invalid("Specified Public IP range has already been dedicated to a domain")
    if record.get("gateway"):
        update_ipv4_range(store, record, params, forsystemvms)
    for key in ("ip6gateway", "ip6cidr", "startipv6", "endipv6"):
        if params.get(key):
            record[key] = params[key]
    if forsystemvms is not None:
        set_for_system_vms(store, record, forsystemvms)
    store.put("vlaniprange", record)
    return {"vlan": public(record)}


def update_ipv4_range(store, record, params, forsystemvms):
    """updateVlanAndIpv4Range's checks and texts; the range's public addresses follow its new bounds."""
    used = sorted((a for a in store.find("publicipaddress", vlanid=record["id"]) if a["state"] == "Allocated"),
                  key=lambda a: ipaddress.IPv4Address(a["ipaddress"]))
    for key in ("gateway", "netmask"):
        if params.get(key) and params[key] != record[key] and used:
            raise exceptions.invalid("Unable to change %s to %s because some IPs are in use" % (key, params[key]))
    gateway, netmask = params.get("gateway") or record["gateway"], params.get("netmask") or record["netmask"]
    startip, endip = params.get("startip") or record["startip"], params.get("endip") or record["endip"]
    subnet = netmask_network(gateway, netmask)
    for which, address in (("start", startip), ("end", endip)):
        if not is_valid_ip4(address):
            raise exceptions.invalid("The %s address of the IP range is not a valid IP address." % which)
        if ipaddress.IPv4Address(address) not in subnet:
            raise exceptions.invalid("The %s address of the IP range is not in the CIDR subnet." % which)
    first, last = ipaddress.IPv4Address(startip), ipaddress.IPv4Address(endip)
    if first <= ipaddress.IPv4Address(gateway) <= last:
        raise exceptions.invalid("The gateway shouldn't overlap the new start/end ip addresses")
    for address in used:
        if not first <= ipaddress.IPv4Address(address["ipaddress"]) <= last:
            raise exceptions.invalid(
                "The start IP address must be less than or equal to %s which is already in use. The end IP address "
                "must be greater than or equal to %s which is already in use. There are %d IPs already allocated in "
                "this range." % (used[0]["ipaddress"], used[-1]["ipaddress"], len(used)))
        if forsystemvms is not None and address["forsystemvms"] != forsystemvms:
            raise exceptions.invalid("IP %s is in use, cannot change forSystemVms of the IP range" % address["ipaddress"])
    move_addresses(store, record, startip, endip)
    record.update(gateway=gateway, netmask=netmask, cidr=str(subnet), startip=startip, endip=endip,
                  description="%s-%s" % (startip, endip))


def move_addresses(store, record, startip, endip):
    """The range's addresses become startip..endip: those outside go (all free, as checked), new ones come. An
    address another range of the zone holds makes CloudStack's insert fail, which it reports as below."""
    wanted = set(ip_range(startip, endip))
    held = dict((a["ipaddress"], a) for a in store.find("publicipaddress", vlanid=record["id"]))
    taken = [a for a in store.find("publicipaddress", zoneid=record["zoneid"])
             if a["ipaddress"] in wanted and a["vlanid"] != record["id"]]
    if taken:
        raise exceptions.internal("Failed to edit VlanRange. Please contact Cloud Support.")
    for address, stored in held.items():
        if address not in wanted:
            store.delete("publicipaddress", stored["id"])
    if record["forvirtualnetwork"]:
        zone = store.get("zone", record["zoneid"])
        for address in sorted(wanted - set(held), key=ipaddress.IPv4Address):
            made = make_address(store, zone, record, address)
            made["forsystemvms"] = record["forsystemvms"]
            store.put("publicipaddress", made)


@command("dedicatePublicIpRange")
def dedicate_public_ip_range(ctx, params):
    """ConfigurationManagerImpl.dedicatePublicIpRange's checks and messages."""
    ctx.require_root_admin()
    store = ctx.store
    account, domain = dedication_owner(ctx, params)
    record = ctx.lookup("vlaniprange", "id")
    if record["_dedicated"] == "account":
        raise exceptions.invalid("Specified Public IP range has already been dedicated")
    if record["_dedicated"] == "domain":
        raise exceptions.invalid("Specified Public IP range has already been dedicated to a domain")
    zone = store.get("zone", record["zoneid"])
    if zone["networktype"] == "Basic":
        raise exceptions.invalid("Public IP range can be dedicated to an account only in the zone of type Advanced")
    for address in store.find("publicipaddress", vlanid=record["id"]):
        if address["forsystemvms"]:
            raise exceptions.invalid("%s Public IP address in range is dedicated to system vms " % address["ipaddress"])
        holder = address.get("_accountid")
        if holder and account is not None and holder != account["id"]:
            raise exceptions.invalid("%s Public IP address in range is allocated to another account "
                                     % address["ipaddress"])
        if holder and account is None and store.get("account", holder)["domainid"] != domain["id"]:
            raise exceptions.invalid("%s Public IP address in range is allocated to another domain/account "
                                     % address["ipaddress"])
    dedicate(store, record, account, domain)
    store.put("vlaniprange", record)
    return {"vlan": public(record)}


@command("releasePublicIpRange")
def release_public_ip_range(ctx, params):
    ctx.require_root_admin()
    store = ctx.store
    record = ctx.lookup("vlaniprange", "id")
    if record["_dedicated"] is None:
        raise exceptions.invalid("Can't release Public IP range %s as it not dedicated to any domain and any account"
                                 % record["id"])
    record.update(system_owner(store), _dedicated=None)
    store.put("vlaniprange", record)
    return success()


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
