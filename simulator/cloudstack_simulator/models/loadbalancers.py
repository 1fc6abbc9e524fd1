"""Public load balancer rules on public IP addresses and the instances they balance (LoadBalancingRulesManagerImpl).

A rule balances one public port (CloudStack refuses port ranges) of an address to one private port of its members,
which are instances with a NIC in the rule's network (one mapping per instance and guest IP). Conflicts with the port
forwarding rules and the other load balancer rules of the address are FirewallManagerImpl's (firewall.py). A rule
is `Add` until its job applies it, then `Active`; members being removed are revoked until theirs completes."""
import re

from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .firewall import detect_port_conflict, open_ports, remove_related
from .internallbvms import applied
from .lbpolicies import remove_rule_policies
from .netutils import is_valid_ip4, is_valid_ip4_cidr, is_valid_ip6, is_valid_ip6_cidr
from .resource import Resource

ALGORITHMS = ("roundrobin", "leastconn", "source")  # NetUtils.isValidAlgorithm
LB_PROTOCOLS = ("tcp", "udp", "tcp-proxy", "ssl")  # what the virtual router's HAProxy configuration takes
DNS_PORT = 53


def with_vm_filter(ctx, records, params):
    """listLoadBalancerRules lists the public rules (internal ones are listLoadBalancers'); virtualmachineid: the rules
    the instance is a member of."""
    records = [r for r in records if r.get("scheme") is None]
    if not params.get("virtualmachineid"):
        return records
    rules = {m["loadbalancerid"] for m in ctx.store.find("lbvmmap", virtualmachineid=params["virtualmachineid"])}
    return [r for r in records if r["id"] in rules]


RULES = Resource("loadbalancerrule", "loadbalancer", "listLoadBalancerRules",
                 filters=("publicipid", "networkid", "fordisplay"), keyword_fields=("name",), tagged=True,
                 jobtype="FirewallRule", narrow=with_vm_filter)


def remove_members(store, rule):
    for member in store.find("lbvmmap", loadbalancerid=rule["id"]):
        store.delete("lbvmmap", member["id"])


def let_go(store, rule):
    """What goes with a rule: its members, its policies, its certificate's binding, the firewall rule it opened."""
    remove_members(store, rule)
    remove_rule_policies(store, rule)
    for binding in store.find("lbcertmap", loadbalancerid=rule["id"]):
        store.delete("lbcertmap", binding["id"])
    remove_related(store, rule["id"])


RULES.before_delete = let_go


UUID_FORMAT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def checked_custom_id(ctx, custom_id):
    """UUIDManagerImpl.checkUuid: root admins only, a lower-case UUID no other object has (CloudStack looks among
    the rules; the simulator's ids are unique across its tables)."""
    if custom_id is None:
        return None
    if not ctx.is_root_admin:
        raise exceptions.permission_denied("Please check your permissions, you are not allowed to create/update "
                                           "custom id")
    if not UUID_FORMAT.match(custom_id):
        raise exceptions.invalid("UUID: %s doesn't follow the UUID format" % custom_id)
    if ctx.store.exists(custom_id):
        raise exceptions.invalid("UUID: %s already exists so can't create/update with custom id" % custom_id)
    return custom_id


def renamed(store, rule, custom_id):
    """A rule whose uuid becomes the custom id (rule.setUuid): what refers to it follows."""
    old = rule["id"]
    store.delete("loadbalancerrule", old)
    rule = store.put("loadbalancerrule", dict(rule, id=custom_id))
    for member in store.find("lbvmmap", loadbalancerid=old):
        store.delete("lbvmmap", member["id"])
        store.put("lbvmmap", dict(member, id="%s/%s/%s" % (custom_id, member["virtualmachineid"], member["vmip"]),
                                  loadbalancerid=custom_id))
    for kind, field in (("lbcertmap", "loadbalancerid"), ("firewallrule", "_relatedruleid"),
                        ("lbstickinesspolicy", "loadbalancerid"), ("lbhealthcheckpolicy", "loadbalancerid")):
        for record in store.find(kind, **{field: old}):
            record[field] = custom_id
            store.put(kind, record)
    for tag in list(store.tags_of(old)):
        store.delete("tag", tag["id"])
        store.put("tag", dict(tag, resourceid=custom_id))
    return rule


def remove_address_rules(store, address):
    """A released address takes its load balancer rules with it."""
    for rule in store.find("loadbalancerrule", publicipid=address["id"]):
        RULES.remove(store, rule)


def remove_vm_members(store, vm):
    """An expunged instance leaves every load balancer it was a member of."""
    for member in store.find("lbvmmap", virtualmachineid=vm["id"]):
        store.delete("lbvmmap", member["id"])


def checked_algorithm(algorithm):
    if algorithm is None or algorithm.lower() not in ALGORITHMS:
        raise exceptions.invalid("Invalid algorithm: %s" % algorithm)
    return algorithm


def checked_cidrs(cidrs):
    """LoadBalancingRulesManagerImpl.generateCidrString: every entry a CIDR or an address (431)."""
    for cidr in cidrs or []:
        cidr = cidr.strip()
        if not any(check(cidr) for check in (is_valid_ip4_cidr, is_valid_ip6_cidr, is_valid_ip4, is_valid_ip6)):
            raise exceptions.invalid("CIDR [%s] is invalid." % cidr)
    return ",".join(c.strip() for c in cidrs or [])


def checked_protocol(protocol):
    if protocol is not None and protocol.lower() not in LB_PROTOCOLS:
        raise exceptions.invalid("LB service provider cannot support this rule")
    return protocol


def rule_network(ctx, params, address):
    """CreateLoadBalancerRuleCmd.getNetworkId, then the address's association (a VPC address is associated with
    the tier the rule is for)."""
    store = ctx.store
    network = ctx.lookup("network", "networkid")
    if network is None and params.get("zoneid") and not address.get("associatednetworkid"):
        raise exceptions.invalid("Unable to create load balance rule; can't find/allocate source IP")
    if network is None:
        if not address.get("associatednetworkid"):
            raise exceptions.invalid("IP address ID=%s is not associated with any network" % address["id"])
        network = store.get("network", address["associatednetworkid"])
    if not address.get("associatednetworkid"):
        if not (network.get("vpcid") and network["vpcid"] == address.get("vpcid")):
            raise exceptions.invalid("Ip address %s is not assigned to the network %s"
                                     % (address["ipaddress"], network["name"]))
        address.update(associatednetworkid=network["id"], associatednetworkname=network["name"])
        store.put("publicipaddress", address)
    return store.get("network", address["associatednetworkid"])


@command("createLoadBalancerRule")
def create_load_balancer_rule(ctx, params):
    from .network import supports  # the network model imports the address model, which imports this one
    store = ctx.store
    address = ctx.lookup("publicipaddress", "publicipid")
    if address is None:
        raise exceptions.invalid("Unable to create load balance rule; can't find/allocate source IP")
    if address["state"] != "Allocated":
        raise exceptions.invalid("Unable to create load balancer rule, invalid IP address ID %s" % address["id"])
    open_firewall = params.get("openfirewall")
    if address.get("vpcid") and open_firewall:
        raise exceptions.invalid("Can't have openFirewall=true when IP address belongs to VPC")
    network = rule_network(ctx, params, address)
    public, private = params["publicport"], params["privateport"]
    if public == DNS_PORT and address["issourcenat"] and supports(network, "Dns"):
        raise exceptions.invalid("Error adding load balancer rule, cannot add port 53 with network service offering "
                                 "having DNS service and Source NAT.")
    if address["isstaticnat"]:
        raise exceptions.network_rule_conflict("Can't do load balance on ip address: %s" % address["ipaddress"])
    cidrlist = checked_cidrs(params.get("cidrlist"))
    if not 1 <= private <= 65535:
        raise exceptions.invalid("privatePort is an invalid value: %s" % private)
    algorithm = checked_algorithm(params["algorithm"])
    ctx.check_owner(address)
    if not supports(network, "Lb"):
        raise exceptions.invalid("LB service is not supported in specified network id")
    if not 1 <= public <= 65535:
        raise exceptions.invalid("publicPort is an invalid value: %s" % public)
    protocol = checked_protocol(params.get("protocol"))
    detect_port_conflict(store, address, public, public, "tcp", "LoadBalancing")
    zone = store.get("zone", address["zoneid"])
    fields = {"name": params["name"], "description": params.get("description"), "publicipid": address["id"],
              "publicip": address["ipaddress"], "publicport": str(public), "privateport": str(private),
              "algorithm": algorithm, "networkid": network["id"], "protocol": protocol, "cidrlist": cidrlist,
              "zoneid": zone["id"], "zonename": zone["name"], "fordisplay": params.get("fordisplay", True),
              "state": "Add"}
    project = store.get("project", address["projectid"]) if address.get("projectid") else None
    rule = RULES.insert(store, fields, store.get("account", address["_accountid"]), project)
    if open_firewall or open_firewall is None and not address.get("vpcid"):  # CloudStack opens it unless told not to
        open_ports(store, address, "tcp", public, public, rule["id"])
    return Job("lb.apply", {"id": rule["id"], "create": True}, "FirewallRule", rule["id"])


def rollback_apply(store, args):
    if args.get("create"):  # a failed create leaves nothing, the firewall rule it opened included
        RULES.remove(store, store.get("loadbalancerrule", args["id"]))


@finisher("lb.apply", rollback=rollback_apply)
def finish_apply(store, args):
    rule = store.get("loadbalancerrule", args["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"loadbalancer": RULES.view(store, rule)}


@command("updateLoadBalancerRule")
def update_load_balancer_rule(ctx, params):
    """Name, description, algorithm, protocol, CIDRs and display, and a custom uuid; the ports and the address
    identify the rule."""
    rule = RULES.owned(ctx)
    custom_id = checked_custom_id(ctx, params.get("customid"))
    if params.get("algorithm") is not None:
        rule["algorithm"] = checked_algorithm(params["algorithm"])
    if params.get("protocol") is not None:
        rule["protocol"] = checked_protocol(params["protocol"])
    if params.get("cidrlist") is not None:
        rule["cidrlist"] = checked_cidrs(params["cidrlist"])
    for field in ("name", "description", "fordisplay"):
        if params.get(field) is not None:
            rule[field] = params[field]
    rule["state"] = "Add"
    ctx.store.put("loadbalancerrule", rule)
    if custom_id:
        rule = renamed(ctx.store, rule, custom_id)
    return Job("lb.apply", {"id": rule["id"]}, "FirewallRule", rule["id"])


@command("deleteLoadBalancerRule")
def delete_load_balancer_rule(ctx, params):
    rule = ctx.store.get("loadbalancerrule", params["id"])
    if rule is None:
        raise exceptions.invalid("Unable to find load balancer rule %s" % params["id"])
    ctx.check_owner(rule)
    rule["state"] = "Revoke"
    ctx.store.put("loadbalancerrule", rule)
    return Job("loadbalancerrule.delete", {"id": rule["id"]}, "FirewallRule", rule["id"])


# Members ---------------------------------------------------------------------------------------------------------

def wanted_members(ctx, params):
    """{instance id: [guest IPs] or None} from virtualmachineids and vmidipmap, as CloudStack merges them."""
    ids = params.get("virtualmachineids")
    mapped = {}
    for entry in params.get("vmidipmap") or []:
        vm_id, ip = entry.get("vmid"), entry.get("vmip")
        if ctx.store.get("virtualmachine", vm_id or "") is None:
            raise exceptions.invalid("Unable to find virtual machine ID: %s" % vm_id)
        mapped.setdefault(vm_id, []).append(ip)
    if ids is None and not mapped:
        raise exceptions.invalid("Both instanceids and vmidipmap  can't be null")
    for vm_id in ids or []:
        mapped.setdefault(vm_id, None)
    return mapped


def nic_in(store, vm, rule):
    return next((n for n in store.children("nic", vm["id"]) if n["networkid"] == rule["networkid"]), None)


@command("assignToLoadBalancerRule")
def assign_to_load_balancer_rule(ctx, params):
    store = ctx.store
    rule = store.get("loadbalancerrule", params["id"])
    if rule is None:
        raise exceptions.invalid("Failed to assign to load balancer %s, the load balancer was not found." % params["id"])
    ctx.check_owner(rule)
    existing = {}
    for member in store.find("lbvmmap", loadbalancerid=rule["id"]):
        existing.setdefault(member["virtualmachineid"], []).append(member["vmip"])
    wanted = wanted_members(ctx, params)
    added = []
    for vm_id, ips in wanted.items():
        vm = store.get("virtualmachine", vm_id)
        if vm is None or vm["state"] in ("Destroyed", "Expunging"):
            raise exceptions.invalid("Invalid instance id specified")
        ctx.check_owner(vm)
        if vm["_accountid"] != rule["_accountid"]:  # RulesManagerImpl.checkRuleAndUserVm
            raise exceptions.invalid("New rule %s and vm id=%s belong to different accounts" % (rule["id"], vm["id"]))
        nic = nic_in(store, vm, rule)
        if nic is None:
            raise exceptions.invalid("VM with id specified cannot be added because it doesn't belong in the same network.")
        secondary = {ip["ipaddress"] for ip in nic.get("secondaryip") or []}
        for ip in ips or []:
            if ip != nic["ipaddress"] and ip not in secondary:
                raise exceptions.invalid("VM ip %s specified does not belong to nic in network %s" % (ip, rule["networkid"]))
        vm_ips = list(ips or []) + ([nic["ipaddress"]] if not ips or vm_id in (params.get("virtualmachineids") or []) else [])
        for ip in vm_ips:
            if ip in existing.get(vm_id, []):
                raise exceptions.invalid("VM %s with %s is already mapped to load balancer." % (vm_id, ip))
        added.extend((vm_id, ip) for ip in sorted(set(vm_ips)))
    for vm_id, ip in added:
        store.put("lbvmmap", {"id": "%s/%s/%s" % (rule["id"], vm_id, ip), "loadbalancerid": rule["id"],
                              "virtualmachineid": vm_id, "vmip": ip, "revoke": False})
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lb.members", {"id": rule["id"], "added": [list(m) for m in added]}, "FirewallRule", rule["id"])


@command("removeFromLoadBalancerRule")
def remove_from_load_balancer_rule(ctx, params):
    store = ctx.store
    rule = store.get("loadbalancerrule", params["id"])
    if rule is None:
        raise exceptions.invalid("Invalid load balancer value: %s" % params["id"])
    ctx.check_owner(rule)
    revoked = []
    for vm_id, ips in wanted_members(ctx, params).items():
        members = [m for m in store.find("lbvmmap", loadbalancerid=rule["id"], virtualmachineid=vm_id)
                   if not ips or m["vmip"] in ips]
        if not members or ips and len(members) < len(set(ips)):
            raise exceptions.invalid("The instance id: %s is not configured for LB rule id %s" % (vm_id, rule["id"]))
        for member in members:
            member["revoke"] = True
            store.put("lbvmmap", member)
            revoked.append(member["id"])
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lb.members", {"id": rule["id"], "revoked": revoked}, "FirewallRule", rule["id"])


def rollback_members(store, args):
    for vm_id, ip in args.get("added", []):
        store.delete("lbvmmap", "%s/%s/%s" % (args["id"], vm_id, ip))
    for member_id in args.get("revoked", []):
        member = store.get("lbvmmap", member_id)
        if member:
            member["revoke"] = False
            store.put("lbvmmap", member)


@finisher("lb.members", rollback=rollback_members)
def finish_members(store, args):
    for member_id in args.get("revoked", []):
        store.delete("lbvmmap", member_id)
    rule = store.get("loadbalancerrule", args["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    if rule.get("scheme"):  # an internal one's appliance serves its members
        applied(store, rule)
    return {"success": True}


@command("listLoadBalancerRuleInstances")
def list_load_balancer_rule_instances(ctx, params):
    """The rule's member instances (applied: those not being removed), as listVirtualMachines shows them; with
    lbvmips, each with the guest IPs it is balanced on."""
    from .virtualmachines import VMS  # the instance model imports this one
    store = ctx.store
    rule = ctx.lookup("loadbalancerrule", "id")
    ctx.check_owner(rule)
    members = [m for m in store.find("lbvmmap", loadbalancerid=rule["id"])
               if params.get("applied") is None or params["applied"] != m["revoke"]]
    vm_ids = list(dict.fromkeys(m["virtualmachineid"] for m in members))
    vms = [store.get("virtualmachine", vm_id) for vm_id in vm_ids]
    if params.get("keyword"):
        vms = [vm for vm in vms if params["keyword"].lower() in vm["name"].lower()]
    if not params.get("lbvmips"):
        return Listing(vms, lambda vm: VMS.view(store, vm), key="loadbalancerruleinstance")
    return Listing(vms, lambda vm: {"loadbalancerruleinstance": VMS.view(store, vm),
                                    "lbvmipaddresses": [m["vmip"] for m in members if m["virtualmachineid"] == vm["id"]]})
