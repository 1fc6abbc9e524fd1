"""Guest networks, security groups and affinity groups."""
import ipaddress

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from . import limits, vpcs
from .common import filter_common, new_id, now, owner_fields, public, resolve_owner, visible, with_tags
from .publicips import allocate_address, release_ip
from .resource import Resource

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


def allocate_ip(store, network):
    """The next free guest address of a network (CloudStack hands them out in order)."""
    if not network.get("cidr"):
        return None
    used = {n["ipaddress"] for n in store.all("nic") if n["networkid"] == network["id"]}
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
    if zone["networktype"] == "Basic":
        raise exceptions.invalid("Network creation is not allowed in zone with network type Basic")
    if zone["allocationstate"] != "Enabled" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Cannot perform this operation, Zone is currently disabled: %s"
                                           % zone["id"])
    guestiptype = offering["guestiptype"]
    acltype = params.get("acltype") or ("Domain" if guestiptype == "Shared" else "Account")
    if acltype.lower() not in ("account", "domain"):
        raise exceptions.invalid("Invalid acltype %s: it should be Account or Domain" % params["acltype"])
    acltype = acltype.capitalize()
    if guestiptype == "Shared" and not ctx.is_root_admin:
        raise exceptions.permission_denied("Only ROOT admin is allowed to create a Shared network")
    vlan = params.get("vlan")
    if offering["specifyvlan"] and not vlan:
        raise exceptions.invalid("Network offering %s requires vlan to be specified" % offering["name"])
    if vlan and not offering["specifyvlan"]:
        raise exceptions.invalid("Can't specify vlan; corresponding offering says specifyVlan=false")
    if vlan and any(n.get("vlan") == vlan for n in store.find("network", zoneid=zone["id"])):
        raise exceptions.invalid("Network with vlan %s already exists or overlaps with other network vlans in zone %s"
                                 % (vlan, zone["id"]))
    if guestiptype == "L2":
        gateway = netmask = None
    else:
        if guestiptype == "Shared" and not (params.get("gateway") and params.get("netmask")):
            raise exceptions.invalid("Gateway and netmask are required for a Shared network")
        gateway, netmask = subnet_of(params, zone)
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
    if params.get("displaynetwork") is not None:
        network["displaynetwork"] = params["displaynetwork"]
    if vpc:
        network.update(vpcs.tier_fields(ctx, vpc, network))
    store.put("network", network)
    return {"network": view_network(store, network)}


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
        store.delete("network", network["id"])
    return {"success": True}


@command("updateNetwork")
def update_network(ctx, params):
    network = ctx.lookup("network", "id")
    ctx.check_owner(network)
    changes = {k: params[k] for k in ("name", "displaytext", "networkdomain", "dns1", "dns2", "displaynetwork")
               if params.get(k) is not None}
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


# Security groups -------------------------------------------------------------------------------

def member_ids(store, field, group):
    """The instances that are members of a security or affinity group (their `field` lists it)."""
    return [vm["id"] for vm in store.all("virtualmachine") if group["id"] in vm.get(field, ())]


def members_of(field):
    """The `virtualmachineid` list filter: the groups the instance is a member of."""
    def narrow(ctx, groups, params):
        if not params.get("virtualmachineid"):
            return groups
        vm = ctx.lookup("virtualmachine", "virtualmachineid")
        return [g for g in groups if g["id"] in vm.get(field, ())]
    return narrow


def rules_of(store, group, direction):
    return [public(r) for r in store.find("securityrule", _groupid=group["id"], _direction=direction)]


def security_group_fields(store, group):
    ids = member_ids(store, "_securitygroups", group)
    return {"ingressrule": rules_of(store, group, "ingressrule"), "egressrule": rules_of(store, group, "egressrule"),
            "virtualmachinecount": len(ids), "virtualmachineids": ids}


def by_group_name(ctx, groups, params):
    narrowed = members_of("_securitygroups")(ctx, groups, params)
    if params.get("securitygroupname"):
        narrowed = [g for g in narrowed if g["name"].lower() == params["securitygroupname"].lower()]
    return narrowed


SECURITY_GROUPS = Resource("securitygroup", "securitygroup", "listSecurityGroups", tagged=True,
                           keyword_fields=("name", "description"), computed=security_group_fields,
                           narrow=by_group_name)


def make_security_group(store, name, description, account, project=None):
    return SECURITY_GROUPS.insert(store, {"name": name, "description": description}, account, project)


@SECURITY_GROUPS.create_command("createSecurityGroup",
                                duplicate="Unable to create security group, a group with name {name} already exists.")
def security_group_of(ctx, params, account, project):
    return {"name": params["name"], "description": params.get("description")}


def refuse_security_group_delete(store, group):
    if group["name"] == "default":
        raise exceptions.invalid("The network default group cannot be deleted")
    if member_ids(store, "_securitygroups", group):
        raise exceptions.in_use("Cannot delete group when it's in use by virtual machines")


@SECURITY_GROUPS.delete_command(
    "deleteSecurityGroup", refuse=refuse_security_group_delete,
    by_name=("Unable to find network group by name {name} for account {account}",
             "Either id or name parameter is required by deleteSecurityGroup command"))
def remove_security_rules(store, group):
    for rule in store.find("securityrule", _groupid=group["id"]):
        store.delete("securityrule", rule["id"])


def rule_group(ctx, params):
    if params.get("securitygroupid"):
        if params.get("securitygroupname"):
            raise exceptions.invalid("securitygroupid parameter is mutually exclusive with securitygroupname "
                                     "parameter")
        group = ctx.lookup("securitygroup", "securitygroupid")
    elif params.get("securitygroupname"):
        account = resolve_owner(ctx, params)[0]
        group = ctx.store.first("securitygroup", _accountid=account["id"], name=params["securitygroupname"])
        if group is None:
            raise exceptions.invalid("Unable to find security group %s" % params["securitygroupname"])
    else:
        raise exceptions.invalid("Either securitygroupid or securitygroupname is required")
    ctx.check_owner(group)
    return group


def make_rules(ctx, params, group):
    protocol = (params.get("protocol") or "tcp").lower()
    if protocol not in ("tcp", "udp", "icmp", "all") and not protocol.isdigit():
        raise exceptions.invalid("Invalid protocol %s" % params["protocol"])
    rule = {"protocol": protocol, "tags": []}
    if protocol in ("tcp", "udp"):
        start, end = params.get("startport"), params.get("endport")
        if start is None or end is None:
            raise exceptions.invalid("Invalid port range %s-%s" % (start, end))
        if not (0 <= start <= 65535 and 0 <= end <= 65535) or start > end:
            raise exceptions.invalid("Invalid port range %s-%s" % (start, end))
        rule.update(startport=start, endport=end)
    elif protocol == "icmp":
        rule.update(icmptype=params.get("icmptype", -1), icmpcode=params.get("icmpcode", -1))
    sources = [{"cidr": c} for c in params.get("cidrlist") or []]
    for entry in params.get("usersecuritygrouplist") or []:
        sources.append({"account": entry.get("account"), "securitygroupname": entry.get("group")})
    if not sources:
        sources = [{"cidr": "0.0.0.0/0"}]
    rules = []
    for source in sources:
        ruleid = new_id()
        rules.append(dict(rule, id=ruleid, ruleid=ruleid, **source))
    return rules


def rule_key(rule):
    """What makes two rules the same rule."""
    return tuple(rule.get(k) for k in ("protocol", "startport", "endport", "icmptype", "icmpcode", "cidr", "account",
                                       "securitygroupname"))


@command("authorizeSecurityGroupIngress", "authorizeSecurityGroupEgress")
def authorize_rule(ctx, params):
    group = rule_group(ctx, params)
    direction = "ingressrule" if ctx.command.endswith("Ingress") else "egressrule"
    rules = make_rules(ctx, params, group)
    existing = {rule_key(r) for r in rules_of(ctx.store, group, direction)}
    rules = [r for r in rules if rule_key(r) not in existing]
    if not rules:
        raise exceptions.network_rule_conflict("Failed to authorize security group %s rules: the rules already exist"
                                               % direction[:-4])
    return Job("network.sg_rules", {"id": group["id"], "direction": direction, "add": rules}, "SecurityGroup",
               group["id"])


@finisher("network.sg_rules")
def finish_sg_rules(store, args):
    group = store.get("securitygroup", args["id"])
    store.put("securitygroup", group)  # the group's views (also inside VM views) change with its rules
    if args.get("remove"):
        store.delete("securityrule", args["remove"])
        return {"success": True}
    for rule in args["add"]:
        store.put("securityrule", dict(rule, _groupid=group["id"], _direction=args["direction"],
                                       securitygroupname=rule.get("securitygroupname") or group["name"]))
    rules = [public(store.get("securityrule", r["id"])) for r in args["add"]]
    return {"securitygroup": dict(public(group), **{args["direction"]: rules})}


@command("revokeSecurityGroupIngress", "revokeSecurityGroupEgress")
def revoke_rule(ctx, params):
    direction = "ingressrule" if ctx.command.endswith("Ingress") else "egressrule"
    rule = ctx.lookup("securityrule", "id")
    if rule["_direction"] != direction:
        raise exceptions.invalid_uuid(ctx.command, "id", params["id"])
    group = ctx.store.get("securitygroup", rule["_groupid"])
    ctx.check_owner(group)
    return Job("network.sg_rules", {"id": group["id"], "direction": direction, "remove": rule["id"]},
               "SecurityGroup", group["id"])


# Affinity groups -------------------------------------------------------------------------------

AFFINITY_TYPES = ("host anti-affinity", "host affinity", "non-strict host anti-affinity",
                  "non-strict host affinity", "ExplicitDedication")


def check_affinity_type(params):
    kind = params.get("type") or "host anti-affinity"
    if kind not in AFFINITY_TYPES:
        raise exceptions.invalid("Unable to create affinity group, invalid affinity group type %s" % kind)
    return kind


AFFINITY_GROUPS = Resource("affinitygroup", "affinitygroup", "listAffinityGroups", filters=("type",),
                           keyword_fields=("name", "description"), jobtype="AffinityGroup",
                           computed=lambda store, group: {"virtualmachineIds": member_ids(store, "_affinitygroups",
                                                                                          group)},
                           narrow=members_of("_affinitygroups"))


@command("listAffinityGroupTypes")
def list_affinity_group_types(ctx, params):
    return Listing([{"type": t} for t in AFFINITY_TYPES])


@AFFINITY_GROUPS.create_command("createAffinityGroup",
                                duplicate="Unable to create affinity group, a group with name {name} already exists.")
def affinity_group_of(ctx, params, account, project):
    return {"name": params["name"], "description": params.get("description"), "type": check_affinity_type(params),
            "dedicatedresources": []}


def refuse_affinity_group_delete(store, group):
    if member_ids(store, "_affinitygroups", group):
        raise exceptions.in_use("Cannot delete affinity group %s: it is in use by virtual machines" % group["name"])


AFFINITY_GROUPS.delete_command("deleteAffinityGroup", refuse=refuse_affinity_group_delete,
                               by_name=("Unable to find affinity group by name {name} for account {account}",
                                        "Either the affinity group id or name must be specified"))


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
