# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the load balancer modules share: finding a load balancer rule by its name (and public IP address) or an
internal load balancer by its name and network, changing their members, and how they are returned (ngine_io's
keys)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import with_tag_list

# The options a network is looked up within: {list parameter: option}.
NETWORK_SCOPE = {"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}
# The options a public IP address is looked up within: {list parameter: option} (lb_rule also has a vpc option).
OWNER_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}
ADDRESS_SCOPE = dict(OWNER_SCOPE, vpcid="vpc")
# A rule's response keys -> ngine_io's result keys (the rest go through snake_case).
RENAMES = {"publicip": "public_ip", "publicipid": "public_ip_id", "publicport": "public_port", "privateport": "private_port",
           "cidrlist": "cidr", "networkid": "network_id", "zonename": "zone"}
# The rule's owner and place, as list parameters: {option: list parameter}.
RULE_SCOPE = {"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid", "ip_address": "publicipid"}


def find_rule(engine, resource):
    """The rule of this name among those the task's owner, zone and address options narrow to; several are an error
    naming them (give the address)."""
    fields = [resource.by_option[option] for option in list(RULE_SCOPE) + ["vpc"]
              if option in resource.by_option and engine.params.get(option) is not None]
    wanted = engine.wanted(fields)
    params = dict((RULE_SCOPE[f.option], wanted[f]) for f in fields if f.option in RULE_SCOPE and f in wanted)
    if "projectid" not in params:
        params["listall"] = True
    name = engine.params["name"]
    found = [rule for rule in engine.client.list("listLoadBalancerRules", name=name, **params) if rule["name"] == name]
    if len(found) > 1:
        engine.fail("load balancer rule name %r is ambiguous: %d match (on %s); give ip_address" % (
            name, len(found), ", ".join(sorted(rule["publicip"] for rule in found))))
    return found[0] if found else None


def described(engine, rule):
    """ngine_io's result: the ports as numbers (CloudStack returns them as strings), tags as key/value items."""
    for key in ("public_port", "private_port"):
        if rule.get(key) not in (None, ""):
            rule[key] = int(rule[key])
    return with_tag_list(rule)


def flattened_internal(lb):
    """An internal load balancer with its one source/instance port entry's ports and state at the top, as the module
    compares and returns them (CloudStack nests them in loadbalancerrule)."""
    entry = (lb.pop("loadbalancerrule", None) or [{}])[0]
    lb.update((key, entry[key]) for key in ("sourceport", "instanceport", "state") if key in entry)
    return lb


def find_internal(engine):
    """The internal load balancer of the task's name in its network, flattened."""
    found = engine.find_listed()
    if found is None:  # CloudStack lists those the end user sees unless told otherwise
        name = engine.params["name"]
        hidden = [lb for lb in engine.client.list("listLoadBalancers", name=name, fordisplay=False, **engine.scope_params())
                  if lb["name"] == name]
        found = hidden[0] if hidden else None
    return flattened_internal(found) if found else None


def described_internal(engine, lb):
    """ngine_io's result: the ports as numbers; the members with snake_case keys."""
    lb = flattened_internal(lb)  # the create's answer, not yet flattened by find
    for raw, key in (("sourceport", "source_port"), ("instanceport", "instance_port")):
        value = lb.pop(raw, lb.get(key))
        if value not in (None, ""):
            lb[key] = int(value)
    network = engine.lookup.known("network", lb.get("network_id"))  # resolved from the network option: no call
    if network:
        lb.update(network=network["name"], zone=network.get("zonename"))
    lb["members"] = [dict(id=m.get("id"), name=m.get("name"), state=m.get("state"), ip_address=m.get("ipaddress"))
                     for m in lb.pop("loadbalancerinstance", None) or []]
    return lb


def designated(engine, rule, current):
    """The current members the task names, and the instances it names that are not members (resolved in one listing
    of the rule network's instances)."""
    named, others = [], []
    for value in engine.params["vms"]:
        member = next((vm for vm in current if value in (vm["id"], vm["name"])), None)
        (named if member else others).append(member or value)
    scope = {"networkid": rule["networkid"], "projectid": rule.get("projectid")}
    return named, engine.lookup.select("instance", others, **scope) if others else []


def change_members(engine, rule, command, current):
    """Add or remove the task's instances (``current``: the members, each with its id and name); the load balancer
    with its members' names as ``vms``."""
    named, others = designated(engine, rule, current)
    changing = others if command == "assignToLoadBalancerRule" else named
    before = sorted(vm["name"] for vm in current)
    after = sorted(set(before) | set(vm["name"] for vm in others)) if command == "assignToLoadBalancerRule" else \
        sorted(set(before) - set(vm["name"] for vm in named))
    engine.before, engine.after = ({"vms": before}, {"vms": after}) if changing else ({}, {})
    if changing:
        engine.write_own(command, id=rule["id"], virtualmachineids=",".join(vm["id"] for vm in changing))
        if engine.waiting and not engine.check_mode:
            rule = engine.find() or rule
    return dict(rule, vms=after)
