"""Security groups (listSecurityGroups, createSecurityGroup, updateSecurityGroup, deleteSecurityGroup) and their
rules (authorizeSecurityGroupIngress/Egress, revokeSecurityGroupIngress/Egress), as SecurityGroupManagerImpl: every
account has a `default` group that cannot be renamed nor deleted; a rule allows a protocol (and ports, or an ICMP
type and code) from a CIDR or from the members of another group; a rule that exists already is skipped, and an
authorization that adds nothing fails."""
import ipaddress

from .. import exceptions
from ..registry import Job, command, finisher
from .common import member_ids, members_of, new_id, resolve_owner
from .resource import Resource

DEFAULT_GROUP = "default"
PROTOCOL_NUMBERS = {"1": "icmp"}  # NetUtils: ICMP given by number is stored by name, with any type and code


def rule_view(store, rule):
    """A rule as SecurityGroupJoinDaoImpl answers it: ICMP rules show type and code, the others their ports; the
    source is a CIDR, or another group with its account."""
    out = {"ruleid": rule["id"], "protocol": rule["protocol"], "tags": []}
    ports = ("icmptype", "icmpcode") if rule["protocol"] == "icmp" else ("startport", "endport")
    out.update(zip(ports, (rule["_start"], rule["_end"])))
    allowed = store.get("securitygroup", rule["_allowedgroupid"]) if rule.get("_allowedgroupid") else None
    if allowed:
        out.update(securitygroupname=allowed["name"], account=allowed.get("account") or owner_name(store, allowed))
    elif rule.get("cidr"):
        out["cidr"] = rule["cidr"]
    return out


def owner_name(store, group):
    return store.get("account", group["_accountid"])["name"]


def rules_of(store, group, direction):
    return [rule_view(store, r) for r in store.find("securityrule", _groupid=group["id"], _direction=direction)]


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


@command("updateSecurityGroup")
def update_security_group(ctx, params):
    group = SECURITY_GROUPS.owned(ctx)
    name = params.get("name")
    if name is not None and name != group["name"]:
        if not name.strip():
            raise exceptions.invalid("Security group name cannot be empty")
        if name.lower() == DEFAULT_GROUP:
            raise exceptions.invalid("The security group name %s is reserved" % DEFAULT_GROUP)
        if group["name"].lower() == DEFAULT_GROUP:
            raise exceptions.invalid("The default security group cannot be renamed")
        if ctx.store.first("securitygroup", _accountid=group["_accountid"], name=name):
            # the table's unique key (name, account_id): CloudStack fails on the database
            raise exceptions.internal("Duplicate entry '%s' for key 'name' of the security groups of the account"
                                      % name)
        group["name"] = name
        ctx.store.put("securitygroup", group)
    return SECURITY_GROUPS.answer(ctx, group)


def refuse_security_group_delete(ctx, group):
    if group["name"].lower() == DEFAULT_GROUP:
        raise exceptions.invalid("The network group default is reserved")
    if any(rule.get("_allowedgroupid") == group["id"] for rule in ctx.store.all("securityrule")):
        raise exceptions.in_use("Cannot delete group when there are security rules that allow this group")
    if member_ids(ctx.store, "_securitygroups", group):
        raise exceptions.in_use("Cannot delete group when it's in use by virtual machines")


@SECURITY_GROUPS.delete_command(
    "deleteSecurityGroup", refuse=refuse_security_group_delete,
    by_name=("Unable to find network group by name {name} for account {account}",
             "Either id or name parameter is required by deleteSecurityGroup command"))
def remove_security_rules(store, group):
    for rule in store.find("securityrule", _groupid=group["id"]):
        store.delete("securityrule", rule["id"])


# Rules -----------------------------------------------------------------------------------------

def rule_group(ctx, params):
    """The group a rule command names (AuthorizeSecurityGroupIngressCmd.getSecurityGroupId)."""
    if params.get("securitygroupid") and params.get("securitygroupname"):
        raise exceptions.invalid("securityGroupId and securityGroupName parameters are mutually exclusive")
    if params.get("securitygroupname"):
        account = resolve_owner(ctx, params)[0]
        group = ctx.store.first("securitygroup", _accountid=account["id"], name=params["securitygroupname"])
        if group is None:
            raise exceptions.invalid("Unable to find security group %s for account id=%s"
                                     % (params["securitygroupname"], account["id"]))
    elif params.get("securitygroupid"):
        group = ctx.lookup("securitygroup", "securitygroupid")
    else:
        raise exceptions.invalid("Either securityGroupId or securityGroupName is required by %s command" % ctx.command)
    ctx.check_owner(group)
    return group


def rule_range(params):
    """(protocol, start port or ICMP type, end port or ICMP code) as authorizeSecurityGroupRule validates them."""
    protocol = (params.get("protocol") or "all").strip().lower()
    start, end = params.get("startport"), params.get("endport")
    icmptype, icmpcode = params.get("icmptype"), params.get("icmpcode")
    if protocol.isdigit():
        if protocol in PROTOCOL_NUMBERS:
            return PROTOCOL_NUMBERS[protocol], -1, -1
        if int(protocol) > 255:
            raise exceptions.invalid("Invalid protocol number: %s" % protocol)
    elif protocol not in ("tcp", "udp", "icmp", "all"):
        raise exceptions.invalid("Invalid protocol %s" % protocol)
    if protocol == "icmp":
        if icmptype is None or icmpcode is None:
            raise exceptions.invalid("Invalid ICMP type/code specified, icmpType = %s, icmpCode = %s"
                                     % (icmptype, icmpcode))
        if icmptype == -1 and icmpcode != -1:
            raise exceptions.invalid("Invalid icmp code")
        if icmptype != -1 and icmpcode == -1:
            raise exceptions.invalid("Invalid icmp code: need non-negative icmp code ")
        if not (-1 <= icmpcode <= 255 and -1 <= icmptype <= 255):
            raise exceptions.invalid("Invalid icmp type/code ")
        return protocol, icmptype, icmpcode
    if protocol == "all":
        if start is not None or end is not None:
            raise exceptions.invalid("Cannot specify startPort or endPort without specifying protocol")
        return protocol, 0, 0
    if protocol in ("tcp", "udp"):
        return (protocol,) + port_range(start, end)
    return protocol, 0, 0  # another protocol number: its ports are ignored


def port_range(start, end):
    if start is None or end is None:
        raise exceptions.invalid("Invalid port range specified, startPort = %s, endPort = %s" % (start, end))
    if start == 0 and end == 0:
        end = 65535
    if start > end:
        raise exceptions.invalid("Invalid port range %s:%s" % (start, end))
    if start > 65535 or end > 65535 or start < -1 or end < -1:
        raise exceptions.invalid("Invalid port numbers %s:%s" % (start, end))
    if start < 0 or end < 0:
        raise exceptions.invalid("Invalid port range %s:%s" % (start, end))
    return start, end


def rule_sources(ctx, params, group):
    """The CIDRs and the allowed groups (by account and name, in the group owner's domain) of a rule command."""
    cidrs, groups = params.get("cidrlist"), params.get("usersecuritygrouplist")
    if cidrs is None and groups is None:
        raise exceptions.invalid("At least one cidr or at least one security group needs to be specified")
    for cidr in cidrs or []:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise exceptions.invalid("Invalid cidr %s" % cidr) from None
        if "/" not in cidr:
            raise exceptions.invalid("Invalid cidr %s" % cidr)
    allowed = []
    for entry in groups or []:
        allowed.append(allowed_group(ctx.store, group, entry))
    return list(cidrs or []), allowed


def allowed_group(store, group, entry):
    name, account_name = entry.get("group"), entry.get("account")
    if name is None or account_name is None:
        raise exceptions.invalid("Invalid user group specified, fields 'group' and 'account' cannot be null, please "
                                 "specify groups in the form:  userGroupList[0].group=XXX&userGroupList[0].account=YYY")
    account = store.first("account", name=account_name, domainid=group["domainid"])
    if account is None:
        raise exceptions.invalid("Nonexistent account: %s when trying to authorize security group rule  for %s"
                                 % (account_name, group["id"]))
    allowed = store.first("securitygroup", _accountid=account["id"], name=name)
    if allowed is None:
        raise exceptions.invalid("Nonexistent group %s for account %s/%s is given, unable to authorize security group "
                                 "rule." % (name, account_name, group["domainid"]))
    return allowed["id"]


@command("authorizeSecurityGroupIngress", "authorizeSecurityGroupEgress")
def authorize_rule(ctx, params):
    group = rule_group(ctx, params)
    protocol, start, end = rule_range(params)
    cidrs, allowed = rule_sources(ctx, params, group)
    direction = "ingress" if ctx.command.endswith("Ingress") else "egress"
    rule = {"protocol": protocol, "_start": start, "_end": end}
    rules = [dict(rule, _allowedgroupid=groupid) for groupid in allowed] + [dict(rule, cidr=cidr) for cidr in cidrs]
    return Job("securitygroup.rules", {"id": group["id"], "direction": direction + "rule", "add": rules},
               "SecurityGroup", group["id"])


def same_rule(a, b):
    return all(a.get(k) == b.get(k) for k in ("protocol", "_start", "_end", "cidr", "_allowedgroupid"))


@finisher("securitygroup.rules")
def finish_rules(store, args):
    """Rules that exist already are skipped (findByProtoPortsAndCidr/AllowedGroupId); adding none fails the job."""
    group = store.get("securitygroup", args["id"])
    store.put("securitygroup", group)  # the group's views (also inside VM views) change with its rules
    if args.get("remove"):
        store.delete("securityrule", args["remove"])
        return {"success": True}
    existing = store.find("securityrule", _groupid=group["id"], _direction=args["direction"])
    added = []
    for rule in args["add"]:
        if not any(same_rule(rule, other) for other in existing + added):
            added.append(store.put("securityrule", dict(rule, id=new_id(), _groupid=group["id"],
                                                        _direction=args["direction"])))
    if not added:
        raise exceptions.internal("Failed to authorize security group %s rule(s)" % args["direction"][:-4])
    return {"securitygroup": {"id": group["id"], "name": group["name"], "description": group.get("description"),
                              args["direction"]: [rule_view(store, rule) for rule in added]}}


@command("revokeSecurityGroupIngress", "revokeSecurityGroupEgress")
def revoke_rule(ctx, params):
    direction = "ingressrule" if ctx.command.endswith("Ingress") else "egressrule"
    rule = ctx.lookup("securityrule", "id")
    if rule["_direction"] != direction:
        raise exceptions.invalid("Mismatch in rule type for security rule with id %s" % params["id"])
    group = ctx.store.get("securitygroup", rule["_groupid"])
    ctx.check_owner(group)
    return Job("securitygroup.rules", {"id": group["id"], "direction": direction, "remove": rule["id"]},
               "SecurityGroup", group["id"])
