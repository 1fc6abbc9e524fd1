#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: firewall
short_description: Manage CloudStack firewall rules
description:
  - Create and delete ingress firewall rules on a public IP address (O(type=ingress)) and egress firewall rules
    on an isolated network (O(type=egress)).
  - CloudStack cannot change a firewall rule; its protocol, ports (or ICMP type and code) and CIDRs identify it, so
    a rule with other values is another rule.
  - CloudStack refuses a rule that overlaps another of the same protocol sharing a source CIDR (error 537, or 431
    for the same ICMP type and code); the module reports its message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  type:
    description:
      - V(ingress), a rule on the public address O(ip_address); V(egress), a rule on the network O(network).
    type: str
    default: ingress
    choices: [ingress, egress]
  ip_address:
    description:
      - Public IP address of an ingress rule; required with O(type=ingress).
    type: str
  network:
    description:
      - Name or id of the isolated network of an egress rule; required with O(type=egress).
    type: str
  protocol:
    description:
      - Protocol of the rule; V(all) is for egress rules only.
    type: str
    default: tcp
    choices: [tcp, udp, icmp, all]
  start_port:
    description:
      - First port of a V(tcp) or V(udp) rule; none means every port.
    type: int
    aliases: [port]
  end_port:
    description:
      - Last port; O(start_port) when not given.
    type: int
  icmp_type:
    description:
      - ICMP type of an V(icmp) rule; V(-1) (every type) when not given.
    type: int
  icmp_code:
    description:
      - ICMP code of an V(icmp) rule; V(-1) (every code) when not given.
    type: int
  cidrs:
    description:
      - Source CIDRs of the rule. When not given, V(0.0.0.0/0) for an ingress rule and the network's CIDR for an
        egress rule, as CloudStack takes them.
    type: list
    elements: str
    aliases: [cidr]
  dest_cidrs:
    description:
      - Destination CIDRs of an egress rule.
    type: list
    elements: str
    aliases: [dest_cidr]
  zone:
    description:
      - Name or id of the zone of the address or network.
    type: str
  tags:
    description:
      - Tags of the rule as a map, or as a list of mappings with C(key) and C(value)
        (ngine_io.cloudstack's form); V({}) or V([]) removes every tag, not given leaves them alone.
    type: raw
    aliases: [tag]
  state:
    description:
      - Whether the rule exists.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Allow HTTP and HTTPS from everywhere
  cloudstack.cloud.firewall:
    ip_address: 203.0.113.10
    start_port: 80
    end_port: 443

- name: Allow SSH from the office only
  cloudstack.cloud.firewall:
    ip_address: 203.0.113.10
    port: 22
    cidrs: [198.51.100.0/24]

- name: Allow ping
  cloudstack.cloud.firewall:
    ip_address: 203.0.113.10
    protocol: icmp
    icmp_type: 8

- name: Let the network's instances reach anything
  cloudstack.cloud.firewall:
    type: egress
    network: web-net
    protocol: all

- name: Remove the SSH rule
  cloudstack.cloud.firewall:
    ip_address: 203.0.113.10
    port: 22
    cidrs: [198.51.100.0/24]
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
type:
  description: Type of the rule.
  returned: success
  type: str
  sample: ingress
ip_address:
  description: Public IP address of an ingress rule.
  returned: success and O(type=ingress)
  type: str
  sample: 203.0.113.10
ip_address_id:
  description: UUID of the public IP address of an ingress rule.
  returned: success and O(type=ingress)
  type: str
network:
  description: Name of the network of the rule.
  returned: success
  type: str
  sample: web-net
network_id:
  description: UUID of the network of the rule.
  returned: success
  type: str
protocol:
  description: Protocol of the rule.
  returned: success
  type: str
  sample: tcp
start_port:
  description: First port of the rule.
  returned: success and the rule has ports
  type: int
  sample: 80
end_port:
  description: Last port of the rule.
  returned: success and the rule has ports
  type: int
  sample: 443
icmp_type:
  description: ICMP type of the rule (V(-1) for every type).
  returned: success and O(protocol=icmp)
  type: int
  sample: 8
icmp_code:
  description: ICMP code of the rule (V(-1) for every code).
  returned: success and O(protocol=icmp)
  type: int
  sample: -1
cidr:
  description: Source CIDRs of the rule, comma-separated, as CloudStack returns them.
  returned: success
  type: str
  sample: 0.0.0.0/0
cidrs:
  description: Source CIDRs of the rule.
  returned: success
  type: list
  elements: str
  sample: [0.0.0.0/0]
dest_cidrs:
  description: Destination CIDRs of an egress rule.
  returned: success and O(type=egress)
  type: list
  elements: str
  sample: []
state:
  description: State of the rule as CloudStack reports it (C(Add) until applied, then C(Active)).
  returned: success
  type: str
  sample: Active
tags:
  description: Tags of the rule, as a list of mappings with C(key) and C(value).
  returned: success
  type: list
  elements: dict
  sample: [{key: purpose, value: ssh}]
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tag_list, tags_map

OWNER = ("zone", "domain", "account", "project")
ADDRESS_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}
ALL_CIDRS = "0.0.0.0/0"


def egress(engine):
    return engine.params["type"] == "egress"


def check_options(engine):
    """What CloudStack would refuse, said in the options' terms before any request."""
    params = engine.params
    if params["protocol"] == "icmp" and (params["start_port"] is not None or params["end_port"] is not None):
        engine.fail("start_port and end_port do not apply to protocol icmp; give icmp_type and icmp_code")
    if params["protocol"] != "icmp" and (params["icmp_type"] is not None or params["icmp_code"] is not None):
        engine.fail("icmp_type and icmp_code apply to protocol icmp only, not %s" % params["protocol"])
    if params["protocol"] == "all" and not egress(engine):
        engine.fail("protocol all is for egress rules only (type=egress); an ingress rule takes tcp, udp or icmp")
    if params["dest_cidrs"] and not egress(engine):
        engine.fail("dest_cidrs is for egress rules only (type=egress)")


def identity(engine, network):
    """The values that identify the rule, as CloudStack stores them (its defaults applied)."""
    params = engine.params
    start = params["start_port"]
    end = params["end_port"] if params["end_port"] is not None else start
    icmp = params["protocol"] == "icmp"
    default_cidrs = [network["cidr"]] if egress(engine) else [ALL_CIDRS]
    return dict(protocol=params["protocol"], startport=start, endport=end,
                icmptype=(-1 if params["icmp_type"] is None else params["icmp_type"]) if icmp else None,
                icmpcode=(-1 if params["icmp_code"] is None else params["icmp_code"]) if icmp else None,
                cidrlist=sorted(params["cidrs"] or default_cidrs), destcidrlist=sorted(params["dest_cidrs"] or []))


def split(value):
    return sorted(item for item in (value or "").split(",") if item)


def is_same(rule, wanted):
    held = dict((key, rule.get(key)) for key in ("protocol", "startport", "endport", "icmptype", "icmpcode"))
    held.update(cidrlist=split(rule.get("cidrlist")), destcidrlist=split(rule.get("destcidrlist")))
    return held == wanted


def find_rule(engine):
    """The rule of the address (ingress) or network (egress) with the wanted protocol, ports and CIDRs."""
    check_options(engine)
    target = "network" if egress(engine) else "ip_address"
    wanted = engine.wanted([RESOURCE.by_option[option] for option in OWNER + (target,)])
    target_id = wanted[RESOURCE.by_option[target]]
    owner = {"projectid": wanted[RESOURCE.by_option["project"]]} if engine.params["project"] else {"listall": True}
    if egress(engine):
        network = engine.lookup.find("network", target_id)
        rules = engine.client.list("listEgressFirewallRules", networkid=target_id, **owner)
    else:
        network = None
        rules = engine.client.list("listFirewallRules", ipaddressid=target_id, **owner)
    same = [rule for rule in rules if is_same(rule, identity(engine, network))]
    return same[0] if same else None


def create_rule(engine, params):
    if egress(engine):
        params.pop("ipaddressid", None)
        return engine.write_own("createEgressFirewallRule", **params)
    params.pop("networkid", None)
    return engine.write_own("createFirewallRule", **params)


def delete_rule(engine, rule):
    if egress(engine):
        engine.write_own("deleteEgressFirewallRule", id=rule["id"])
    else:
        engine.write_own("deleteFirewallRule", id=rule["id"])


def converge(engine, rule):
    return converge_tags(engine, rule, "FirewallRule")


def described(engine, rule):
    """ngine_io's result keys: the type, the network by name, the CIDRs as a string and as lists."""
    rule["type"] = engine.params["type"]
    rule["tags"] = tag_list(tags_map(rule.get("tags")))
    if rule.get("network_id"):
        rule["network"] = engine.lookup.find("network", rule["network_id"])["name"]
    rule["cidrs"] = split(rule.get("cidr"))
    if egress(engine):
        rule["dest_cidrs"] = split(rule.get("dest_cidrs"))
    else:
        rule.pop("dest_cidrs", None)
    return rule


RESOURCE = Resource(
    "firewall rule",
    list_command="listFirewallRules",
    fields=[
        Field("type", choices=["ingress", "egress"], default="ingress", compare=False),
        Field("ip_address", "ipaddressid", update=None, ref="ip_address", ref_name="ipaddress", ref_scope=ADDRESS_SCOPE),
        Field("network", "networkid", update=None, ref="network", ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("protocol", "protocol", update=None, choices=["tcp", "udp", "icmp", "all"], default="tcp"),
        Field("start_port", "startport", update=None, type="int", aliases=["port"]),
        Field("end_port", "endport", update=None, type="int"),
        Field("icmp_type", "icmptype", update=None, type="int"),
        Field("icmp_code", "icmpcode", update=None, type="int"),
        Field("cidrs", "cidrlist", update=None, type="list", aliases=["cidr"]),
        Field("dest_cidrs", "destcidrlist", update=None, type="list", aliases=["dest_cidr"]),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # converge_tags
    ],
    states={"present": {}},
    renames={"ipaddress": "ip_address", "ipaddressid": "ip_address_id", "networkid": "network_id", "cidrlist": "cidr",
             "destcidrlist": "dest_cidrs", "traffictype": "traffic_type"},
    hooks={"find": find_rule, "create": create_rule, "delete": delete_rule, "converge": converge, "result": described},
    module_kwargs={"required_if": [("type", "ingress", ("ip_address",)), ("type", "egress", ("network",))],
                   "mutually_exclusive": [("ip_address", "network")]},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
