#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: lb_internal_member
short_description: Manage the instances a CloudStack internal load balancer balances over
description:
  - Add instances to an internal load balancer of a VPC tier (C(assignToLoadBalancerRule)) or remove them
    (C(removeFromLoadBalancerRule)). The load balancer must exist (M(cloudstack.cloud.lb_internal) creates it).
  - Only the instances given are added or removed; the load balancer's other members stay.
  - The instances are looked up among those of the load balancer's network; CloudStack refuses an instance without a
    NIC in it (error 431), and the module reports its message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the internal load balancer.
    type: str
    required: true
  network:
    description:
      - Name or id of the VPC tier of the load balancer.
    type: str
    required: true
  vms:
    description:
      - Names or ids of the instances to add (O(state=present)) or to remove (O(state=absent)).
    type: list
    elements: str
    required: true
    aliases: [vm]
  vpc:
    description:
      - Name or id of the VPC of O(network).
    type: str
  zone:
    description:
      - Name or id of the zone of O(network).
    type: str
  state:
    description:
      - Whether the instances are members of the load balancer.
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
- name: Balance app-lb over app-01 and app-02
  cloudstack.cloud.lb_internal_member:
    name: app-lb
    network: app
    vpc: shop
    vms:
      - app-01
      - app-02

- name: Take app-01 out of it
  cloudstack.cloud.lb_internal_member:
    name: app-lb
    network: app
    vpc: shop
    vm: app-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the internal load balancer.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the internal load balancer.
  returned: success
  type: str
  sample: app-lb
vms:
  description: Names of the load balancer's members after the task.
  returned: success
  type: list
  elements: str
  sample: [app-01, app-02]
algorithm:
  description: Load balancing algorithm.
  returned: success
  type: str
  sample: source
source_ip:
  description: Guest address the load balancer listens on.
  returned: success
  type: str
  sample: 10.10.1.50
source_port:
  description: Port the load balancer listens on.
  returned: success
  type: int
  sample: 80
instance_port:
  description: Port of the members.
  returned: success
  type: int
  sample: 8080
network_id:
  description: UUID of the network of the load balancer.
  returned: success
  type: str
zone:
  description: Name of the zone of the network.
  returned: success
  type: str
  sample: zone-01
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account that owns the load balancer.
  returned: success
  type: str
  sample: admin
project:
  description: Project that owns the load balancer.
  returned: success and a project owns it
  type: str
  sample: webshop
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.load_balancers import (
    NETWORK_SCOPE, change_members, described_internal, find_internal)
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import NotFound
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def missing_lb(engine, params):
    """There is nothing to create: the load balancer comes from lb_internal (in check mode, perhaps an earlier task's)."""
    raise NotFound("internal load balancer %r not found; create it with cloudstack.cloud.lb_internal" % engine.params["name"])


def change_internal_members(engine, lb, command):
    """The members are in the listing (one entry per balanced address), under their instance names (i-2-10-VM): their
    names come from the listing of the network's instances, which also resolves the task's (one call)."""
    instances = engine.lookup.listing("instance", networkid=lb["networkid"], projectid=lb.get("projectid"))
    names = dict((vm["id"], vm["name"]) for vm in instances)
    current = dict((m["id"], dict(id=m["id"], name=names.get(m["id"], m["name"]))) for m in lb.get("loadbalancerinstance") or [])
    return change_members(engine, lb, command, list(current.values()))


def described(engine, lb):
    lb = described_internal(engine, lb)
    lb.pop("members", None)  # vms says who they are
    return lb


RESOURCE = Resource(
    "internal load balancer",
    list_command="listLoadBalancers",
    fields=[
        Field("name", "name", update=None),
        Field("network", "networkid", update=None, ref="network", ref_scope=NETWORK_SCOPE, compare=False),
        Field("vms", type="list", aliases=["vm"], compare=False),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    required=("vms", "network"),
    scope={"network": "networkid", "project": "projectid"},
    list_params={"listall": True},
    states={"present": {}},
    renames={"networkid": "network_id", "sourceipaddress": "source_ip", "sourceipaddressnetworkid": "source_ip_network_id"},
    hooks={"find": find_internal, "create": missing_lb,
           "converge": lambda engine, lb: change_internal_members(engine, lb, "assignToLoadBalancerRule"),
           "delete": lambda engine, lb: change_internal_members(engine, lb, "removeFromLoadBalancerRule"),
           "result": described},
    response_key="loadbalancer",
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
