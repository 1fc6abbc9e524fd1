#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: lb_rule_member
short_description: Manage the instances a CloudStack load balancer rule balances over
description:
  - Add instances to a load balancer rule (C(assignToLoadBalancerRule)) or remove them
    (C(removeFromLoadBalancerRule)). The rule must exist (M(cloudstack.cloud.lb_rule) creates it).
  - Only the instances given are added or removed; the rule's other members stay.
  - The instances are looked up among those of the rule's network; CloudStack refuses an instance without a NIC in
    it (error 431), and the module reports its message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the load balancer rule.
    type: str
    required: true
  ip_address:
    description:
      - Public IP address of the rule; needed when several rules have the name.
    type: str
    aliases: [public_ip]
  vms:
    description:
      - Names or ids of the instances to add (O(state=present)) or to remove (O(state=absent)).
    type: list
    elements: str
    required: true
    aliases: [vm]
  zone:
    description:
      - Name or id of the zone of the rule.
    type: str
  state:
    description:
      - Whether the instances are members of the rule.
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
- name: Balance balance_http over web-01 and web-02
  cloudstack.cloud.lb_rule_member:
    name: balance_http
    vms:
      - web-01
      - web-02

- name: Take web-02 out of the rule on 203.0.113.10
  cloudstack.cloud.lb_rule_member:
    name: balance_http
    ip_address: 203.0.113.10
    vm: web-02
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the rule.
  returned: success
  type: str
  sample: balance_http
vms:
  description: Names of the rule's members after the task.
  returned: success
  type: list
  elements: str
  sample: [web-01, web-02]
description:
  description: Description of the rule.
  returned: success and the rule has one
  type: str
  sample: HTTP of the web tier
public_ip:
  description: Public IP address of the rule.
  returned: success
  type: str
  sample: 203.0.113.10
public_port:
  description: Public port.
  returned: success
  type: int
  sample: 80
private_port:
  description: Private port of the members.
  returned: success
  type: int
  sample: 8080
algorithm:
  description: Load balancing algorithm.
  returned: success
  type: str
  sample: source
protocol:
  description: Protocol of the load balancer.
  returned: success and one was set
  type: str
  sample: tcp
cidr:
  description: Source CIDRs the rule admits, comma-separated (empty for every source).
  returned: success
  type: str
  sample: 0.0.0.0/0
zone:
  description: Name of the zone of the rule.
  returned: success
  type: str
  sample: zone-01
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account that owns the rule.
  returned: success
  type: str
  sample: admin
project:
  description: Project that owns the rule.
  returned: success and a project owns it
  type: str
  sample: webshop
state:
  description: State of the rule as CloudStack reports it (C(Add) while members are being applied, then C(Active)).
  returned: success
  type: str
  sample: Active
tags:
  description: Tags of the rule, as a list of mappings with C(key) and C(value).
  returned: success
  type: list
  elements: dict
  sample: [{key: role, value: web}]
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.load_balancers import OWNER_SCOPE, RENAMES, change_members, described, find_rule
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import NotFound
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def missing_rule(engine, params):
    """There is nothing to create: the rule comes from lb_rule (in check mode, perhaps an earlier task's)."""
    raise NotFound("load balancer rule %r not found; create it with cloudstack.cloud.lb_rule" % engine.params["name"])


def change_rule_members(engine, rule, command):
    return change_members(engine, rule, command, engine.client.list("listLoadBalancerRuleInstances", id=rule["id"]))


RESOURCE = Resource(
    "load balancer rule",
    list_command="listLoadBalancerRules",
    fields=[
        Field("name", "name", update=None),
        Field("ip_address", "publicipid", update=None, ref="ip_address", ref_name="publicip", ref_scope=OWNER_SCOPE,
              aliases=["public_ip"], compare=False),
        Field("vms", type="list", aliases=["vm"], compare=False),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    required=("vms",),
    states={"present": {}},
    renames=RENAMES,
    hooks={"find": lambda engine: find_rule(engine, RESOURCE), "create": missing_rule,
           "converge": lambda engine, rule: change_rule_members(engine, rule, "assignToLoadBalancerRule"),
           "delete": lambda engine, rule: change_rule_members(engine, rule, "removeFromLoadBalancerRule"),
           "result": described},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
