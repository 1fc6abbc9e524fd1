"""Guest networks (security groups: securitygroups.py; affinity groups: affinitygroups.py)."""
import ipaddress

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from . import limits, vpcs
from .common import filter_common, new_id, now, owner_fields, resolve_owner, visible, with_tags
from .internallbvms import remove_appliances
from .publicips import allocate_address, release_ip
from .routers import make_router, remove_routers

ACTIVE_VM = ("Starting", "Running", "Stopping", "Stopped", "Migrating", "Error")


# Networks --------------------------------------------------------------------------------------

def make_network(store, zone, offering, name, displaytext, account, project=None, gateway=None, netmask=None,
                 acltype="Account", vlan=None, state=None, physicalnetwork=None, networkdomain=None,
                 startip=None, endip=None):
    subnet = ipaddress.IPv4Network("%s/%s" % (gateway, netmask), strict=False) if gateway and netmask else None
    network = {"id": new_id(), "name": name, "displaytext": displaytext or name, "zoneid": zone["id"],
               "zonename": zone["name"], "networkofferingid": offering["id"],
               "networkofferingname": offering["name"], "networkofferingdisplaytext": offering["displaytext"],
               "networkofferingavailability": offering["availability"],
               "networkofferingconservemode": offering["conservemode"], "traffictype": "Guest",
               "type": offering["guestiptype"], "state": state or ("Setup" if offering["guestiptype"] == "Shared"
                                                                   else "Allocated"),
               "gateway": gateway, "netmask": netmask, "cidr": str(subnet) if subnet else None,
               "broadcastdomaintype": "Vlan" if zone["networktype"] == "Advanced" else "Native",
               "broadcasturi": "vlan://%s" % vlan if vlan else None, "vlan": vlan, "dns1": zone["dns1"],
               "dns2": zone.get("dns2"), "acltype": acltype, "issystem": False, "isdefault": False,
               "ispersistent": offering["ispersistent"], "specifyipranges": offering["specifyipranges"],
               "specifyvlan": offering["specifyvlan"], "canusefordeploy": True, "restartrequired": False,
               "displaynetwork": True, "redundantrouter": False, "strechedl2subnet": False,
               "supportsvmautoscaling": offering["guestiptype"] == "Isolated",
               "egressdefaultpolicy": offering["egressdefaultpolicy"], "internetprotocol": "IPv4",
               "networkdomain": networkdomain or "cs%ssandbox.simulator" % new_id()[:4],
               "physicalnetworkid": physicalnetwork["id"] if physicalnetwork else None,
               "service": offering["service"], "created": now(), "hasannotations": False,
               "receivedbytes": 0, "sentbytes": 0, "related": None, "_next": 0,
               "_range": [startip, endip] if startip else None}
    network["related"] = network["id"]
    network.update(owner_fields(store, account, project))
    if acltype == "Domain":
        network.pop("account", None)
        network["subdomainaccess"] = True
    return store.put("network", network)


def supports(network, service):
    return any(s["name"] == service for s in network["service"])


def guest_ips_in_use(store, network):
    """The guest addresses taken in a network: its NICs', their secondary addresses and its internal load
    balancers'."""
    used = {n["ipaddress"] for n in store.all("nic") if n["networkid"] == network["id"]}
    used.update(ip["ipaddress"] for ip in store.find("nicsecondaryip", networkid=network["id"]))
    used.update(lb["sourceipaddress"] for lb in store.find("loadbalancerrule", sourceipaddressnetworkid=network["id"]))
    return used


def describe_network(network):
    return 'Network {"id": "%s", "name": "%s"}' % (network["id"], network["name"])


def guest_ip_refused(store, network, address):
    """Why a requested guest address cannot be had in the network (IpAddressManagerImpl.acquireGuestIpAddress, which
    only logs it and acquires nothing), or None."""
    subnet = ipaddress.IPv4Network(network["cidr"])
    if address == network["gateway"]:
        return "Requested ip address %s is used as a gateway address in network %s" % (address, network["name"])
    if ipaddress.IPv4Address(address) not in subnet:
        return "Requested ip address %s doesn't belong to the network %s cidr" % (address, network["name"])
    if ipaddress.IPv4Address(address) in (subnet.network_address, subnet.broadcast_address):
        return "Requested ip address %s is equal to the network/broadcast ip of the network %s" % (
            address, network["name"])
    if address in guest_ips_in_use(store, network):
        return "Requested ip address %s is already in use in network %s" % (address, network["name"])
    return None


def remove_nic(store, nic):
    """A NIC goes with its secondary addresses."""
    for address in store.find("nicsecondaryip", nicid=nic["id"]):
        store.delete("nicsecondaryip", address["id"])
    store.delete("nic", nic["id"])


def allocate_ip(store, network):
    """The next free guest address of a network (CloudStack hands them out in order)."""
    if not network.get("cidr"):
        return None
    used = guest_ips_in_use(store, network)
    used.add(network["gateway"])
    subnet = ipaddress.IPv4Network(network["cidr"])
    if network.get("_range"):
        first, last = (int(ipaddress.IPv4Address(a)) for a in network["_range"])
    else:
        first, last = int(subnet.network_address) + 1, int(subnet.broadcast_address) - 1
    size = last - first + 1
    for step in range(size):
        candidate = str(ipaddress.IPv4Address(first + (network["_next"] + step) % size))
        if candidate not in used:
            network["_next"] = (network["_next"] + step + 1) % size
            return candidate
    raise exceptions.ApiError(exceptions.INSUFFICIENT_CAPACITY_ERROR,
                              "Insufficient address capacity: unable to allocate an IP address in network %s"
                              % network["name"], exceptions.CS_INSUFFICIENT_ADDRESS_CAPACITY)


def implement(store, network):
    """Isolated networks get a VLAN and a source NAT address the first time they are used."""
    if network["state"] != "Allocated":
        return
    if network["type"] == "Isolated":
        used = {n.get("vlan") for n in store.find("network", zoneid=network["zoneid"])}
        pnet = store.get("physicalnetwork", network.get("physicalnetworkid") or "") or store.first(
            "physicalnetwork", zoneid=network["zoneid"])
        if pnet and pnet.get("vlan"):
            low, high = (int(x) for x in pnet["vlan"].split("-"))
            vlan = next((str(v) for v in range(low, high + 1) if str(v) not in used), None)
            if vlan is None:
                raise exceptions.ApiError(exceptions.INSUFFICIENT_CAPACITY_ERROR, "Unable to allocate a guest VLAN "
                                          "in zone %s: all VLANs are in use" % network["zonename"], 4331)
            network.update(vlan=vlan, broadcasturi="vlan://%s" % vlan)
        if supports(network, "SourceNat") and not network.get("vpcid"):  # a VPC tier uses the VPC's
            allocate_address(store, store.get("zone", network["zoneid"]), store.get("account", network["_accountid"]),
                             network, sourcenat=True)
        if not network.get("vpcid"):
            make_router(store, network)
    network["state"] = "Implemented"
    store.put("network", network)


def view_network(store, network):
    return with_tags(store, network)


def reachable(ctx, network):
    """A Domain network serves its domain and its subdomains; admins also see those below them."""
    path = ctx.store.get("domain", network["domainid"])["_path"]
    caller = ctx.store.get("domain", ctx.account["domainid"])["_path"]
    return caller.startswith(path) or (ctx.account["accounttype"] != 0 and path.startswith(caller))


@command("listNetworks")
def list_networks(ctx, params):
    store = ctx.store
    networks = store.all("network")
    account_networks = visible(ctx, [n for n in networks if n["acltype"] != "Domain"], params)
    if params.get("projectid") or params.get("account"):
        networks = account_networks
    else:
        networks = account_networks + [n for n in networks if n["acltype"] == "Domain" and reachable(ctx, n)]
    if params.get("vpcid"):
        networks = [n for n in networks if n.get("vpcid") == params["vpcid"]]
    if "forvpc" in params:
        networks = [n for n in networks if bool(n.get("vpcid")) == params["forvpc"]]
    for field in ("networkofferingid", "physicalnetworkid", "vlan", "acltype"):
        if params.get(field):
            networks = [n for n in networks if (n.get(field) or "").lower() == params[field].lower()]
    if params.get("type"):
        networks = [n for n in networks if n["type"].lower() == params["type"].lower()]
    if params.get("traffictype"):
        networks = [n for n in networks if n["traffictype"].lower() == params["traffictype"].lower()]
    for field in ("issystem", "canusefordeploy", "restartrequired", "specifyipranges", "displaynetwork"):
        if field in params:
            networks = [n for n in networks if n[field] == params[field]]
    if params.get("supportedservices"):
        wanted = {s.lower() for s in params["supportedservices"]}
        networks = [n for n in networks if wanted <= {s["name"].lower() for s in n["service"]}]
    networks = filter_common(ctx, networks, params, keyword_fields=("name", "displaytext"))
    return Listing(networks, lambda n: view_network(store, n))


def subnet_of(params, zone):
    """(gateway, netmask) of a new guest network: the given pair, or the zone's guest CIDR."""
    if params.get("gateway") and params.get("netmask"):
        try:
            ipaddress.IPv4Network("%s/%s" % (params["gateway"], params["netmask"]), strict=False)
        except ValueError:
            raise exceptions.invalid("Invalid gateway %s or netmask %s" % (params["gateway"], params["netmask"])) \
                from None
        return params["gateway"], params["netmask"]
    if params.get("gateway") or params.get("netmask"):
        raise exceptions.invalid("gateway/netmask should be passed in pair")
    cidr = ipaddress.IPv4Network(zone.get("guestcidraddress") or "10.1.1.0/24", strict=False)
    return str(cidr.network_address + 1), str(cidr.netmask)


@command("createNetwork")
def create_network(ctx, params):
    store = ctx.store
    zone = ctx.lookup("zone", "zoneid")
    offering = ctx.lookup("networkoffering", "networkofferingid")
    if offering["state"] != "Enabled":
        raise exceptions.invalid("Network offering with specified id is not in Enabled state, can't create the "
                                 "network")
    if offering["traffictype"] != "Guest":
        raise exceptions.invalid("Can't use network offering id=%s as its traffic type is not Guest" % offering["id"])
    if zone["allocationstate"] != "Enabled" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot perform this operation, Zone is currently disabled: %s"
                                           % zone["id"])
    guestiptype = offering["guestiptype"]
    acltype = params.get("acltype") or ("Domain" if guestiptype == "Shared" else "Account")
    if acltype.lower() not in ("account", "domain"):
        raise exceptions.invalid("Invalid acltype %s: it should be Account or Domain" % params["acltype"])
    acltype = acltype.capitalize()
    basic = zone["networktype"] == "Basic"
    if basic:
        check_basic_zone_network(ctx, zone, offering, acltype, params)
    if guestiptype == "Shared" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Only ROOT admin is allowed to create a Shared network")
    vlan = params.get("vlan")
    if offering["specifyvlan"] and not vlan and not basic:  # a Basic zone's network is untagged
        raise exceptions.invalid("Network offering %s requires vlan to be specified" % offering["name"])
    if vlan and not offering["specifyvlan"]:
        raise exceptions.invalid("Can't specify vlan; corresponding offering says specifyVlan=false")
    if vlan and any(n.get("vlan") == vlan for n in store.find("network", zoneid=zone["id"])):
        raise exceptions.invalid("Network with vlan %s already exists or overlaps with other network vlans in zone %s"
                                 % (vlan, zone["id"]))
    if guestiptype == "L2" or (basic and not params.get("gateway")):  # a Basic zone's network: its pods' ranges
        gateway = netmask = None
    else:
        if guestiptype == "Shared" and not (params.get("gateway") and params.get("netmask")):
            raise exceptions.invalid("Gateway and netmask are required for a Shared network")
        gateway, netmask = subnet_of(params, zone)
    if params.get("networkdomain") and not any(s["name"] == "Dns" for s in offering["service"]):
        raise exceptions.invalid("Domain name change is not supported by network offering id=%s in zone id=%s"
                                 % (offering["id"], zone["id"]))
    account, project = resolve_owner(ctx, params)
    limits.charge(store, account, "network", int(guestiptype != "Shared"))
    vpc = ctx.lookup("vpc", "vpcid")
    check_vpc_tier(ctx, vpc, offering, zone, account, params)
    pnet = ctx.lookup("physicalnetwork", "physicalnetworkid") or store.first("physicalnetwork", zoneid=zone["id"])
    startip = params.get("startip") if guestiptype == "Shared" else None
    network = make_network(store, zone, offering, params["name"], params.get("displaytext"), account, project,
                           gateway, netmask, acltype, vlan, physicalnetwork=pnet,
                           networkdomain=params.get("networkdomain"), startip=startip,
                           endip=params.get("endip") or startip)
    network["isdefault"] = basic
    if params.get("displaynetwork") is not None:
        network["displaynetwork"] = params["displaynetwork"]
    if vpc:
        network.update(vpcs.tier_fields(ctx, vpc, network))
    if params.get("ip6cidr"):
        network.update(ip6cidr=params["ip6cidr"], ip6gateway=params.get("ip6gateway"), internetprotocol="DualStack")
    store.put("network", network)
    return {"network": view_network(store, network)}


def check_basic_zone_network(ctx, zone, offering, acltype, params):
    """NetworkOrchestrator.createGuestNetwork in a Basic zone: one shared network without source NAT, for the ROOT
    domain and its subdomains."""
    if acltype != "Domain":
        raise exceptions.invalid("Only AclType=Domain can be specified for network creation in Basic zone")
    if any(n["traffictype"] == "Guest" for n in ctx.store.find("network", zoneid=zone["id"])):
        raise exceptions.invalid("Can't have more than one Guest network in zone with network type Basic")
    if offering["guestiptype"] != "Shared" or any(s["name"] == "SourceNat" for s in offering["service"]):
        raise exceptions.invalid("For zone of type Basic only offerings of guestType Shared with disabled SourceNat "
                                 "service are allowed")
    domain = ctx.store.get("domain", params.get("domainid") or ctx.account["domainid"])
    if domain["path"] != "ROOT":
        raise exceptions.invalid("Guest network in Basic zone should be dedicated to ROOT domain")
    if params.get("subdomainaccess") is False:
        raise exceptions.invalid("Subdomain access should be set to true for the guest network in the Basic zone")


def check_vpc_tier(ctx, vpc, offering, zone, account, params):
    if vpc is None:
        if offering["forvpc"]:
            raise exceptions.invalid("Network offering %s can be used for VPC networks only" % offering["name"])
        return
    ctx.check_owner(vpc)
    if not offering["forvpc"]:
        raise exceptions.invalid("Network offering %s can't be used for VPC networks" % offering["name"])
    if vpc["zoneid"] != zone["id"] or vpc["_accountid"] != account["id"]:
        raise exceptions.invalid("The network's zone and owner must be those of VPC %s" % vpc["name"])
    if not (params.get("gateway") and params.get("netmask")):
        raise exceptions.invalid("Gateway/netmask are required when creating a network for VPC")


def vms_in_network(store, network):
    ids = {n["virtualmachineid"] for n in store.all("nic") if n["networkid"] == network["id"]}
    return [store.get("virtualmachine", i) for i in ids if store.get("virtualmachine", i)]


@command("deleteNetwork")
def delete_network(ctx, params):
    network = ctx.lookup("network", "id")
    ctx.check_owner(network)
    for vm in vms_in_network(ctx.store, network):
        if vm["state"] != "Expunging" and not params.get("forced"):
            raise exceptions.in_use("Can't delete the network, not all user vms are expunged. Vm %s is in %s state"
                                    % (vm["name"], vm["state"]))
    return Job("network.delete", {"id": network["id"]}, "Network", network["id"])


@finisher("network.delete")
def finish_delete_network(store, args):
    network = store.get("network", args["id"])
    if network:
        for address in store.find("publicipaddress", associatednetworkid=network["id"]):
            release_ip(store, address)
        for tag in list(store.tags_of(network["id"])):
            store.delete("tag", tag["id"])
        remove_routers(store, network)
        remove_appliances(store, network)
        store.delete("network", network["id"])
    return {"success": True}


@command("restartNetwork")
def restart_network(ctx, params):
    network = ctx.lookup("network", "id")
    ctx.check_owner(network)
    if network["state"] not in ("Implemented", "Setup"):
        raise exceptions.invalid("Network is not in the right state to be restarted. Correct states are: "
                                 "Implemented, Setup")
    return Job("network.restart", {"id": network["id"], "cleanup": bool(params.get("cleanup"))}, "Network",
               network["id"])


@finisher("network.restart")
def finish_restart_network(store, args):
    """A restart with cleanup destroys the network's virtual router and starts a new one."""
    network = store.get("network", args["id"])
    old = store.find("router", _networkid=network["id"])
    if args["cleanup"] and old:
        make_router(store, network)  # first: the new router's number follows the old one's
        for router in old:
            store.delete("router", router["id"])
    network["restartrequired"] = False
    store.put("network", network)
    return {"success": True}


@command("updateNetwork")
def update_network(ctx, params):
    network = ctx.lookup("network", "id")
    ctx.check_owner(network)
    changes = {k: params[k] for k in ("name", "displaytext", "networkdomain", "dns1", "dns2", "displaynetwork")
               if params.get(k) is not None}
    if params.get("networkdomain") and not supports(network, "Dns"):  # only the Dns service's providers allow it
        raise exceptions.invalid("Domain name change is not supported by the network offering id=%s"
                                 % network["networkofferingid"])
    offering = ctx.lookup("networkoffering", "networkofferingid")
    if offering:
        if offering["guestiptype"] != network["type"]:
            raise exceptions.invalid("Can't upgrade from network offering %s to %s: the guest IP types differ"
                                     % (network["networkofferingname"], offering["name"]))
        changes["_offeringid"] = offering["id"]
    return Job("network.update", {"id": network["id"], "changes": changes}, "Network", network["id"])


@finisher("network.update")
def finish_update_network(store, args):
    network = store.get("network", args["id"])
    changes = dict(args["changes"])
    offeringid = changes.pop("_offeringid", None)
    network.update(changes)
    if offeringid:
        offering = store.get("networkoffering", offeringid)
        network.update(networkofferingid=offering["id"], networkofferingname=offering["name"],
                       networkofferingdisplaytext=offering["displaytext"], service=offering["service"])
    store.put("network", network)
    return {"network": view_network(store, network)}


# Public IP association: an address associated with an isolated network implements the network --------

@command("associateIpAddress")
def associate_ip_address(ctx, params):
    store = ctx.store
    network = ctx.lookup("network", "networkid")
    vpc = ctx.lookup("vpc", "vpcid")
    if network and vpc:
        raise exceptions.invalid("networkid and vpcid can't be specified together")
    owner = network or vpc
    zone = store.get("zone", owner["zoneid"]) if owner else ctx.lookup("zone", "zoneid")
    if zone is None:
        raise exceptions.invalid("Unable to figure out zone to assign IP to. Please specify either zoneid, or "
                                 "networkid, or vpcid in the call")
    if zone["networktype"] == "Basic" or (network and network["type"] != "Isolated" and zone["securitygroupsenabled"]):
        raise exceptions.invalid("Can't associate ip address to a network of type %s in zone %s"
                                 % (network["type"] if network else zone["networktype"], zone["name"]))
    if owner:
        ctx.check_owner(owner)
        account = store.get("account", owner["_accountid"])
    else:
        account = resolve_owner(ctx, params)[0]
    limits.charge(store, account, "public_ip")
    record = allocate_address(store, zone, account, network, address=params.get("ipaddress"), state="Allocating")
    if vpc:
        record.update(vpcid=vpc["id"], vpcname=vpc["name"])
    if params.get("fordisplay") is not None:
        record["fordisplay"] = params["fordisplay"]
    store.put("publicipaddress", record)
    return Job("publicip.associate", {"id": record["id"], "networkid": network["id"] if network else None},
               "IpAddress", record["id"])


def rollback_associate(store, args):
    record = store.get("publicipaddress", args["id"])
    if record:
        release_ip(store, record)


@finisher("publicip.associate", rollback=rollback_associate)
def finish_associate(store, args):
    record = store.get("publicipaddress", args["id"])
    if args.get("networkid"):
        implement(store, store.get("network", args["networkid"]))
    record["state"] = "Allocated"
    store.put("publicipaddress", record)
    return {"ipaddress": with_tags(store, record)}
