#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_acl_rule
short_description: Manage the rules of CloudStack network ACL lists
description:
  - Create, update and delete one rule of a VPC's network ACL list, identified by its O(rule_position)
    (CloudStack's rule number, unique within a list). To converge the whole rule list of a list at once, give
    C(network_acl) its O(ignore:rules) instead.
  - A changed rule is updated in place (CloudStack keeps its id), with the whole rule as the task describes it;
    options not given take their defaults.
  - CloudStack's global lists V(default_allow) and V(default_deny) cannot be changed; the task fails with
    CloudStack's answer.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  network_acl:
    description:
      - The ACL list (name or id) of the VPC that holds the rule.
    type: str
    required: true
    aliases: [acl]
  rule_position:
    description:
      - Position of the rule (CloudStack's rule number; lower numbers are applied first).
    type: int
    required: true
    aliases: [number]
  protocol:
    description:
      - Protocol of the rule; V(by_number) takes O(protocol_number).
    type: str
    choices: [tcp, udp, icmp, all, by_number]
    default: tcp
  protocol_number:
    description:
      - IP protocol number (0 to 255) with O(protocol=by_number).
    type: int
  start_port:
    description:
      - First port of the rule (V(tcp) and V(udp)); none means every port.
    type: int
    aliases: [port]
  end_port:
    description:
      - Last port of the rule; O(start_port) when not given.
    type: int
  icmp_type:
    description:
      - ICMP type (V(icmp) only); V(-1), any, when not given.
    type: int
  icmp_code:
    description:
      - ICMP code (V(icmp) only); V(-1), any, when not given.
    type: int
  cidrs:
    description:
      - Source (ingress) or destination (egress) CIDRs of the rule.
    type: list
    elements: str
    default: [0.0.0.0/0]
    aliases: [cidr]
  action_policy:
    description:
      - Whether the rule allows or denies the traffic.
    type: str
    choices: [allow, deny]
    default: allow
    aliases: [action]
  traffic_type:
    description:
      - Direction of the traffic.
    type: str
    choices: [ingress, egress]
    default: ingress
    aliases: [type]
  vpc:
    description:
      - The VPC (name or id) of the ACL list.
    type: str
    required: true
  zone:
    description:
      - The zone (name or id) of the VPC.
    type: str
    required: true
  tags:
    description:
      - Resource tags of the rule, as a map or as ngine_io's list of C(key)/C(value) dicts. Tags not listed are
        removed; V({}) removes all; not given leaves them alone.
    type: raw
    aliases: [tag]
  state:
    description:
      - Whether the rule should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Allow HTTP in
  cloudstack.cloud.network_acl_rule:
    network_acl: web
    rule_position: 10
    vpc: shop
    zone: zone-01
    start_port: 80

- name: Deny ports 8000 to 9000 from two networks
  cloudstack.cloud.network_acl_rule:
    network_acl: web
    rule_position: 20
    vpc: shop
    zone: zone-01
    action_policy: deny
    start_port: 8000
    end_port: 9000
    cidrs: [10.20.0.0/16, 10.22.0.0/16]

- name: Allow GRE out
  cloudstack.cloud.network_acl_rule:
    network_acl: web
    rule_position: 30
    vpc: shop
    zone: zone-01
    protocol: by_number
    protocol_number: 47
    traffic_type: egress

- name: Remove a rule
  cloudstack.cloud.network_acl_rule:
    network_acl: web
    rule_position: 20
    vpc: shop
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: 5bf4d5a8-4d1e-4b0e-bf5a-5f7b4a6a6a01
network_acl:
  description: Name of the ACL list.
  returned: success
  type: str
  sample: web
network_acl_id:
  description: UUID of the ACL list.
  returned: success
  type: str
rule_position:
  description: Position (number) of the rule.
  returned: success
  type: int
  sample: 10
protocol:
  description: Protocol of the rule (V(by_number) for a protocol number).
  returned: success
  type: str
  sample: tcp
protocol_number:
  description: The protocol number with V(by_number).
  returned: success
  type: int
  sample: 47
start_port:
  description: First port of the rule.
  returned: success
  type: int
  sample: 80
end_port:
  description: Last port of the rule.
  returned: success
  type: int
  sample: 80
icmp_type:
  description: ICMP type of the rule (V(-1), any).
  returned: success
  type: int
  sample: 8
icmp_code:
  description: ICMP code of the rule (V(-1), any).
  returned: success
  type: int
  sample: 0
cidrs:
  description: CIDRs of the rule.
  returned: success
  type: list
  elements: str
  sample: [0.0.0.0/0]
cidr:
  description: CIDRs of the rule, comma-separated (ngine_io's key).
  returned: success
  type: str
  sample: 0.0.0.0/0
action_policy:
  description: Action of the rule.
  returned: success
  type: str
  sample: allow
traffic_type:
  description: Direction of the rule.
  returned: success
  type: str
  sample: ingress
state:
  description: State of the rule.
  returned: success
  type: str
  sample: Active
vpc:
  description: Name of the VPC.
  returned: success
  type: str
  sample: shop
zone:
  description: Name of the VPC's zone.
  returned: success
  type: str
  sample: zone-01
tags:
  description: Tags of the rule, as key/value items sorted by key.
  returned: success
  type: list
  elements: dict
  sample: [{"key": "owner", "value": "web"}]
job_id:
  description: The id of the last CloudStack job the task left running (O(wait=false)).
  returned: when O(wait=false) left a job running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import NotFound
from ansible_collections.cloudstack.cloud.plugins.module_utils.network_acls import KEYS, api_params, completed, described
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, with_tag_list

VPC_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}


def wanted_rule(engine):
    return completed(dict((key, engine.params.get(key)) for key in KEYS), engine.fail)


def find(engine):
    """The rule at that position of the ACL list. The task's rule options are completed first (end_port = start_port,
    ICMP -1), so that they compare with what CloudStack holds."""
    engine.params.update(wanted_rule(engine))
    acl = engine.lookup.id("network_acl", engine.params["network_acl"], vpcid=vpc_of(engine)["id"])
    for item in engine.client.list("listNetworkACLs", aclid=acl):
        if int(item.get("number", 0)) == engine.params["rule_position"]:
            return dict(item, **described(item))
    return None


def vpc_of(engine):
    """The task's VPC, looked up in its zone and owner (once per run: the lookups are cached)."""
    by_option = engine.resource.by_option
    resolved = engine.wanted([by_option[option] for option in ("zone", "domain", "account", "project")])
    scope = dict((param, resolved.get(by_option[option])) for param, option in VPC_SCOPE.items())
    return engine.lookup.find("vpc", engine.params["vpc"], **scope)


def create(engine, params):
    """The rule created, as ``find`` describes it."""
    answer = engine.write_own("createNetworkACL", aclid=params["aclid"], **api_params(wanted_rule(engine)))
    item = engine.extract(answer)
    return dict(item, **described(item)) if item else answer


def update_whole_rule(engine, current, params):
    """updateNetworkACLItem clears what it is not sent (without partialupgrade): send the whole rule. The engine then
    finds the rule again, described."""
    engine.write_own("updateNetworkACLItem", id=current["id"], **api_params(wanted_rule(engine)))
    return {}


def result(engine, rule):
    if not rule:
        return rule  # absent
    rule = with_tag_list(rule)
    rule["cidr"] = ",".join(rule.get("cidrs") or [])
    try:
        rule["vpc"], rule["zone"] = vpc_of(engine)["name"], engine.lookup.find("zone", engine.params["zone"])["name"]
    except NotFound:  # check mode, in a VPC an earlier task only pretended to create
        rule["vpc"], rule["zone"] = engine.params["vpc"], engine.params["zone"]
    for key in ("number", "startport", "endport", "icmptype", "icmpcode", "cidrlist", "action", "traffictype"):
        rule.pop(key, None)  # CloudStack's names of what the result holds under the option names
    return rule


RESOURCE = Resource(
    "network ACL rule",
    list_command="listNetworkACLs", create_command="createNetworkACL", update_command="updateNetworkACLItem",
    delete_command="deleteNetworkACL", response_key="networkacl",
    fields=[
        Field("network_acl", "aclid", ref="network_acl", ref_name="aclname", ref_scope={"vpcid": "vpc"}, update=None,
              aliases=["acl"]),
        Field("rule_position", "number", returned="rule_position", type="int", aliases=["number"]),
        Field("protocol", "protocol", returned="protocol", choices=["tcp", "udp", "icmp", "all", "by_number"],
              default="tcp"),
        Field("protocol_number", create=None, update=None, returned="protocol_number", type="int"),  # in protocol
        Field("start_port", "startport", returned="start_port", type="int", aliases=["port"]),
        Field("end_port", "endport", returned="end_port", type="int"),
        Field("icmp_type", "icmptype", returned="icmp_type", type="int"),
        Field("icmp_code", "icmpcode", returned="icmp_code", type="int"),
        Field("cidrs", "cidrlist", returned="cidrs", type="list", default=["0.0.0.0/0"], aliases=["cidr"]),
        Field("action_policy", "action", returned="action_policy", choices=["allow", "deny"], default="allow",
              aliases=["action"]),
        Field("traffic_type", "traffictype", returned="traffic_type", choices=["ingress", "egress"], default="ingress",
              aliases=["type"]),
        Field("vpc", create=None, update=None, ref="vpc", ref_scope=VPC_SCOPE, compare=False),
        Field("zone", create=None, update=None, ref="zone", compare=False),
        Field("domain", create=None, update=None, ref="domain", compare=False),
        Field("account", create=None, update=None, compare=False),
        Field("project", create=None, update=None, ref="project", compare=False),
        Field("tags", type="raw", create=None, update=None, compare=False, aliases=["tag"]),  # converge_tags
    ],
    identity="rule_position",
    required=("network_acl", "vpc", "zone"),
    renames={"aclname": "network_acl", "aclid": "network_acl_id", "fordisplay": "for_display"},
    hooks={"find": find, "create": create, "prepare_update": update_whole_rule, "result": result,
           "converge": lambda engine, rule: converge_tags(engine, rule, "NetworkACL")},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("project", "account")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
