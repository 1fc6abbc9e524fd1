"""Public IP addresses: association to accounts/networks, source NAT and static NAT."""
from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, new_id, now, owner_fields, visible, with_tags
from .portforwarding import remove_address_rules
from .vpn import remove_address_vpn

STATES = ("Allocating", "Allocated", "Releasing", "Reserved", "Free")  # IpAddress.State
OWNER_FIELDS = ("account", "domain", "domainid", "domainpath", "project", "projectid", "_accountid")


def make_address(store, zone, vlan, address):
    record = {"id": new_id(), "ipaddress": address, "state": "Free", "zoneid": zone["id"], "zonename": zone["name"],
              "vlanid": vlan["id"], "vlanname": vlan["vlan"], "forvirtualnetwork": vlan["forvirtualnetwork"],
              "physicalnetworkid": vlan.get("physicalnetworkid"), "issourcenat": False, "isstaticnat": False,
              "issystem": False, "isportable": False, "fordisplay": True, "forsystemvms": False,
              "hasannotations": False, "hasrules": False}
    return store.put("publicipaddress", record)


def allocate_address(store, zone, account, network=None, sourcenat=False, address=None, state="Allocated"):
    """A free address of the zone's public ranges (the requested one); none is 533 with IpAddressManagerImpl's text,
    whether the ranges are exhausted or the requested address is not free."""
    candidates = [a for a in store.find("publicipaddress", zoneid=zone["id"], state="Free") if a["forvirtualnetwork"]]
    if address:
        candidates = [a for a in candidates if a["ipaddress"] == address]
    if not candidates:
        raise exceptions.ApiError(exceptions.INSUFFICIENT_CAPACITY_ERROR, "Insufficient address capacity",
                                  exceptions.CS_INSUFFICIENT_ADDRESS_CAPACITY)
    record = candidates[0]
    project = store.first("project", _accountid=account["id"]) if account["accounttype"] == 5 else None
    record.update(owner_fields(store, account, project))
    record.update(state=state, allocated=now(), issourcenat=sourcenat,
                  purpose="SourceNat" if sourcenat else None)
    if network:
        record.update(associatednetworkid=network["id"], associatednetworkname=network["name"])
    return store.put("publicipaddress", record)


def release_ip(store, record):
    if record["isstaticnat"]:
        disable_static_nat(store, record)
    remove_address_rules(store, record)
    remove_address_vpn(store, record)
    for field in OWNER_FIELDS + ("associatednetworkid", "associatednetworkname", "allocated", "purpose",
                                 "virtualmachineid", "virtualmachinename", "virtualmachinedisplayname",
                                 "virtualmachinetype", "vmipaddress", "vpcid", "vpcname"):
        record.pop(field, None)
    for tag in list(store.tags_of(record["id"])):
        store.delete("tag", tag["id"])
    record.update(state="Free", issourcenat=False, isstaticnat=False)
    store.put("publicipaddress", record)


def static_nat_of(store, vm):
    for record in store.all("publicipaddress"):
        if record.get("virtualmachineid") == vm["id"] and record["isstaticnat"]:
            return record
    return None


def enable_static_nat(store, record, vm, nic):
    record.update(isstaticnat=True, virtualmachineid=vm["id"], virtualmachinename=vm["name"],
                  virtualmachinedisplayname=vm["displayname"], virtualmachinetype="User",
                  vmipaddress=nic["ipaddress"], purpose="StaticNat")
    store.put("publicipaddress", record)
    vm.update(publicip=record["ipaddress"], publicipid=record["id"])
    store.put("virtualmachine", vm)


def disable_static_nat(store, record):
    vm = store.get("virtualmachine", record.get("virtualmachineid") or "")
    if vm:
        vm.pop("publicip", None)
        vm.pop("publicipid", None)
        store.put("virtualmachine", vm)
    for field in ("virtualmachineid", "virtualmachinename", "virtualmachinedisplayname", "virtualmachinetype",
                  "vmipaddress"):
        record.pop(field, None)
    record.update(isstaticnat=False, purpose=None)
    store.put("publicipaddress", record)


def listed_states(params):
    """The ``state`` parameter's states (comma-separated, any case) and whether only allocated addresses are listed,
    as ManagementServerImpl.searchForIPAddresses decides: by default unless the states name Free or Reserved."""
    states = []
    for name in (params.get("state") or "").split(","):
        if name.strip():
            state = next((s for s in STATES if s.lower() == name.strip().lower()), None)
            if state is None:
                raise exceptions.invalid("Invalid state: %s" % name)
            states.append(state)
    unallocated = "Free" in states or "Reserved" in states
    allocated_only = params.get("allocatedonly")
    if allocated_only is None:
        return states, not unallocated
    if allocated_only and unallocated:
        raise exceptions.invalid("Conflict: allocatedonly is true but state is Free")
    return states, allocated_only or "Allocated" in states


def has_any_tag(store, address, wanted):
    """CloudStack joins the tags filter's key/value pairs with OR: an address with any of them is listed."""
    return any(store.has_tags(address["id"], [w]) for w in wanted)


@command("listPublicIpAddresses")
def list_public_ip_addresses(ctx, params):
    store = ctx.store
    states, allocated_only = listed_states(params)
    addresses = store.all("publicipaddress")
    free = [a for a in addresses if a["state"] == "Free"] if not allocated_only and ctx.is_root_admin else []
    addresses = visible(ctx, [a for a in addresses if a["state"] != "Free"], params) + free
    if states:
        addresses = [a for a in addresses if a["state"] in states]
    for field in ("associatednetworkid", "vlanid", "physicalnetworkid", "ipaddress", "vpcid"):
        if params.get(field):
            addresses = [a for a in addresses if a.get(field) == params[field]]
    if params.get("networkid"):
        addresses = [a for a in addresses if a.get("associatednetworkid") == params["networkid"]]
    # Without forvirtualnetwork CloudStack lists the virtual network's addresses (VlanType.VirtualNetwork) only.
    addresses = [a for a in addresses if a["forvirtualnetwork"] == params.get("forvirtualnetwork", True)]
    for field in ("issourcenat", "isstaticnat", "fordisplay", "forsystemvms"):
        if field in params:
            addresses = [a for a in addresses if a[field] == params[field]]
    if params.get("tags"):
        addresses = [a for a in addresses if has_any_tag(store, a, params["tags"])]
    others = dict((k, v) for k, v in params.items() if k not in ("state", "tags"))
    addresses = filter_common(ctx, addresses, others, keyword_fields=("ipaddress",))
    return Listing(addresses, lambda a: with_tags(store, a))


@command("disassociateIpAddress")
def disassociate_ip_address(ctx, params):
    record = ctx.lookup("publicipaddress", "id")
    if record["state"] == "Free":
        raise exceptions.invalid_uuid(ctx.command, "id", params["id"])
    ctx.check_owner(record)
    if record["issourcenat"]:
        raise exceptions.invalid("IP address id=%s is a source nat ip address; it can't be disassociated"
                                 % record["id"])
    record["state"] = "Releasing"
    ctx.store.put("publicipaddress", record)
    return Job("publicip.release", {"id": record["id"]}, "IpAddress", record["id"])


@finisher("publicip.release")
def finish_release(store, args):
    release_ip(store, store.get("publicipaddress", args["id"]))
    return {"success": True}


@command("enableStaticNat")
def enable_static_nat_command(ctx, params):
    store = ctx.store
    record = ctx.lookup("publicipaddress", "ipaddressid")
    vm = ctx.lookup("virtualmachine", "virtualmachineid")
    ctx.check_owner(record)
    ctx.check_owner(vm)
    if record["state"] != "Allocated":
        raise exceptions.invalid("Can't enable static nat for the address id=%s, as it's not allocated"
                                 % record["id"])
    if record["issourcenat"]:
        raise exceptions.network_rule_conflict("Can't enable static nat on the source nat ip address %s"
                                               % record["ipaddress"])
    if record["isstaticnat"] and record.get("virtualmachineid") != vm["id"]:
        raise exceptions.network_rule_conflict("Failed to enable static for the ip address %s and vm id=%s as it's "
                                               "already assigned to antoher vm" % (record["id"], vm["id"]))
    if store.first("portforwardingrule", ipaddressid=record["id"]):
        raise exceptions.network_rule_conflict("Failed to enable static nat for the ip address id=%s as it already has "
                                               "port forwarding rules assigned" % record["id"])
    if store.first("loadbalancerrule", publicipid=record["id"]):
        raise exceptions.network_rule_conflict("Failed to enable static nat for the ip address id=%s as it already has "
                                               "load balancing rules assigned" % record["id"])
    if vm["state"] in ("Destroyed", "Expunging", "Error"):
        raise exceptions.invalid("Can't enable static nat for the vm %s in state %s" % (vm["name"], vm["state"]))
    network = ctx.lookup("network", "networkid") or store.get("network", record.get("associatednetworkid") or "")
    if network is None:
        raise exceptions.invalid("Unable to enable static nat for the ipAddress id=%s: specify the networkid of the "
                                 "VPC tier the vm is in" % record["id"])
    if record.get("vpcid") and network.get("vpcid") != record["vpcid"]:
        raise exceptions.invalid("Network %s doesn't belong to the VPC of ip address %s"
                                 % (network["name"], record["ipaddress"]))
    nics = [n for n in store.children("nic", vm["id"]) if n["networkid"] == network["id"]]
    if params.get("vmguestip"):
        nics = [n for n in nics if n["ipaddress"] == params["vmguestip"]]
    if not nics:
        raise exceptions.invalid("Unable to enable static nat for the ipAddress id=%s: vm %s has no nic in the "
                                 "network %s" % (record["id"], vm["name"], network["name"]))
    current = store.first("publicipaddress", virtualmachineid=vm["id"], vmipaddress=nics[0]["ipaddress"])
    if current and current["id"] != record["id"]:  # one static NAT per guest IP: per instance and network
        raise exceptions.invalid("Failed to enable static nat for the ip address id=%s as vm id=%s is already "
                                 "associated with ip id=%s" % (record["id"], vm["id"], current["id"]))
    record.update(associatednetworkid=network["id"], associatednetworkname=network["name"])
    enable_static_nat(store, record, vm, nics[0])
    return {"success": "true"}


@command("disableStaticNat")
def disable_static_nat_command(ctx, params):
    record = ctx.lookup("publicipaddress", "ipaddressid")
    ctx.check_owner(record)
    if not record["isstaticnat"]:
        raise exceptions.invalid("Specified IP address id is not associated with any vm Id")
    return Job("publicip.disable_static_nat", {"id": record["id"]}, "IpAddress", record["id"])


@finisher("publicip.disable_static_nat")
def finish_disable_static_nat(store, args):
    disable_static_nat(store, store.get("publicipaddress", args["id"]))
    return {"success": True}
