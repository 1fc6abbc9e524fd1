#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_acl
short_description: Manage CloudStack network ACL lists of VPCs, and their whole rule lists
description:
  - Create, update and delete the network access control lists (ACL lists) of a VPC, which its tiers use.
  - With O(rules), converge the whole ordered rule list of the ACL list from one list of rule descriptions;
    missing rules are created, changed ones updated in place, extra ones deleted, compared with one
    C(listNetworkACLs) call. Without O(rules), the rules are left alone (C(network_acl_rule) manages them one by one).
  - CloudStack's global lists V(default_allow) and V(default_deny) cannot be changed or deleted, and a list that a tier
    uses cannot be deleted (CloudStack's answer says how many tiers use it); the task fails with CloudStack's answer.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the ACL list, within its VPC.
    type: str
    required: true
  description:
    description:
      - Description of the ACL list; O(name) when not given at creation.
    type: str
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
  rules:
    description:
      - The whole rule list of the ACL list, in the order of O(rules[].rule_position); rules of other positions are
        deleted. V([]) deletes every rule; not given leaves the rules alone.
    type: list
    elements: dict
    suboptions:
      rule_position:
        description:
          - Position of the rule (CloudStack's rule number, unique within the list; lower numbers are applied first).
        type: int
        required: true
        aliases: [number]
      protocol:
        description:
          - Protocol of the rule; V(by_number) takes O(rules[].protocol_number).
        type: str
        choices: [tcp, udp, icmp, all, by_number]
        default: tcp
      protocol_number:
        description:
          - IP protocol number (0 to 255) with O(rules[].protocol=by_number).
        type: int
      start_port:
        description:
          - First port of the rule (V(tcp) and V(udp)); none means every port.
        type: int
        aliases: [port]
      end_port:
        description:
          - Last port of the rule; O(rules[].start_port) when not given.
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
  state:
    description:
      - Whether the ACL list should exist.
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
- name: Ensure an ACL list for the web tier, with its whole rule list
  cloudstack.cloud.network_acl:
    name: web
    description: Web tier
    vpc: shop
    zone: zone-01
    rules:
      - {rule_position: 10, protocol: tcp, start_port: 80}
      - {rule_position: 20, protocol: tcp, start_port: 443}
      - {rule_position: 30, protocol: icmp, icmp_type: 8, icmp_code: 0, cidrs: [10.0.0.0/8]}
      - {rule_position: 40, protocol: by_number, protocol_number: 47, cidrs: [192.0.2.0/24]}
      - {rule_position: 100, protocol: all, action_policy: deny, traffic_type: egress}

- name: Ensure an ACL list, leaving its rules alone
  cloudstack.cloud.network_acl:
    name: db
    description: Database tier
    vpc: shop
    zone: zone-01

- name: Remove an ACL list (no tier may use it)
  cloudstack.cloud.network_acl:
    name: db
    vpc: shop
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the ACL list.
  returned: success
  type: str
  sample: 3246de94-e7e7-11e3-9187-06669c0000ad
name:
  description: Name of the ACL list.
  returned: success
  type: str
  sample: web
description:
  description: Description of the ACL list.
  returned: success
  type: str
  sample: Web tier
vpc:
  description: Name of the VPC.
  returned: success
  type: str
  sample: shop
vpc_id:
  description: UUID of the VPC.
  returned: success
  type: str
zone:
  description: Name of the VPC's zone.
  returned: success
  type: str
  sample: zone-01
for_display:
  description: Whether the list is shown to end users.
  returned: success
  type: bool
  sample: true
rules:
  description: The rules of the list as the task left them, by position, with the keys of O(rules).
  returned: success and O(rules) given
  type: list
  elements: dict
  sample: [{"rule_position": 10, "protocol": "tcp", "protocol_number": null, "start_port": 80, "end_port": 80,
            "icmp_type": null, "icmp_code": null, "cidrs": ["0.0.0.0/0"], "action_policy": "allow",
            "traffic_type": "ingress"}]
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.network_acls import RULE_SPEC, completed, converge_rules
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

VPC_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}


def find(engine):
    """The VPC's own list of that name (a VPC's lists are listed with the global default ones)."""
    wanted = engine.wanted([engine.resource.by_option[option] for option in ("zone", "domain", "account", "project", "vpc")])
    vpc_id, name = wanted[engine.resource.by_option["vpc"]], engine.params["name"]
    found = [acl for acl in engine.client.list("listNetworkACLLists", vpcid=vpc_id, name=name)
             if acl.get("name") == name and acl.get("vpcid") == vpc_id]
    if len(found) > 1:
        engine.fail("network ACL name %r is ambiguous in the VPC: %d match (ids %s)"
                    % (name, len(found), ", ".join(acl["id"] for acl in found)))
    return found[0] if found else None


def default_description(engine, params):
    params.setdefault("description", params["name"])
    return params


def converge(engine, acl):
    if engine.params.get("rules") is None:
        return acl
    wanted = [completed(rule, engine.fail) for rule in engine.params["rules"]]
    return dict(acl, rules=converge_rules(engine, acl, wanted))


def result(engine, acl):
    if acl.get("id"):  # not when absent, nor for a creation predicted in check mode (its zone may be too)
        acl["zone"] = engine.lookup.find("zone", engine.params["zone"])["name"]
    elif acl:
        acl["zone"] = engine.params["zone"]
    return acl


RESOURCE = Resource(
    "network ACL",
    list_command="listNetworkACLLists", create_command="createNetworkACLList",
    update_command="updateNetworkACLList", delete_command="deleteNetworkACLList", response_key="networkacllist",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("description", "description"),
        Field("vpc", "vpcid", ref="vpc", ref_name="vpcname", ref_scope=VPC_SCOPE, update=None, required=True),
        Field("zone", create=None, update=None, ref="zone", compare=False),
        Field("domain", create=None, update=None, ref="domain", compare=False),
        Field("account", create=None, update=None, compare=False),
        Field("project", create=None, update=None, ref="project", compare=False),
        Field("rules", type="list", elements="dict", options=RULE_SPEC, create=None, update=None, compare=False),
    ],
    required=("vpc", "zone"),
    renames={"vpcname": "vpc", "vpcid": "vpc_id", "fordisplay": "for_display"},
    hooks={"find": find, "prepare_create": default_description, "converge": converge, "result": result},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("project", "account")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
