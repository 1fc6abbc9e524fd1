# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ``security_group`` (its ``rules``) and ``security_group_rule`` modules share: a rule in the modules'
vocabulary (``type``, ``protocol``, ``start_port``/``end_port`` or ``icmp_type``/``icmp_code``, ``cidr`` or
``user_security_group``), normalized as CloudStack stores it so that a wanted rule and a listed one compare equal,
and the commands that authorize and revoke rules."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import NotFound

# CloudStack accepts these protocols by number only (NetUtils.isValidSecurityGroupProto: tcp, udp, icmp, all).
PROTOCOL_NUMBERS = {"ah": "51", "esp": "50", "gre": "47"}
PROTOCOL_NAMES = dict((number, name) for name, number in PROTOCOL_NUMBERS.items())
PROTOCOLS = ["tcp", "udp", "icmp", "ah", "esp", "gre", "all"]
DEFAULT_CIDR = "0.0.0.0/0"
COMMANDS = {"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"}

# The suboptions of a rule (the security_group module's ``rules``); security_group_rule has the same options.
RULE_OPTIONS = dict(
    type=dict(type="str", default="ingress", choices=["ingress", "egress"]),
    protocol=dict(type="str", default="tcp", choices=PROTOCOLS),
    start_port=dict(type="int", aliases=["port"]),
    end_port=dict(type="int"),
    icmp_type=dict(type="int"),
    icmp_code=dict(type="int"),
    cidr=dict(type="str"),
    user_security_group=dict(type="str"),
)


class RuleError(ValueError):
    """A rule whose options do not fit together (the message names them)."""


def wanted_rule(spec, where=""):
    """The rule that options describe, as CloudStack stores it: tcp/udp ports (end port defaults to the start port,
    0-0 means every port), ICMP type and code, the source as a CIDR (0.0.0.0/0 by default) or a group."""
    protocol = spec.get("protocol") or "tcp"
    ports = (spec.get("start_port"), spec.get("end_port"))
    icmp = (spec.get("icmp_type"), spec.get("icmp_code"))
    rule = {"type": spec.get("type") or "ingress", "protocol": protocol}
    if protocol in ("tcp", "udp"):
        if ports[0] is None:
            raise RuleError("%sstart_port is required for protocol %s" % (where, protocol))
        start, end = ports[0], ports[1] if ports[1] is not None else ports[0]
        rule.update(start_port=start, end_port=65535 if (start, end) == (0, 0) else end)
    elif protocol == "icmp":
        if None in icmp:
            raise RuleError("%sicmp_type and icmp_code are required for protocol icmp (-1 and -1 for any)" % where)
        rule.update(icmp_type=icmp[0], icmp_code=icmp[1])
    if protocol != "icmp" and icmp != (None, None):
        raise RuleError("%sicmp_type and icmp_code are for protocol icmp, not %s" % (where, protocol))
    if protocol not in ("tcp", "udp") and ports != (None, None):
        raise RuleError("%sstart_port and end_port are for protocols tcp and udp, not %s" % (where, protocol))
    if spec.get("user_security_group"):
        rule["user_security_group"] = spec["user_security_group"]
    else:
        rule["cidr"] = spec.get("cidr") or DEFAULT_CIDR
    return rule


def listed_rules(group):
    """The rules of a group as listSecurityGroups answers it, in the modules' vocabulary (with their ``id``)."""
    return [listed_rule(direction, rule) for direction in COMMANDS for rule in group.get(direction + "rule") or []]


def listed_rule(direction, listed):
    protocol = PROTOCOL_NAMES.get(str(listed.get("protocol")), listed.get("protocol"))
    rule = {"id": listed.get("ruleid"), "type": direction, "protocol": protocol}
    if protocol in ("tcp", "udp"):
        rule.update(start_port=listed.get("startport"), end_port=listed.get("endport"))
    elif protocol == "icmp":
        rule.update(icmp_type=listed.get("icmptype"), icmp_code=listed.get("icmpcode"))
    if listed.get("securitygroupname"):
        rule["user_security_group"] = listed["securitygroupname"]
    else:
        rule["cidr"] = listed.get("cidr")
    return rule


def key(rule):
    """What makes two rules the same rule (everything but the id)."""
    return tuple(sorted((k, v) for k, v in rule.items() if k != "id"))


def without_id(rule):
    return dict((k, v) for k, v in rule.items() if k != "id")


def find_group(client, name, owner):
    """The security group ``name`` of the owner (``projectid``, or ``account`` with ``domainid``, or the caller),
    with its rules: one list call. NotFound names the groups the owner has."""
    groups = client.list("listSecurityGroups", **owner)
    found = [group for group in groups if group.get("name") == name]
    if not found:
        raise NotFound("security group %r not found; the groups there are: %s" % (
            name, ", ".join(sorted(group["name"] for group in groups)) or "none"))
    return found[0]


def owner_account(engine, group):
    """The account name CloudStack expects beside a group name in ``usersecuritygrouplist`` (a project's group is
    owned by the project's account)."""
    if group.get("account"):
        return group["account"]
    return engine.lookup.find("project", group["projectid"]).get("projectaccountname")


def authorize_params(engine, group, rules):
    """The parameters of one authorize command for rules that differ only by their source."""
    first = rules[0]
    params = {"securitygroupid": group["id"], "protocol": PROTOCOL_NUMBERS.get(first["protocol"], first["protocol"])}
    if "start_port" in first:
        params.update(startport=first["start_port"], endport=first["end_port"])
    if "icmp_type" in first:
        params.update(icmptype=first["icmp_type"], icmpcode=first["icmp_code"])
    cidrs = [rule["cidr"] for rule in rules if "cidr" in rule]
    groups = [rule["user_security_group"] for rule in rules if "user_security_group" in rule]
    if cidrs:
        params["cidrlist"] = ",".join(cidrs)
    if groups:
        account = owner_account(engine, group)
        params["usersecuritygrouplist"] = [{"group": name, "account": account} for name in groups]
    return params


def batches(rules):
    """Rules grouped by what an authorize command shares (direction, protocol, ports): one command per batch."""
    grouped = {}
    for rule in rules:
        shared = tuple(sorted((k, v) for k, v in rule.items() if k not in ("id", "cidr", "user_security_group")))
        grouped.setdefault(shared, []).append(rule)
    return list(grouped.values())


def authorize(engine, group, rules, wait=True):
    """Authorize the rules of one batch: (command, answer); the answer holds the new rules when awaited."""
    command = "authorize" + COMMANDS[rules[0]["type"]]
    if engine.check_mode:  # a group only predicted may not name its account yet: no parameters to build
        return command, engine.write(command)
    return command, engine.write(command, wait=wait, **authorize_params(engine, group, rules))


def revoke(engine, rule, wait=True):
    command = "revoke" + COMMANDS[rule["type"]]
    return command, engine.write(command, wait=wait, id=rule["id"])


def converge_rules(engine, group, wanted):
    """Authorize the wanted rules the group lacks and revoke those it has beyond them: the jobs are all sent, then
    awaited together. Returns (rules before, rules after) without ids, sorted, for the --diff."""
    have = listed_rules(group)
    wanted_keys = set(key(rule) for rule in wanted)
    have_keys = set(key(rule) for rule in have)
    extra = [rule for rule in have if key(rule) not in wanted_keys]
    missing = list(dict((key(rule), rule) for rule in wanted if key(rule) not in have_keys).values())
    jobs = [revoke(engine, rule, wait=False) for rule in extra]
    jobs += [authorize(engine, group, batch, wait=False) for batch in batches(missing)]
    for command, answer in jobs:
        if isinstance(answer, dict) and "jobid" in answer:
            engine.client.await_job(command, answer["jobid"])
    return ordered(have), ordered(wanted)


def ordered(rules):
    unique = dict((key(rule), without_id(rule)) for rule in rules)
    return [unique[k] for k in sorted(unique, key=lambda k: [(name, str(value)) for name, value in k])]
