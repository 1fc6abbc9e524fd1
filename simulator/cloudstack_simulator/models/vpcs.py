"""VPCs (their offerings: vpcofferings.py); VPC tiers are networks with a `vpcid` (see network.py), which asks
`tier_fields` what a new tier holds of its VPC; their ACL lists: networkacls.py."""
import ipaddress

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from . import limits, networkacls, vpn
from .common import filter_common, new_id, now, owner_fields, resolve_owner, visible, with_tags
from .publicips import allocate_address, release_ip


def view_vpc(store, vpc):
    out = with_tags(store, vpc)
    tiers = [n for n in store.all("network") if n.get("vpcid") == vpc["id"]]
    out["network"] = [{"id": n["id"], "name": n["name"], "cidr": n["cidr"], "state": n["state"]} for n in tiers]
    return out


@command("listVPCs")
def list_vpcs(ctx, params):
    store = ctx.store
    vpcs = visible(ctx, store.all("vpc"), params)
    for field in ("vpcofferingid", "cidr", "displaytext"):
        if params.get(field):
            vpcs = [v for v in vpcs if v[field] == params[field]]
    for field in ("restartrequired", "fordisplay"):
        if field in params:
            vpcs = [v for v in vpcs if v[field] == params[field]]
    vpcs = filter_common(ctx, vpcs, params, keyword_fields=("name", "displaytext"))
    return Listing(vpcs, lambda v: view_vpc(store, v))


@command("createVPC")
def create_vpc(ctx, params):
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    if zone["networktype"] != "Advanced":
        raise exceptions.invalid("Can't create VPC in zone %s of network type %s: an Advanced zone is required"
                                 % (zone["name"], zone["networktype"]))
    offering = ctx.lookup("vpcoffering", "vpcofferingid")
    if offering["state"] != "Enabled":
        raise exceptions.invalid("VPC offering %s is not in Enabled state" % offering["name"])
    try:
        cidr = ipaddress.IPv4Network(params["cidr"])
    except ValueError:
        raise exceptions.invalid("Invalid CIDR specified %s" % params["cidr"]) from None
    if not cidr.is_private:
        raise exceptions.invalid("Guest Cidr %s is not RFC1918 compliant" % params["cidr"])
    account, project = resolve_owner(ctx, params)
    limits.charge(store, account, "vpc")
    vpc = {"id": new_id(), "name": params["name"], "displaytext": params["displaytext"], "cidr": str(cidr),
           "zoneid": zone["id"], "zonename": zone["name"], "vpcofferingid": offering["id"],
           "vpcofferingname": offering["name"], "state": "Enabled", "restartrequired": False,
           "fordisplay": params.get("fordisplay", True), "networkdomain": params.get("networkdomain") or
           "cs%ssandbox.simulator" % new_id()[:4], "redundantvpcrouter": offering["_redundant"],
           "distributedvpcrouter": False, "regionlevelvpc": False, "service": offering["service"],
           "dns1": params.get("dns1"), "dns2": params.get("dns2"), "created": now(), "hasannotations": False}
    vpc.update(owner_fields(store, account, project))
    store.put("vpc", vpc)
    return Job("vpc.create", {"id": vpc["id"]}, "Vpc", vpc["id"])


def rollback_create(store, args):
    store.delete("vpc", args["id"])


@finisher("vpc.create", rollback=rollback_create)
def finish_create(store, args):
    vpc = store.get("vpc", args["id"])
    address = allocate_address(store, store.get("zone", vpc["zoneid"]), store.get("account", vpc["_accountid"]),
                               sourcenat=True)
    address.update(vpcid=vpc["id"], vpcname=vpc["name"])
    store.put("publicipaddress", address)
    return {"vpc": view_vpc(store, vpc)}


@command("updateVPC")
def update_vpc(ctx, params):
    vpc = ctx.lookup("vpc", "id")
    ctx.check_owner(vpc)
    changes = {k: params[k] for k in ("name", "displaytext", "fordisplay", "publicmtu") if params.get(k) is not None}
    return Job("vpc.update", {"id": vpc["id"], "changes": changes}, "Vpc", vpc["id"])


@finisher("vpc.update")
def finish_update(store, args):
    vpc = store.get("vpc", args["id"])
    vpc.update(args["changes"])
    store.put("vpc", vpc)
    return {"vpc": view_vpc(store, vpc)}


@command("restartVPC")
def restart_vpc(ctx, params):
    """A restart with `cleanup` destroys the VPC's routers and makes new ones (the simulator has no routers: both
    restarts clear `restartrequired`); `makeredundant` makes them redundant (it needs `cleanup`, as in 4.16+)."""
    vpc = ctx.lookup("vpc", "id")
    ctx.check_owner(vpc)
    if params.get("makeredundant") and not params.get("cleanup"):
        raise exceptions.invalid("Cleanup must be true when makeredundant is true")
    if params.get("livepatch") and params.get("cleanup"):
        raise exceptions.invalid("Live patching is not supported when cleanup is true")
    return Job("vpc.restart", {"id": vpc["id"], "redundant": bool(params.get("makeredundant"))}, "Vpc", vpc["id"])


@finisher("vpc.restart")
def finish_restart(store, args):
    vpc = store.get("vpc", args["id"])
    vpc["restartrequired"] = False
    vpc["redundantvpcrouter"] = vpc["redundantvpcrouter"] or args.get("redundant", False)
    store.put("vpc", vpc)
    return {"success": True}


def described(record, kind="VPC"):
    """A VPC or a network as CloudStack's texts name them (VpcVO/NetworkVO.toString)."""
    return '%s {"uuid":"%s","name":"%s"}' % (kind, record["id"], record["name"])


def tier_fields(ctx, vpc, network):
    """What a new tier (`network`, of `vpc`) holds of its VPC, once its CIDR is checked as
    VpcManagerImpl.validateNewVpcGuestNetwork does: within the VPC's CIDR, crossing no other tier's; its ACL list
    (createNetwork's `aclid`)."""
    cidr = ipaddress.IPv4Network(network["cidr"])
    if not cidr.subnet_of(ipaddress.IPv4Network(vpc["cidr"])):
        raise exceptions.invalid("Network cidr %s is not within vpc %s cidr" % (cidr, described(vpc)))
    for other in ctx.store.find("network", vpcid=vpc["id"]):
        if ipaddress.IPv4Network(other["cidr"]).overlaps(cidr):
            raise exceptions.invalid("Network cidr %s crosses other network cidr %s belonging to the same vpc %s"
                                     % (cidr, described(other, "Network"), described(vpc)))
    fields = {"vpcid": vpc["id"], "vpcname": vpc["name"]}
    acl = networkacls.tier_acl(ctx, vpc, ctx.params.get("aclid"))
    if acl:
        fields.update(aclid=acl["id"], aclname=acl["name"])
    return fields


@command("deleteVPC")
def delete_vpc(ctx, params):
    vpc = ctx.lookup("vpc", "id")
    ctx.check_owner(vpc)
    tiers = [n for n in ctx.store.all("network") if n.get("vpcid") == vpc["id"]]
    if tiers:
        raise exceptions.invalid("Can't delete VPC %s as its used by %d networks" % (described(vpc), len(tiers)))
    return Job("vpc.delete", {"id": vpc["id"]}, "Vpc", vpc["id"])


@finisher("vpc.delete")
def finish_delete(store, args):
    vpn.remove_vpc_vpn(store, store.get("vpc", args["id"]))
    for address in store.find("publicipaddress", vpcid=args["id"]):
        release_ip(store, address)
    for tag in list(store.tags_of(args["id"])):
        store.delete("tag", tag["id"])
    for gateway in store.find("privategateway", vpcid=args["id"]):  # CloudStack deletes them with the VPC
        store.delete("privategateway", gateway["id"])
    networkacls.remove_vpc_lists(store, store.get("vpc", args["id"]))
    store.delete("vpc", args["id"])
    return {"success": True}
