"""VLAN IP ranges: public (and pod or guest) address ranges of a zone."""
import ipaddress

from .. import exceptions
from ..registry import Listing, command
from .common import filter_common, new_id, public, success
from .netutils import is_valid_ip4, is_valid_ip4_netmask, netmask_network
from .publicips import make_address


def ip_range(start, end):
    first, last = int(ipaddress.IPv4Address(start)), int(ipaddress.IPv4Address(end))
    return [str(ipaddress.IPv4Address(i)) for i in range(first, last + 1)]


def make_vlan_range(store, zone, startip, endip, gateway, netmask, vlan="untagged", forvirtualnetwork=True,
                    network=None, pod=None, pnet=None):
    cidr = str(netmask_network(gateway, netmask))
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
    if not params.get("startip"):
        raise exceptions.invalid("Please specify a valid startip")
    # ConfigurationManagerImpl.createVlanAndPublicIpRange's checks, as NetUtils makes them.
    if not is_valid_ip4(params.get("gateway")):
        raise exceptions.invalid("Please specify a valid gateway")
    if not is_valid_ip4_netmask(params.get("netmask")):
        raise exceptions.invalid("Please specify a valid netmask")
    endip = params.get("endip") or params["startip"]
    try:
        addresses = ip_range(params["startip"], endip)
        network_of = netmask_network(params["gateway"], params["netmask"])
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
