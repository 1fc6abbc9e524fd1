#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group
short_description: Manage CloudStack security groups and their rule sets
description:
  - Create, rename and delete security groups of an account or a project.
  - With O(rules), the group's whole rule set converges to that list in one task; the rules the group lacks are
    authorized, those it has beyond the list are revoked, and C(--diff) shows the rule set before and after. Without
    O(rules), the group's rules are left alone (see M(cloudstack.cloud.security_group_rule) for one rule at a time).
  - Every account has a group named V(default), which CloudStack creates with the account; it cannot be renamed
    nor deleted, but its rules can be managed.
  - CloudStack cannot change a group's description; the module fails naming it when it differs.
  - A group in use by instances, or that rules of other groups allow, cannot be deleted (CloudStack's error is
    reported).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the security group; identifies it (within its owner) unless O(id) is given, then it renames it.
    type: str
  id:
    description:
      - UUID of an existing security group, to find it by id rather than by name (and so rename it).
    type: str
  description:
    description:
      - Description of the security group, set at creation.
    type: str
  rules:
    description:
      - The group's whole rule set, ingress and egress. Rules not listed are revoked; V([]) revokes them all.
      - When not given, the group's rules are not touched.
    type: list
    elements: dict
    suboptions:
      type:
        description: Direction of the rule.
        type: str
        default: ingress
        choices: [ingress, egress]
      protocol:
        description:
          - Protocol of the rule. V(ah), V(esp) and V(gre) are sent by number (51, 50 and 47), as CloudStack accepts
            them; V(all) allows every protocol.
        type: str
        default: tcp
        choices: [tcp, udp, icmp, ah, esp, gre, all]
      start_port:
        description: First port of the rule; required for V(tcp) and V(udp) (0 with O(rules[].end_port=0) means every port).
        type: int
        aliases: [port]
      end_port:
        description: Last port of the rule; O(rules[].start_port) when not given.
        type: int
      icmp_type:
        description: ICMP type, for V(icmp) (V(-1) for any).
        type: int
      icmp_code:
        description: ICMP code, for V(icmp) (V(-1) for any).
        type: int
      cidr:
        description: Source (ingress) or destination (egress) network; V(0.0.0.0/0) unless O(rules[].user_security_group) is given.
        type: str
      user_security_group:
        description: Name of a security group of the same owner whose members the rule allows, instead of a CIDR.
        type: str
  state:
    description:
      - Whether the security group should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a security group
  cloudstack.cloud.security_group:
    name: web
    description: Web servers

- name: Ensure the web group allows exactly HTTP, HTTPS from anywhere, SSH from the office and ping
  cloudstack.cloud.security_group:
    name: web
    rules:
      - {protocol: tcp, port: 80}
      - {protocol: tcp, port: 443}
      - {protocol: tcp, port: 22, cidr: 192.0.2.0/24}
      - {protocol: icmp, icmp_type: -1, icmp_code: -1}
      - {type: egress, protocol: all}

- name: Let the members of the web group reach the database group on 5432
  cloudstack.cloud.security_group:
    name: db
    project: shop
    rules:
      - {protocol: tcp, port: 5432, user_security_group: web}

- name: Rename a group
  cloudstack.cloud.security_group:
    id: 6f3b2a52-3c5e-4b7e-9a43-2f0cbe1e7a10
    name: frontend

- name: Remove a security group
  cloudstack.cloud.security_group:
    name: web
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the security group.
  returned: success
  type: str
  sample: 6f3b2a52-3c5e-4b7e-9a43-2f0cbe1e7a10
name:
  description: Name of the security group.
  returned: success
  type: str
  sample: web
description:
  description: Description of the security group.
  returned: success
  type: str
  sample: Web servers
rules:
  description: The group's rules, in the vocabulary of O(rules), each with its C(id).
  returned: success
  type: list
  elements: dict
  sample: [{id: 1e0c3c8e-3a2f-4f7e-8d53-0b9b8c0f2e11, type: ingress, protocol: tcp, start_port: 80, end_port: 80, cidr: 0.0.0.0/0}]
ingressrule:
  description: The group's ingress rules as CloudStack lists them.
  returned: success
  type: list
  elements: dict
egressrule:
  description: The group's egress rules as CloudStack lists them.
  returned: success
  type: list
  elements: dict
virtual_machine_ids:
  description: UUIDs of the instances in the group.
  returned: success
  type: list
  elements: str
account:
  description: Account owning the group.
  returned: when owned by an account
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
project:
  description: Project owning the group.
  returned: when owned by a project
  type: str
tags:
  description: Resource tags of the group.
  returned: success
  type: list
  elements: dict
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.security_groups import (
    RULE_OPTIONS, RuleError, converge_rules, listed_rules, wanted_rule)


def find_by_group_name(engine):
    """listSecurityGroups names a group with ``securitygroupname`` (it has no ``name`` parameter)."""
    params = engine.scope_params()
    if engine.params.get("id"):
        found = engine.client.list("listSecurityGroups", id=engine.params["id"], **params)
        return found[0] if found else None
    name = engine.params["name"]
    found = [group for group in engine.client.list("listSecurityGroups", securitygroupname=name, **params)
             if group.get("name") == name]
    return found[0] if found else None


def wanted_rules(engine):
    rules = []
    for index, spec in enumerate(engine.params["rules"]):
        try:
            rules.append(wanted_rule(spec, "rules[%d]: " % index))
        except RuleError as error:
            engine.fail(str(error))
    return rules


def converge(engine, group):
    """The rule set, when the task gives it: one listing (the group's), the missing and extra rules' jobs at once."""
    if engine.params.get("rules") is None:
        return group
    wanted = wanted_rules(engine)
    before, after = converge_rules(engine, group, wanted)
    if before == after:
        return group
    engine.note("rules", before, after)
    if engine.check_mode:
        return dict(group, rules=after)
    return engine.find() or group


def with_rules(engine, group):
    """The rules in the option's vocabulary (as predicted, in check mode)."""
    if "rules" not in group:
        group["rules"] = listed_rules(group)
    return group


RESOURCE = Resource(
    "security group",
    list_command="listSecurityGroups", create_command="createSecurityGroup", update_command="updateSecurityGroup",
    delete_command="deleteSecurityGroup", response_key="securitygroup",
    fields=[
        Field("id", create=None, update=None, returned="id"),
        Field("name", "name", required=True),
        Field("description", "description", update=None),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
        Field("rules", type="list", elements="dict", options=RULE_OPTIONS, compare=False),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"virtualmachineids": "virtual_machine_ids", "virtualmachinecount": "virtual_machine_count",
             "projectid": "project_id"},
    hooks={"find": find_by_group_name, "converge": converge, "result": with_rules},
    module_kwargs=dict(required_one_of=[("name", "id")], required_by={"account": "domain"}),
    waits=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
