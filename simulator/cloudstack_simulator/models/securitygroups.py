"""Security groups (listSecurityGroups, createSecurityGroup, deleteSecurityGroup) and their rules
(authorizeSecurityGroupIngress/Egress, revokeSecurityGroupIngress/Egress); every account has a `default` group."""
from .. import exceptions
from ..registry import Job, command, finisher
from .common import member_ids, members_of, new_id, public, resolve_owner
from .resource import Resource


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
    return Job("securitygroup.rules", {"id": group["id"], "direction": direction, "add": rules}, "SecurityGroup",
               group["id"])


@finisher("securitygroup.rules")
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
    return Job("securitygroup.rules", {"id": group["id"], "direction": direction, "remove": rule["id"]},
               "SecurityGroup", group["id"])
