# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network ACL rules as the network_acl and network_acl_rule modules describe them (ngine_io.cloudstack's option
names), and the convergence of an ACL list's whole rule list (network_acl's ``rules``).

A rule's description is a dict of option names: ``rule_position`` (CloudStack's ``number``, unique within a list),
``protocol`` (``tcp``, ``udp``, ``icmp``, ``all`` or ``by_number`` with ``protocol_number``), ``start_port``,
``end_port``, ``icmp_type``, ``icmp_code``, ``cidrs`` (sorted), ``action_policy`` (``allow``, ``deny``) and
``traffic_type`` (``ingress``, ``egress``). ``described`` reads one from CloudStack's answer, ``completed`` from the
options of a task, with CloudStack's defaults; ``api_params`` gives what createNetworkACL and updateNetworkACLItem
take (the whole rule: an update without ``partialupgrade`` clears what it does not send)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

PROTOCOLS = ("tcp", "udp", "icmp", "all", "by_number")
DEFAULTS = {"protocol": "tcp", "cidrs": ["0.0.0.0/0"], "action_policy": "allow", "traffic_type": "ingress"}
# The options of a rule (network_acl_rule's, and the suboptions of network_acl's rules).
RULE_SPEC = dict(
    rule_position=dict(type="int", required=True, aliases=["number"]),
    protocol=dict(type="str", choices=list(PROTOCOLS), default="tcp"),
    protocol_number=dict(type="int"),
    start_port=dict(type="int", aliases=["port"]),
    end_port=dict(type="int"),
    icmp_type=dict(type="int"),
    icmp_code=dict(type="int"),
    cidrs=dict(type="list", elements="str", default=["0.0.0.0/0"], aliases=["cidr"]),
    action_policy=dict(type="str", choices=["allow", "deny"], default="allow", aliases=["action"]),
    traffic_type=dict(type="str", choices=["ingress", "egress"], default="ingress", aliases=["type"]),
)
KEYS = tuple(RULE_SPEC)


def as_int(value):
    return None if value in (None, "") else int(value)


def described(item):
    """A rule as CloudStack lists it -> its description."""
    protocol = str(item.get("protocol") or "")
    numbered = protocol.isdigit()
    return dict(
        rule_position=as_int(item.get("number")),
        protocol="by_number" if numbered else protocol.lower(),
        protocol_number=int(protocol) if numbered else None,
        start_port=as_int(item.get("startport")), end_port=as_int(item.get("endport")),
        icmp_type=as_int(item.get("icmptype")), icmp_code=as_int(item.get("icmpcode")),
        cidrs=sorted(c.strip() for c in str(item.get("cidrlist") or "").split(",") if c.strip()),
        action_policy=str(item.get("action") or "").lower(), traffic_type=str(item.get("traffictype") or "").lower(),
    )


def problem(rule):
    """What is wrong with a rule's options (None when nothing): what CloudStack would refuse, said with them."""
    protocol = rule["protocol"]
    if protocol == "by_number" and rule.get("protocol_number") is None:
        return "protocol is by_number but protocol_number is missing"
    if protocol != "by_number" and rule.get("protocol_number") is not None:
        return "protocol_number is only for protocol by_number (protocol is %s)" % protocol
    if protocol != "icmp" and (rule.get("icmp_type") is not None or rule.get("icmp_code") is not None):
        return "icmp_type and icmp_code are only for protocol icmp (protocol is %s)" % protocol
    if protocol in ("icmp", "all") and (rule.get("start_port") is not None or rule.get("end_port") is not None):
        return "start_port and end_port are not for protocol %s" % protocol
    return None


def completed(rule, fail):
    """A rule from a task's options -> its description, with CloudStack's defaults (end_port = start_port, ICMP type
    and code -1: any). ``fail(msg)`` reports a rule CloudStack would refuse, naming its position."""
    unknown = sorted(set(rule) - set(KEYS) - set(a for spec in RULE_SPEC.values() for a in spec.get("aliases", [])))
    if unknown:
        fail("rule %s: unknown key(s) %s; a rule takes %s" % (rule.get("rule_position"), ", ".join(unknown), ", ".join(KEYS)))
    rule = dict((key, rule.get(key, next((rule[a] for a in RULE_SPEC[key].get("aliases", []) if a in rule), None)))
                for key in KEYS)
    for key, value in DEFAULTS.items():
        if rule[key] is None:
            rule[key] = value
    if rule["rule_position"] is None:
        fail("every rule needs a rule_position (CloudStack's rule number); got %r" % (rule,))
    if isinstance(rule["cidrs"], str):
        rule["cidrs"] = rule["cidrs"].split(",")
    rule["cidrs"] = sorted(str(c).strip() for c in rule["cidrs"] if str(c).strip())
    rule["protocol"], rule["action_policy"], rule["traffic_type"] = (
        str(rule[key]).lower() for key in ("protocol", "action_policy", "traffic_type"))
    wrong = problem(rule)
    if wrong:
        fail("rule %s: %s" % (rule["rule_position"], wrong))
    if rule["end_port"] is None:
        rule["end_port"] = rule["start_port"]
    if rule["protocol"] == "icmp":
        rule["icmp_type"] = -1 if rule["icmp_type"] is None else rule["icmp_type"]
        rule["icmp_code"] = -1 if rule["icmp_code"] is None else rule["icmp_code"]
    return dict((key, as_int(rule[key]) if RULE_SPEC[key]["type"] == "int" else rule[key]) for key in KEYS)


def api_params(rule):
    """A description -> the parameters of createNetworkACL and updateNetworkACLItem (those that are set)."""
    params = dict(number=rule["rule_position"], action=rule["action_policy"], traffictype=rule["traffic_type"],
                  cidrlist=",".join(rule["cidrs"]), startport=rule["start_port"], endport=rule["end_port"],
                  icmptype=rule["icmp_type"], icmpcode=rule["icmp_code"],
                  protocol=str(rule["protocol_number"]) if rule["protocol"] == "by_number" else rule["protocol"])
    return dict((key, value) for key, value in params.items() if value is not None)


def converge_rules(engine, acl, wanted):
    """Make the rules of ``acl`` (a listed ACL list; no id in check mode when just created) the ``wanted`` descriptions:
    delete the extra ones, update the changed ones in place, create the missing ones, from one listNetworkACLs call.
    Returns the rules as they then are, by position; --diff shows the list before and after."""
    items = engine.client.list("listNetworkACLs", aclid=acl["id"]) if acl.get("id") else []
    current = dict((rule["rule_position"], (item, rule)) for item, rule in ((i, described(i)) for i in items))
    wanted = dict((rule["rule_position"], rule) for rule in wanted)
    if len(wanted) < len(engine.params["rules"]):
        engine.fail("rules: two rules have the same rule_position; CloudStack keeps one rule per number in a list")
    before = [rule for _item, rule in sorted(current.values(), key=lambda pair: pair[1]["rule_position"])]
    after = [wanted[position] for position in sorted(wanted)]
    if before == after:
        return after
    engine.note("rules", before, after)
    for position, (item, _rule) in sorted(current.items()):
        if position not in wanted:
            engine.write("deleteNetworkACL", wait=engine.waiting, id=item["id"])
    for position, rule in sorted(wanted.items()):
        if position not in current:
            engine.write("createNetworkACL", wait=engine.waiting, aclid=acl.get("id"), **api_params(rule))
        elif current[position][1] != rule:
            engine.write("updateNetworkACLItem", wait=engine.waiting, id=current[position][0]["id"], **api_params(rule))
    return after
