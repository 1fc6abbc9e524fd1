"""VPC private gateways (PrivateGatewayServiceImpl.createVpcPrivateGateway, NetworkServiceImpl.createPrivateNetwork):
a VPC's way into a private network, on a VLAN of its own or through an existing network of the zone."""
from .. import exceptions
from ..registry import Job, command
from .common import now
from .netutils import is_valid_ip4, is_valid_ip4_netmask, netmask_network
from .resource import Resource


def by_vlan(ctx, gateways, params):
    """listPrivateGateways' `vlan`: the VLAN tag, with or without CloudStack's vlan:// scheme."""
    if params.get("vlan"):
        gateways = [g for g in gateways if g.get("vlan") in (params["vlan"], "vlan://%s" % params["vlan"])]
    return gateways


GATEWAYS = Resource("privategateway", "privategateway", "listPrivateGateways", filters=("vpcid", "ipaddress", "state"),
                    keyword_fields=("ipaddress",), narrow=by_vlan, jobtype="PrivateGateway")


def offering_of(ctx, params):
    """getVpcPrivateGatewayNetworkOffering: the one given, else the system offering with or without VLAN (whether
    it specifies the VLAN)."""
    offering = ctx.lookup("networkoffering", "networkofferingid")
    if offering is None:
        return bool(params.get("vlan"))
    if offering["traffictype"] != "Guest":
        raise exceptions.invalid("The network offering cannot be used to create Guest network")
    if offering["guestiptype"] != "Isolated":
        raise exceptions.invalid("The network offering cannot be used to create Isolated network")
    return offering["specifyvlan"]


def check_vlan_or_network(ctx, params, specify_vlan):
    """validateVpcPrivateGatewayAssociateNetworkId, in its order."""
    vlan, associated = params.get("vlan"), params.get("associatednetworkid")
    if vlan is None and associated is None:
        raise exceptions.invalid("One of vlanId and associatedNetworkId must be specified")
    if vlan is not None and associated is not None:
        raise exceptions.invalid("vlanId and associatedNetworkId are mutually exclusive")
    if not ctx.is_root_admin and (specify_vlan or vlan is not None or params.get("bypassvlanoverlapcheck")):
        raise exceptions.invalid("Only ROOT admin is allowed to specify vlanId or bypass vlan overlap check")
    if specify_vlan and vlan is None:
        raise exceptions.invalid("vlanId must be specified for this network offering")
    if not specify_vlan and associated is None:
        raise exceptions.invalid("associatedNetworkId must be specified for this network offering")


def physical_network_of(ctx, params, vpc, associated):
    """validateVpcPrivateGatewayPhysicalNetworkId: the associated network's, the one given, or the zone's only one."""
    given = ctx.lookup("physicalnetwork", "physicalnetworkid")
    if associated is not None:
        if given is not None and given["id"] != associated.get("physicalnetworkid"):
            raise exceptions.invalid("The network can only be created on the same physical network as the associated "
                                     "network")
        given = ctx.store.get("physicalnetwork", associated.get("physicalnetworkid") or "")
    if given is None:
        found = ctx.store.find("physicalnetwork", zoneid=vpc["zoneid"])
        if len(found) != 1:
            raise exceptions.invalid("Physical network can't be determined; pass physical network id")
        given = found[0]
    return given


def check_addresses(ctx, params, vpc, physical_network):
    """createPrivateNetwork's checks of the addresses and the VLAN."""
    if not is_valid_ip4(params["gateway"]):
        raise exceptions.invalid("Invalid gateway")
    if not is_valid_ip4_netmask(params["netmask"]):
        raise exceptions.invalid("Invalid netmask")
    subnet = netmask_network(params["gateway"], params["netmask"])
    if not is_valid_ip4(params["ipaddress"]) or netmask_network(params["ipaddress"], params["netmask"]) != subnet:
        raise exceptions.invalid("Invalid private ip address %s: it is not in the network %s of the gateway"
                                 % (params["ipaddress"], subnet))
    vlan = params.get("vlan")
    if vlan is None:
        return
    zone = ctx.store.get("zone", vpc["zoneid"])
    low, high = (int(x) for x in (physical_network.get("vlan") or "0-0").split("-"))
    if vlan.isdigit() and low <= int(vlan) <= high and not params.get("bypassvlanoverlapcheck"):
        raise exceptions.invalid("The VLAN tag vlan://%s is already being used for dynamic vlan allocation for the guest "
                                 "network in zone %s" % (vlan, zone["name"]))
    for other in ctx.store.find("privategateway", zoneid=vpc["zoneid"], vlan="vlan://%s" % vlan):
        if netmask_network(other["gateway"], other["netmask"]) != subnet:
            raise exceptions.invalid("Network with vlan vlan://%s already exists or overlaps with other network vlans in "
                                     "zone %s" % (vlan, zone["name"]))
        if other["ipaddress"] == params["ipaddress"]:
            raise exceptions.invalid("Private ip address %s already used for private gateway in zone %s"
                                     % (params["ipaddress"], zone["name"]))


def acl_of(ctx, vpc):
    """validateVpcPrivateGatewayAclId: one of the VPC's lists or a default one; default_deny when not given."""
    acl = ctx.lookup("networkacl", "aclid")
    if acl is None:
        return ctx.store.first("networkacl", name="default_deny", _default=True)
    if not acl.get("_default") and acl["vpcid"] != vpc["id"]:
        raise exceptions.invalid("Private gateway and network acl are not in the same vpc.")
    return acl


@command("createPrivateGateway")
def create_private_gateway(ctx, params):
    store = ctx.store
    vpc = ctx.lookup("vpc", "vpcid")
    ctx.check_owner(vpc)
    if vpc["state"] != "Enabled":
        raise exceptions.invalid("Unable to find Enabled VPC by id specified")
    check_vlan_or_network(ctx, params, offering_of(ctx, params))
    associated = ctx.lookup("network", "associatednetworkid")
    physical_network = physical_network_of(ctx, params, vpc, associated)
    acl = acl_of(ctx, vpc)
    check_addresses(ctx, params, vpc, physical_network)
    gateway = {"ipaddress": params["ipaddress"], "gateway": params["gateway"], "netmask": params["netmask"],
               "vlan": "vlan://%s" % params["vlan"] if params.get("vlan") else None, "vpcid": vpc["id"],
               "vpcname": vpc["name"], "zoneid": vpc["zoneid"], "zonename": vpc["zonename"],
               "physicalnetworkid": physical_network["id"], "sourcenatsupported": bool(params.get("sourcenatsupported")),
               "associatednetworkid": associated["id"] if associated else None,
               "associatednetwork": associated["name"] if associated else None,
               "aclid": acl["id"], "aclname": acl["name"], "state": "Ready", "created": now(), "hasannotations": False}
    record = GATEWAYS.insert(store, gateway, store.get("account", vpc["_accountid"]),
                             store.get("project", vpc.get("projectid") or ""))
    return GATEWAYS.answer(ctx, record)


@command("deletePrivateGateway")
def delete_private_gateway(ctx, params):
    gateway = GATEWAYS.owned(ctx)
    if not ctx.is_root_admin and gateway.get("vlan"):
        raise exceptions.invalid("Unable to delete private gateway with specified vlan by non-ROOT accounts")
    return Job("privategateway.delete", {"id": gateway["id"]}, "PrivateGateway", gateway["id"])
