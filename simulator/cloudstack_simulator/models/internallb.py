"""Internal load balancers of VPC tiers (ApplicationLoadBalancerManagerImpl): a load balancer rule of scheme
`Internal`, kept with the public rules (assignToLoadBalancerRule and removeFromLoadBalancerRule take either), that
balances a source port of a guest address of its source network to an instance port of its members. The tier's
offering must have the Lb service from the InternalLbVm provider."""
from .. import exceptions
from ..registry import Job, command, finisher
from .internallbvms import applied
from .loadbalancers import RULES, checked_algorithm, checked_custom_id, let_go, renamed
from .network import allocate_ip, guest_ip_refused
from .resource import Resource

SCHEME = "Internal"


def rule_parts(store, rule):
    """The response's source/instance port entry and its members, as ApiResponseHelper builds them (a member's name
    is its instance name, i-2-10-VM)."""
    members = []
    for member in store.find("lbvmmap", loadbalancerid=rule["id"]):
        vm = store.get("virtualmachine", member["virtualmachineid"])
        members.append({"id": vm["id"], "name": vm["instancename"], "state": vm["state"], "ipaddress": member["vmip"]})
    return {"loadbalancerrule": [{"sourceport": rule["_sourceport"], "instanceport": rule["_instanceport"],
                                  "state": rule["state"]}],
            "loadbalancerinstance": members}


def internal_only(ctx, records, params):
    """listLoadBalancers lists rules having a source address network, that is internal ones; `scheme` names it. Those
    shown to the end user only, unless fordisplay says otherwise (BaseListAccountResourcesCmd.getDisplay)."""
    if params.get("scheme") and params["scheme"].lower() != SCHEME.lower():
        return []
    display = params.get("fordisplay", True)
    return [r for r in records if r.get("scheme") == SCHEME and r["fordisplay"] == display]


INTERNAL = Resource("loadbalancerrule", "loadbalancer", "listLoadBalancers",
                    filters=("networkid", "sourceipaddress", "sourceipaddressnetworkid"),
                    keyword_fields=("name", "description"), tagged=True, jobtype="FirewallRule",
                    computed=rule_parts, narrow=internal_only)


def released(store, rule):
    """What goes with a deleted rule; the last rule of an internal source address takes its appliance."""
    let_go(store, rule)
    if rule.get("scheme") == SCHEME:
        applied(store, rule)


RULES.before_delete = INTERNAL.before_delete = released  # one table and one delete job for both kinds of rules


def checked_network(store, network_id, text):
    network = store.get("network", network_id)
    if network is None or network.get("traffictype") != "Guest":
        raise exceptions.invalid(text)
    return network


def lb_providers(network):
    return [p["name"] for s in network["service"] if s["name"] == "Lb" for p in s["provider"]]


def source_ip(store, network, requested):
    """LoadBalancer's getSourceIp: a requested address other rules use is shared, else it is acquired."""
    if requested and store.first("loadbalancerrule", sourceipaddress=requested, sourceipaddressnetworkid=network["id"]):
        return requested
    refused = requested and guest_ip_refused(store, network, requested)
    if refused and refused.endswith("cidr"):
        raise exceptions.invalid("The requested IP is not in the network's CIDR subnet.")
    # acquireGuestIpAddress only logs why it refuses a requested address, and acquires nothing
    requested = None if refused else requested or allocate_ip(store, network)
    if requested is None:
        raise exceptions.insufficient_capacity("Unable to acquire IP address for network %s" % network["name"])
    return requested


def detect_conflict(store, network, address, port):
    """detectInternalLbRulesConflict: one network per source address, one rule per source port."""
    for other in store.find("loadbalancerrule", sourceipaddress=address, sourceipaddressnetworkid=network["id"]):
        if other["state"] == "Revoke":
            continue
        if other["networkid"] != network["id"]:
            raise exceptions.network_rule_conflict("New rule is for a different network than what's specified in "
                                                   "rule %s" % other["id"])
        if other["_sourceport"] == str(port):
            raise exceptions.network_rule_conflict("The range specified, %d-%d, conflicts with rule %s which has %d-%d"
                                                   % (port, port, other["id"], port, port))


@command("createLoadBalancer")
def create_load_balancer(ctx, params):
    store = ctx.store
    if params["scheme"].lower() != SCHEME.lower():
        raise exceptions.invalid("Invalid value for scheme. Supported value is internal")
    network = checked_network(store, params["networkid"], "Can't find guest network by id")
    ctx.check_owner(network)
    source_network = checked_network(store, params["sourceipaddressnetworkid"], "Can't find source ip network by id")
    if not lb_providers(network):
        raise exceptions.invalid("LB service is not supported in specified network id")
    if "InternalLbVm" not in lb_providers(network):
        raise exceptions.invalid("Scheme %s is not supported by the network offering %s"
                                 % (SCHEME, network["networkofferingname"]))
    source_port, instance_port = params["sourceport"], params["instanceport"]
    if not 1 <= instance_port <= 65535:
        raise exceptions.invalid("Invalid value for instance port: %s" % instance_port)
    if not 1 <= source_port <= 65535:
        raise exceptions.invalid("Invalid value for source port: %s" % source_port)
    algorithm = checked_algorithm(params["algorithm"])
    if not source_network.get("cidr"):
        raise exceptions.invalid("Can't create the application load balancer rule for the network having NULL cidr")
    address = source_ip(store, source_network, params.get("sourceipaddress"))
    detect_conflict(store, network, address, source_port)
    fields = {"name": params["name"], "description": params.get("description"), "algorithm": algorithm,
              "networkid": network["id"], "sourceipaddress": address, "sourceipaddressnetworkid": source_network["id"],
              "scheme": SCHEME, "_sourceport": str(source_port), "_instanceport": str(instance_port),
              "zoneid": network["zoneid"], "fordisplay": params.get("fordisplay", True), "state": "Add"}
    project = store.get("project", network["projectid"]) if network.get("projectid") else None
    rule = INTERNAL.insert(store, fields, store.get("account", network["_accountid"]), project)
    return Job("internallb.apply", {"id": rule["id"]}, "FirewallRule", rule["id"])


def rollback_create(store, args):
    INTERNAL.remove(store, store.get("loadbalancerrule", args["id"]))


@finisher("internallb.apply", rollback=rollback_create)
def finish_create(store, args):
    rule = store.get("loadbalancerrule", args["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"loadbalancer": INTERNAL.view(store, rule)}


@command("deleteLoadBalancer")
def delete_load_balancer(ctx, params):
    """deleteApplicationLoadBalancer is LoadBalancingRulesService.deleteLoadBalancerRule."""
    rule = ctx.store.get("loadbalancerrule", params["id"])
    if rule is None or rule.get("scheme") != SCHEME:
        raise exceptions.invalid("Unable to find load balancer rule %s" % params["id"])
    ctx.check_owner(rule)
    rule["state"] = "Revoke"
    ctx.store.put("loadbalancerrule", rule)
    return Job("loadbalancerrule.delete", {"id": rule["id"]}, "FirewallRule", rule["id"])


@command("updateLoadBalancer")
def update_load_balancer(ctx, params):
    """updateApplicationLoadBalancer: whether the end user sees it, and its uuid (a custom id)."""
    rule = ctx.store.get("loadbalancerrule", params["id"])
    if rule is None or rule.get("scheme") != SCHEME:
        raise exceptions.invalid("Unable to find load balancer %s" % params["id"])
    ctx.check_owner(rule)
    custom_id = checked_custom_id(ctx, params.get("customid"))
    if params.get("fordisplay") is not None:
        rule["fordisplay"] = params["fordisplay"]
    ctx.store.put("loadbalancerrule", rule)
    if custom_id:
        rule = renamed(ctx.store, rule, custom_id)
    return INTERNAL.answer(ctx, rule)
