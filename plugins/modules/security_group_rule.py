#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: security_group_rule
short_description: Manage one rule of a CloudStack security group
description:
  - Authorize or revoke one ingress or egress rule of an existing security group.
  - A rule is what CloudStack stores; the module compares the same way, so V(tcp) ports V(0) to V(0) are every port
    (V(0) to V(65535)) and O(end_port) defaults to O(start_port).
  - To converge a group's whole rule set in one task, use O(cloudstack.cloud.security_group#module:rules).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  security_group:
    description:
      - Name of the security group the rule belongs to (of O(project) when given, else of the caller's account).
    type: str
    required: true
  type:
    description:
      - Direction of the rule.
    type: str
    default: ingress
    choices: [ingress, egress]
  protocol:
    description:
      - Protocol of the rule. V(ah), V(esp) and V(gre) are sent by number (51, 50 and 47), the only way CloudStack
        accepts them; V(all) allows every protocol.
    type: str
    default: tcp
    choices: [tcp, udp, icmp, ah, esp, gre, all]
  start_port:
    description:
      - First port of the rule; required for V(tcp) and V(udp).
    type: int
    aliases: [port]
  end_port:
    description:
      - Last port of the rule; O(start_port) when not given.
    type: int
  icmp_type:
    description:
      - ICMP type, required for V(icmp) (V(-1) for any).
    type: int
  icmp_code:
    description:
      - ICMP code, required for V(icmp) (V(-1) for any).
    type: int
  cidr:
    description:
      - Source (ingress) or destination (egress) network of the rule. Ignored with O(user_security_group).
    type: str
    default: 0.0.0.0/0
  user_security_group:
    description:
      - Name of a security group of the same owner whose members the rule allows, instead of O(cidr).
    type: str
  project:
    description:
      - Project (name or id) owning the security group.
    type: str
  state:
    description:
      - Whether the rule should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Allow HTTP from 192.0.2.4 into the default group
  cloudstack.cloud.security_group_rule:
    security_group: default
    port: 80
    cidr: 192.0.2.4/32

- name: Allow tcp and udp outbound
  cloudstack.cloud.security_group_rule:
    security_group: default
    type: egress
    start_port: 1
    end_port: 65535
    protocol: "{{ item }}"
  loop: [tcp, udp]

- name: Allow ping from anywhere
  cloudstack.cloud.security_group_rule:
    security_group: default
    protocol: icmp
    icmp_type: 8
    icmp_code: 0

- name: Allow SSH from the members of the group bastion
  cloudstack.cloud.security_group_rule:
    security_group: default
    port: 22
    user_security_group: bastion

- name: Revoke HTTP from anywhere
  cloudstack.cloud.security_group_rule:
    security_group: default
    port: 80
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success, when the rule exists (not in check mode before it does)
  type: str
  sample: 1e0c3c8e-3a2f-4f7e-8d53-0b9b8c0f2e11
security_group:
  description: Name of the security group of the rule.
  returned: success
  type: str
  sample: default
type:
  description: Direction of the rule.
  returned: success
  type: str
  sample: ingress
protocol:
  description: Protocol of the rule.
  returned: success
  type: str
  sample: tcp
start_port:
  description: First port of the rule.
  returned: for tcp and udp
  type: int
  sample: 80
end_port:
  description: Last port of the rule.
  returned: for tcp and udp
  type: int
  sample: 80
icmp_type:
  description: ICMP type of the rule.
  returned: for icmp
  type: int
  sample: -1
icmp_code:
  description: ICMP code of the rule.
  returned: for icmp
  type: int
  sample: -1
cidr:
  description: Network of the rule.
  returned: success and cidr is defined
  type: str
  sample: 0.0.0.0/0
user_security_group:
  description: Security group whose members the rule allows.
  returned: success and user_security_group is defined
  type: str
  sample: bastion
job_id:
  description: Id of the job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.security_groups import (
    PROTOCOLS, RuleError, authorize, find_group, key, listed_rule, listed_rules, revoke, wanted_rule)


def rule_of_task(engine):
    try:
        rule = wanted_rule(engine.params)
    except RuleError as error:
        engine.fail(str(error))
    return rule


def find_rule(engine):
    """The group, listed once with its rules (NotFound when it does not exist), then the rule among them."""
    owner = {}
    if engine.params.get("project"):
        owner["projectid"] = engine.lookup.id("project", engine.params["project"])
    engine.group = find_group(engine.client, engine.params["security_group"], owner)
    wanted = key(rule_of_task(engine))
    return next((rule for rule in listed_rules(engine.group) if key(rule) == wanted), None)


def authorize_rule(engine, params):
    """The one rule the task describes; the job's answer holds it."""
    rule = rule_of_task(engine)
    engine.after = dict(rule)
    answer = authorize(engine, engine.group, [rule], wait=engine.waiting)[1]
    if engine.check_mode or not engine.waiting:
        if isinstance(answer, dict) and "jobid" in answer:
            engine.job_id = answer["jobid"]
        return {"rule": rule}
    added = (answer.get("securitygroup") or {}).get(rule["type"] + "rule") or []
    return {"rule": listed_rule(rule["type"], added[0]) if added else rule}


def revoke_rule(engine, rule):
    engine.before = dict((k, v) for k, v in rule.items() if k != "id")
    answer = revoke(engine, rule, wait=engine.waiting)[1]
    if not engine.waiting and isinstance(answer, dict) and "jobid" in answer:
        engine.job_id = answer["jobid"]
    return rule


def named(engine, rule):
    return dict(rule, security_group=engine.params["security_group"])


RESOURCE = Resource(
    "security group rule",
    list_command="listSecurityGroups", response_key="rule",
    fields=[
        Field("security_group", compare=False),
        Field("type", choices=["ingress", "egress"], default="ingress", compare=False),
        Field("protocol", choices=PROTOCOLS, default="tcp", compare=False),
        Field("start_port", type="int", aliases=["port"], compare=False),
        Field("end_port", type="int", compare=False),
        Field("icmp_type", type="int", compare=False),
        Field("icmp_code", type="int", compare=False),
        Field("cidr", default="0.0.0.0/0", compare=False),
        Field("user_security_group", compare=False),
        Field("project", compare=False),
    ],
    required=("security_group",),
    hooks={"find": find_rule, "create": authorize_rule, "delete": revoke_rule, "result": named},
    module_kwargs=dict(required_together=[("icmp_type", "icmp_code")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
