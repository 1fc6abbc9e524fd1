# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the load balancer modules share: finding a load balancer rule by its name (and public IP address) or an
internal load balancer by its name and network, changing their members, and how they are returned (ngine_io's
keys)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackTransportError
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


# A load balancer rule's stickiness and health check policies (lb_rule's stickiness_policy and health_check_policy).
STICKINESS_SPEC = dict(method=dict(type="str", choices=["LbCookie", "AppCookie", "SourceBased"]), name=dict(type="str"),
                       params=dict(type="dict"), description=dict(type="str"))
# health_check_policy's suboptions -> (createLBHealthCheckPolicy's parameter, the policy's response key).
HEALTH_CHECK_KEYS = {"ping_path": ("pingpath", "pingpath"), "response_timeout": ("responsetimeout", "responsetime"),
                     "interval_time": ("intervaltime", "healthcheckinterval"),
                     "healthy_threshold": ("healthythreshold", "healthcheckthresshold"),
                     "unhealthy_threshold": ("unhealthythreshold", "unhealthcheckthresshold"),
                     "description": ("description", "description")}
HEALTH_CHECK_SPEC = dict((option, dict(type="str" if option in ("ping_path", "description") else "int"))
                         for option in HEALTH_CHECK_KEYS)
NO_HEALTH_CHECKS = "HealthCheck Policy is not supported by LB Provider"


def stickiness_view(policy):
    """A stickiness policy as the module compares and returns it."""
    view = dict(id=policy.get("id"), method=policy.get("methodname"), name=policy.get("name"),
                params=dict((str(k), str(v)) for k, v in (policy.get("params") or {}).items()))
    if policy.get("description"):
        view["description"] = policy["description"]
    return view


def health_check_view(policy):
    """A health check policy as the module compares and returns it."""
    view = dict((option, policy[key]) for option, (_param, key) in HEALTH_CHECK_KEYS.items() if policy.get(key) is not None)
    view["id"] = policy.get("id")
    return view


def rule_policy(engine, rule, command, key):
    """The rule's policy (one list call), or None; a rule this run creates has none."""
    if engine.created or not rule.get("id"):
        return None
    policies = [policy for entry in engine.client.list(command, lbruleid=rule["id"]) for policy in entry.get(key) or []
                if policy.get("state") != "Revoked"]
    return policies[0] if policies else None


def given(engine, option):
    """The suboptions the task gives (None values left out); None when the option is not given."""
    value = engine.params.get(option)
    return None if value is None else dict((k, v) for k, v in value.items() if v is not None)


def send(engine, option, rule, command, wait=None, **params):
    """A policy command; CloudStack's refusal fails the task naming the option."""
    params = dict((k, v) for k, v in params.items() if v is not None)
    try:
        return engine.write(command, wait=engine.waiting if wait is None else wait, **params)
    except CloudStackTransportError:
        raise
    except CloudStackApiError as exc:
        hint = (" (the load balancer provider of the rule's network has no health checks: CloudStack's virtual router "
                "has none, NetScaler has)" if NO_HEALTH_CHECKS in str(exc.errortext) else "")
        engine.fail("%s of the load balancer rule %r: CloudStack refused %s (error %s): %s%s" % (
            option, rule.get("name"), command, exc.errorcode, exc.errortext, hint))


def created_policy(answer, wrapper, key):
    """The policy in a create's answer (its id when the job was left running), or {}."""
    entry = (answer or {}).get(wrapper) or {}
    policies = entry.get(key) or []
    return policies[0] if policies else {"id": (answer or {}).get("id")}


def converge_stickiness(engine, rule):
    """The rule's stickiness policy as the task says: ``{}`` removes it; a different one replaces it (CloudStack
    revokes the rule's policy when it applies a new one, so a refused new policy leaves the old one in place)."""
    wanted = given(engine, "stickiness_policy")
    if wanted is None:
        return rule
    current, before = policy_now(engine, rule, "listLBStickinessPolicies", "stickinesspolicy", stickiness_view)
    if not wanted:
        return removed(engine, "stickiness_policy", rule, current, before, "deleteLBStickinessPolicy")
    if not (wanted.get("method") and wanted.get("name")):
        engine.fail("stickiness_policy needs method and name (or {} to remove the rule's stickiness policy); got %s"
                    % ", ".join(sorted(wanted)))
    params = dict((str(k), str(v).lower() if isinstance(v, bool) else str(v)) for k, v in (wanted.get("params") or {}).items())
    after = dict(method=wanted["method"], name=wanted["name"], params=params)
    if wanted.get("description"):
        after["description"] = wanted["description"]
    if before and not stickiness_differs(before, after):
        return dict(rule, stickiness_policy=stickiness_view(current))
    engine.note("stickiness_policy", before, after)
    answer = send(engine, "stickiness_policy", rule, "createLBStickinessPolicy", lbruleid=rule.get("id"),
                  methodname=after["method"], name=after["name"], description=after.get("description"),
                  param=[dict(name=k, value=v) for k, v in sorted(params.items())] or None)
    policy_id = created_policy(answer, "stickinesspolicies", "stickinesspolicy").get("id")
    return dict(rule, stickiness_policy=dict(after, id=policy_id))


def policy_now(engine, rule, list_command, key, view):
    """The rule's policy of one kind as listed (or None), and its view without the id for --diff."""
    current = rule_policy(engine, rule, list_command, key)
    return current, (drop_id(view(current)) if current else None)


def removed(engine, option, rule, current, before, delete_command):
    """An empty policy option (``{}``): the rule's policy of that kind deleted, when it has one."""
    if current:
        engine.note(option, before, None)
        send(engine, option, rule, delete_command, id=current["id"])
    return dict(rule, **{option: None})


def stickiness_differs(current, wanted):
    return (current["method"].lower() != wanted["method"].lower() or current["name"] != wanted["name"]
            or current["params"] != wanted["params"]
            or ("description" in wanted and current.get("description") != wanted["description"]))


def converge_health_check(engine, rule):
    """The rule's health check policy as the task says: ``{}`` removes it; a different one is deleted and created
    anew (CloudStack has no update, and refuses a second policy), the values the task leaves out kept."""
    wanted = given(engine, "health_check_policy")
    if wanted is None:
        return rule
    current, before = policy_now(engine, rule, "listLBHealthCheckPolicies", "healthcheckpolicy", health_check_view)
    if not wanted:
        return removed(engine, "health_check_policy", rule, current, before, "deleteLBHealthCheckPolicy")
    if before and all(before.get(option) == value for option, value in wanted.items()):
        return dict(rule, health_check_policy=health_check_view(current))
    after = dict(before or {}, **wanted)
    if after.get("response_timeout", 0) > after.get("interval_time", after.get("response_timeout", 0)):
        # CloudStack's own check, made before the current policy is deleted
        engine.fail("health_check_policy: response_timeout (%s) must not exceed interval_time (%s)%s" % (
            after["response_timeout"], after["interval_time"], " (the current policy's)" if "interval_time" not in wanted else ""))
    engine.note("health_check_policy", before, after)
    if current:  # awaited: CloudStack refuses a second policy while this one is there
        send(engine, "health_check_policy", rule, "deleteLBHealthCheckPolicy", wait=True, id=current["id"])
    answer = send(engine, "health_check_policy", rule, "createLBHealthCheckPolicy", lbruleid=rule.get("id"),
                  **dict((HEALTH_CHECK_KEYS[option][0], value) for option, value in after.items()))
    policy_id = created_policy(answer, "healthcheckpolicies", "healthcheckpolicy").get("id")
    return dict(rule, health_check_policy=dict(after, id=policy_id))


def drop_id(view):
    return dict((k, v) for k, v in view.items() if k != "id")
