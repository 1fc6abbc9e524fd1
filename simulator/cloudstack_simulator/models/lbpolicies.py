"""Stickiness and health check policies of public load balancer rules (LoadBalancingRulesManagerImpl).

Which stickiness methods (and their parameters) a rule may have, and whether it may have a health check at all, is
the capability of its network's load balancer provider (the element's SupportedStickinessMethods and
HealthCheckPolicy): the virtual router's HAProxy has the three methods and no health check. A new stickiness policy
replaces the rule's policy once its job applies it (the older one is revoked, then removed); a rule has one health
check policy, a second is refused. Both are listed per rule, wrapped in one entry that names the rule and its owner.
A policy goes with its rule."""
from .. import exceptions
from ..registry import Job, Listing, command, finisher
from .common import new_id

# LbStickinessMethod lists of the providers' elements: method -> {parameter: (required, is a flag)}.
HAPROXY_METHODS = {  # VirtualRouterElement.getHAProxyStickinessCapability
    "LbCookie": {"cookie-name": (False, False), "mode": (False, False), "nocache": (False, True),
                 "indirect": (False, True), "postonly": (False, True), "domain": (False, False)},
    "AppCookie": {"cookie-name": (False, False), "length": (False, False), "holdtime": (False, False),
                  "request-learn": (False, True), "prefix": (False, True), "mode": (False, False)},
    "SourceBased": {"tablesize": (False, False), "expire": (False, False)},
}
NETSCALER_METHODS = {"LbCookie": {"holdtime": (False, False)}, "AppCookie": {"name": (True, False)},
                     "SourceBased": {"holdtime": (False, False)}}  # NetscalerElement.setCapabilities
STICKINESS_METHODS = {"VirtualRouter": HAPROXY_METHODS, "VpcVirtualRouter": HAPROXY_METHODS,
                      "Netscaler": NETSCALER_METHODS}
HEALTH_CHECK_PROVIDERS = ("Netscaler",)  # the elements whose Lb capabilities have HealthCheckPolicy
HAPROXY_PROVIDERS = ("VirtualRouter", "VpcVirtualRouter")
TIME_UNITS, SIZE_UNITS = "dhms", "kmg"
# createLBHealthCheckPolicy's parameters -> (policy field, LBHealthCheckPolicyVO's default for 0 or none).
HEALTH_CHECK_FIELDS = {"pingpath": ("pingpath", "/"), "responsetimeout": ("responsetime", 2),
                       "intervaltime": ("healthcheckinterval", 5), "healthythreshold": ("healthcheckthresshold", 2),
                       "unhealthythreshold": ("unhealthcheckthresshold", 1)}


def described(rule):
    """A rule as CloudStack's texts name it (LoadBalancerVO.toString)."""
    return 'LoadBalancer {"uuid":"%s","name":"%s","purpose":"LoadBalancing","state":"%s"}' % (
        rule["id"], rule["name"], rule["state"])


def lb_provider(store, rule):
    """The provider of the Lb service of the rule's network (getLBCapability reads its element's capabilities)."""
    network = store.get("network", rule["networkid"])
    return next((p["name"] for s in network["service"] if s["name"] == "Lb" for p in s["provider"]), None)


def open_rule(ctx, refused=exceptions.invalid):
    """The rule a policy is for, once the caller may act on it and it is not being deleted (`refused`: the error)."""
    rule = ctx.lookup("loadbalancerrule", "lbruleid")
    ctx.check_owner(rule)
    if rule["state"] == "Revoke":
        raise refused("Failed: LB rule: %s is in deleting state: " % described(rule))
    return rule


def wrapped(store, rule, kind, views):
    """LBStickinessResponse / LBHealthCheckResponse: the rule, its owner and the policies' views."""
    account = store.get("account", rule["_accountid"])
    domain = store.get("domain", account["domainid"])
    return {"lbruleid": rule["id"], "account": account["name"], "domainid": domain["id"], "domain": domain["name"],
            kind: views}


def policy_view(policy):
    """A policy's fields; its state only when revoked (the response sets no other)."""
    view = {k: v for k, v in policy.items() if k not in ("loadbalancerid", "revoke", "params") and v is not None}
    if policy["revoke"]:
        view["state"] = "Revoked"
    return view


def owning_rule(ctx, kind):
    """The policy `id` names and its rule, once the caller may act on it."""
    policy = ctx.lookup(kind, "id")
    rule = ctx.store.get("loadbalancerrule", policy["loadbalancerid"])
    ctx.check_owner(rule)
    return policy, rule


def listed(ctx, params, kind, what):
    """List*PoliciesCmd: (the rule, its policies of the display flag, default true); `id` names the rule by one of
    its policies."""
    store = ctx.store
    if params.get("lbruleid") is None and params.get("id") is None:
        raise exceptions.invalid("load balancer rule ID and %s policy ID can't be null" % what)
    rule = None
    if params.get("id"):
        policy = store.get(kind, params["id"])
        if policy is None:
            raise exceptions.invalid("%s policy ID doesn't exist" % what)
        rule = store.get("loadbalancerrule", policy["loadbalancerid"])
        if params.get("lbruleid") and params["lbruleid"] != rule["id"]:
            raise exceptions.invalid("%s policy ID doesn't belong to lbId%s" % (what, params["lbruleid"]))
    rule = rule or ctx.lookup("loadbalancerrule", "lbruleid")
    ctx.check_owner(rule)
    display = params.get("fordisplay", True)
    return rule, [p for p in store.find(kind, loadbalancerid=rule["id"]) if p["fordisplay"] == display]


# Stickiness -----------------------------------------------------------------------------------------------------

def checked_method(store, rule, method, params):
    """genericValidator: a method of the provider's, its parameters known to it, valued unless flags, the required
    ones given; CloudStack's canonical method name."""
    methods = STICKINESS_METHODS.get(lb_provider(store, rule))
    if methods is None:
        raise exceptions.invalid("Failed:  No Stickiness method available for LB rule:%s" % rule["id"])
    name = next((m for m in methods if m.lower() == method.lower()), None)
    if name is None:
        raise exceptions.invalid("Failed to match Stickiness method name for LB rule:%s" % rule["id"])
    given = {}
    for entry in params:
        key, value = entry.get("name"), entry.get("value")
        given[key] = value
        known = next((p for p in methods[name] if p.lower() == str(key).lower()), None)
        if known is None:
            raise exceptions.invalid("Failed : Stickiness policy does not support param name :%s" % key)
        if not methods[name][known][1] and value is None:
            raise exceptions.invalid("Failed : Value expected for the Param :%s" % known)
    for param, (required, _flag) in methods[name].items():
        if required and given.get(param) is None:
            raise exceptions.invalid("Failed : Missing Manadatory Param :%s" % param)
    return name


def numeric(value, units=None):
    """HAProxyLBRule.containsOnlyNumbers: an integer, with one of `units` after it when units are given."""
    if units is not None:
        if len(value) < 2 or value[-1] not in units:
            return False
        value = value[:-1]
    try:
        int(value)
    except ValueError:
        return False
    return True


def check_haproxy(rule, method, params):
    """NetworkHelperImpl.validateHAProxyLBRule: the time and size formats of the HAProxy methods' parameters."""
    values = {str(p.get("name")).lower(): p.get("value") for p in params}

    def refuse(cause):
        raise exceptions.invalid("Failed LB in validation rule id: %s Cause: %s" % (rule["id"], cause))
    if method == "SourceBased":
        expire, tablesize = values.get("expire", "30m"), values.get("tablesize", "200k")
        if expire is not None and not numeric(expire, TIME_UNITS):
            refuse("expire is not in timeformat: %s" % expire)
        if tablesize is not None and not numeric(tablesize, SIZE_UNITS):
            refuse("tablesize is not in size format: %s" % tablesize)
    elif method == "AppCookie":
        length, holdtime = values.get("length"), values.get("holdtime")
        if length is not None and not numeric(length):
            refuse("length is not a number: %s" % length)
        if holdtime is not None and not numeric(holdtime, TIME_UNITS) and not numeric(holdtime):
            refuse("holdtime is not in timeformat: %s" % holdtime)


def has_routers(store, network):
    """The virtual router validates a rule only once the network has its routers."""
    return bool(store.find("router", guestnetworkid=network["id"]) or
                (network.get("vpcid") and store.find("router", vpcid=network["vpcid"])))


@command("createLBStickinessPolicy")
def create_stickiness_policy(ctx, params):
    store = ctx.store
    rule = open_rule(ctx)
    entries = params.get("param") or []
    method = checked_method(store, rule, params["methodname"], entries)
    active = [p for p in store.find("lbstickinesspolicy", loadbalancerid=rule["id"]) if not p["revoke"]]
    if len(active) > 1:
        raise exceptions.invalid("Failed to create Stickiness policy: Already two policies attached %s" % rule["id"])
    network = store.get("network", rule["networkid"])
    if lb_provider(store, rule) in HAPROXY_PROVIDERS and has_routers(store, network):
        check_haproxy(rule, method, entries)
    policy = store.put("lbstickinesspolicy", {
        "id": new_id(), "loadbalancerid": rule["id"], "name": params["name"], "methodname": params["methodname"],
        "description": params.get("description"), "fordisplay": params.get("fordisplay", True), "revoke": False,
        "params": [[str(p.get("name")), str(p.get("value"))] for p in entries]})
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lbpolicy.stickiness", {"id": policy["id"], "rule": rule["id"]}, "FirewallRule", policy["id"])


def params_map(pairs):
    """LBStickinessPolicyResponse's params: a parameter given twice has its values joined with ':'."""
    merged = {}
    for key, value in pairs:
        merged[key] = value if key not in merged else "%s:%s" % (value, merged[key])
    return merged


def rollback_stickiness(store, args):
    store.delete("lbstickinesspolicy", args["id"])


@finisher("lbpolicy.stickiness", rollback=rollback_stickiness)
def finish_stickiness(store, args):
    """applyLBStickinessPolicy: the rule's other policies are revoked, applied, then removed."""
    rule = store.get("loadbalancerrule", args["rule"])
    for other in store.find("lbstickinesspolicy", loadbalancerid=rule["id"]):
        if other["id"] != args["id"]:
            store.delete("lbstickinesspolicy", other["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"stickinesspolicies": stickiness_wrapped(store, rule, [store.get("lbstickinesspolicy", args["id"])])}


def stickiness_wrapped(store, rule, policies):
    return wrapped(store, rule, "stickinesspolicy", [dict(policy_view(p), params=params_map(p["params"]))
                                                     for p in policies])


def health_check_wrapped(store, rule, policies):
    return wrapped(store, rule, "healthcheckpolicy", [policy_view(p) for p in policies])


@command("listLBStickinessPolicies")
def list_stickiness_policies(ctx, params):
    rule, policies = listed(ctx, params, "lbstickinesspolicy", "stickiness")
    return Listing([rule], lambda r: stickiness_wrapped(ctx.store, r, policies))


@command("updateLBStickinessPolicy")
def update_stickiness_policy(ctx, params):
    return updated_policy(ctx, params, "lbstickinesspolicy", "lbpolicy.stickiness.answer")


@finisher("lbpolicy.stickiness.answer")
def finish_stickiness_answer(store, args):
    return answered_policy(store, args, "lbstickinesspolicy", "stickinesspolicies", stickiness_wrapped)


@command("deleteLBStickinessPolicy")
def delete_stickiness_policy(ctx, params):
    return deleted_policy(ctx, params, "lbstickinesspolicy", "LB stickiness rule")


# Health checks --------------------------------------------------------------------------------------------------

def malformed(text):
    """CreateLBHealthCheckPolicyCmd.create answers its InvalidParameterValueException as MALFORMED_PARAMETER_ERROR."""
    return exceptions.ApiError(exceptions.MALFORMED_PARAMETER, text)


@command("createLBHealthCheckPolicy")
def create_health_check_policy(ctx, params):
    store = ctx.store
    if params.get("responsetimeout") is not None and params.get("intervaltime") is not None \
            and params["responsetimeout"] > params["intervaltime"]:
        raise malformed("Failed to create HealthCheck policy : Monitor interval must be greater than response timeout")
    rule = open_rule(ctx, malformed)
    if lb_provider(store, rule) not in HEALTH_CHECK_PROVIDERS:
        raise malformed("Failed to create HealthCheck policy: Validation Failed (HealthCheck Policy is not supported by "
                        "LB Provider for the LB rule:%s)" % described(rule))
    if store.find("lbhealthcheckpolicy", loadbalancerid=rule["id"], revoke=False):
        raise malformed("Failed to create HealthCheck policy: Already policy attached  for the LB Rule:%s"
                        % described(rule))
    policy = {"id": new_id(), "loadbalancerid": rule["id"], "description": params.get("description"),
              "fordisplay": params.get("fordisplay", True), "revoke": False}
    for param, (field, default) in HEALTH_CHECK_FIELDS.items():
        policy[field] = params.get(param) or default
    store.put("lbhealthcheckpolicy", policy)
    rule["state"] = "Add"
    store.put("loadbalancerrule", rule)
    return Job("lbpolicy.healthcheck", {"id": policy["id"], "rule": rule["id"]}, "FirewallRule", policy["id"])


def rollback_health_check(store, args):
    store.delete("lbhealthcheckpolicy", args["id"])


@finisher("lbpolicy.healthcheck", rollback=rollback_health_check)
def finish_health_check(store, args):
    rule = store.get("loadbalancerrule", args["rule"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"healthcheckpolicies": health_check_wrapped(store, rule, [store.get("lbhealthcheckpolicy", args["id"])])}


@command("listLBHealthCheckPolicies")
def list_health_check_policies(ctx, params):
    rule, policies = listed(ctx, params, "lbhealthcheckpolicy", "health check")
    return Listing([rule], lambda r: health_check_wrapped(ctx.store, r, policies))


@command("updateLBHealthCheckPolicy")
def update_health_check_policy(ctx, params):
    return updated_policy(ctx, params, "lbhealthcheckpolicy", "lbpolicy.healthcheck.answer")


@finisher("lbpolicy.healthcheck.answer")
def finish_health_check_answer(store, args):
    return answered_policy(store, args, "lbhealthcheckpolicy", "healthcheckpolicies", health_check_wrapped)


@command("deleteLBHealthCheckPolicy")
def delete_health_check_policy(ctx, params):
    return deleted_policy(ctx, params, "lbhealthcheckpolicy", "LB health check rule")


# Both -----------------------------------------------------------------------------------------------------------

def answered_policy(store, args, kind, key, wrapped_view):
    """The answer of an update job: the policy under its rule, as the list command shows it."""
    policy = store.get(kind, args["id"])
    rule = store.get("loadbalancerrule", policy["loadbalancerid"])
    return {key: wrapped_view(store, rule, [policy])}


def deleted_policy(ctx, params, kind, label):
    """deleteLBStickinessPolicy/deleteLBHealthCheckPolicy: the policy revoked by a job; an unknown id refused."""
    policy = ctx.store.get(kind, params["id"])
    if policy is None:
        raise exceptions.invalid("Unable to find %s: %s" % (label, params["id"]))
    return revoke(ctx, policy, kind)


def updated_policy(ctx, params, kind, answer):
    """updateLBStickinessPolicy/updateLBHealthCheckPolicy: what CloudStack changes on a policy (fordisplay, customid),
    answered by the ``answer`` job."""
    from .loadbalancers import checked_custom_id  # the rule model imports this one
    policy, _rule = owning_rule(ctx, kind)
    custom_id = checked_custom_id(ctx, params.get("customid"))
    if params.get("fordisplay") is not None:
        policy["fordisplay"] = params["fordisplay"]
    if custom_id:
        ctx.store.delete(kind, policy["id"])
        policy["id"] = custom_id
    ctx.store.put(kind, policy)
    return Job(answer, {"id": policy["id"]}, "FirewallRule", policy["id"])


def revoke(ctx, policy, kind):
    """delete*Policy(id, apply=true): the policy is revoked and the rule re-applied; the job removes it."""
    rule = ctx.store.get("loadbalancerrule", policy["loadbalancerid"])
    ctx.check_owner(rule)
    policy["revoke"] = True
    ctx.store.put(kind, policy)
    if rule["state"] == "Active":
        rule["state"] = "Add"
        ctx.store.put("loadbalancerrule", rule)
    return Job("lbpolicy.revoke", {"id": policy["id"], "kind": kind}, "FirewallRule", rule["id"])


def rollback_revoke(store, args):
    policy = store.get(args["kind"], args["id"])
    if policy:
        policy["revoke"] = False
        store.put(args["kind"], policy)


@finisher("lbpolicy.revoke", rollback=rollback_revoke)
def finish_revoke(store, args):
    policy = store.get(args["kind"], args["id"])
    rule = store.get("loadbalancerrule", policy["loadbalancerid"])
    store.delete(args["kind"], policy["id"])
    rule["state"] = "Active"
    store.put("loadbalancerrule", rule)
    return {"success": True}


def remove_rule_policies(store, rule):
    """A rule's policies go with it."""
    for kind in ("lbstickinesspolicy", "lbhealthcheckpolicy"):
        for policy in store.find(kind, loadbalancerid=rule["id"]):
            store.delete(kind, policy["id"])
