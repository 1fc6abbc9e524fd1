# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What lb_rule, lb_rule_member and lb_internal share: finding a load balancer rule by its name (and public IP
address), and how a rule and an internal load balancer are returned (ngine_io's keys)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import with_tag_list

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
