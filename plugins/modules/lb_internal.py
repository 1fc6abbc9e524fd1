#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: lb_internal
short_description: Manage internal load balancers in CloudStack VPC tiers
description:
  - Create and delete internal load balancers, which balance a source port of a guest address of a VPC tier to an
    instance port of the tier's instances (add them with M(cloudstack.cloud.lb_rule_member), giving the
    load balancer's name and O(network)). CloudStack runs them on internal load balancer VMs.
  - The tier's network offering must have the C(Lb) service from the C(InternalLbVm) provider, such as
    C(DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB); CloudStack refuses other networks (error 431).
  - A load balancer is identified by its name and its network (also among those hidden from the end user).
    CloudStack changes only O(for_display) of an existing one (C(updateLoadBalancer)); a different algorithm, port,
    source address or source network fails naming the option, or with O(force=true) deletes the load balancer and
    creates it again (another id, without its members; it keeps its source address unless O(source_ip) says
    another).
  - Load balancers sharing a source address must be of the same network and balance different source ports
    (CloudStack's error 537 otherwise).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the load balancer.
    type: str
    required: true
  description:
    description:
      - Description of the load balancer; used at creation only (never compared).
    type: str
  algorithm:
    description:
      - How the load balancer spreads connections over its members; V(source) when it is created without one, an
        existing one's left as it is when not given.
    type: str
    choices: [source, roundrobin, leastconn]
  source_port:
    description:
      - Port the load balancer listens on; required to create it.
    type: int
  instance_port:
    description:
      - Port of the members the traffic goes to; required to create it.
    type: int
  source_ip:
    description:
      - Guest address the load balancer listens on, in O(source_ip_network); CloudStack acquires a free one when not
        given (load balancers of the same network may share one).
    type: str
  source_ip_network:
    description:
      - Name or id of the network of O(source_ip); O(network) when not given.
    type: str
  network:
    description:
      - Name or id of the VPC tier the load balancer balances in.
    type: str
    required: true
  vpc:
    description:
      - Name or id of the VPC of O(network) (to tell tiers of the same name apart).
    type: str
  zone:
    description:
      - Name or id of the zone of O(network).
    type: str
  for_display:
    description:
      - Whether the load balancer is shown to the end user (CloudStack's default is V(true)).
    type: bool
  force:
    description:
      - Whether a difference in an option CloudStack cannot change deletes the load balancer and creates it again
        instead of failing the task.
    type: bool
    default: false
  state:
    description:
      - Whether the load balancer exists.
    type: str
    default: present
    choices: [present, absent]
notes:
  - The load balancer belongs to the owner of O(network); O(domain), O(account) and O(project) say where to find the
    network and the load balancer.
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Balance port 80 of a guest address of the app tier to port 8080 of its instances
  cloudstack.cloud.lb_internal:
    name: app-lb
    network: app
    vpc: shop
    algorithm: roundrobin
    source_port: 80
    instance_port: 8080

- name: Listen on a chosen address
  cloudstack.cloud.lb_internal:
    name: api-lb
    network: app
    vpc: shop
    source_ip: 10.10.1.50
    source_port: 443
    instance_port: 8443

- name: Delete the load balancer
  cloudstack.cloud.lb_internal:
    name: app-lb
    network: app
    vpc: shop
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the load balancer.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the load balancer.
  returned: success
  type: str
  sample: app-lb
description:
  description: Description of the load balancer.
  returned: success and it has one
  type: str
  sample: App tier
algorithm:
  description: Load balancing algorithm.
  returned: success
  type: str
  sample: roundrobin
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
source_ip:
  description: Guest address the load balancer listens on.
  returned: success
  type: str
  sample: 10.10.1.50
source_ip_network_id:
  description: UUID of the network of the source address.
  returned: success
  type: str
network_id:
  description: UUID of the network the load balancer balances in.
  returned: success
  type: str
network:
  description: Name of the network the load balancer balances in.
  returned: success
  type: str
  sample: app
zone:
  description: Name of the zone of the network.
  returned: success
  type: str
  sample: zone-01
members:
  description: The load balancer's member instances (C(id), C(name) as CloudStack gives it, the instance name such as
    C(i-2-10-VM), C(state), C(ip_address)).
  returned: success
  type: list
  elements: dict
for_display:
  description: Whether the load balancer is shown to the end user.
  returned: success
  type: bool
  sample: true
state:
  description: State of the load balancer as CloudStack reports it (C(Add) until applied, then C(Active)).
  returned: success
  type: str
  sample: Active
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.load_balancers import NETWORK_SCOPE, described_internal, find_internal
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def prepare_create(engine, params):
    params.setdefault("sourceipaddressnetworkid", params["networkid"])  # CloudStack requires it
    params.setdefault("algorithm", "source")
    replaced = engine.replaced
    if replaced and replaced["sourceipaddressnetworkid"] == params["sourceipaddressnetworkid"]:
        params.setdefault("sourceipaddress", replaced["sourceipaddress"])  # force keeps the address
    return dict(params, scheme="Internal")


RESOURCE = Resource(
    "internal load balancer",
    list_command="listLoadBalancers", create_command="createLoadBalancer", delete_command="deleteLoadBalancer",
    update_command="updateLoadBalancer",
    fields=[
        Field("name", "name", update=None),
        Field("description", "description", update=None, compare=False),
        Field("algorithm", "algorithm", update=None, choices=["source", "roundrobin", "leastconn"]),
        Field("source_port", "sourceport", update=None, type="int", required=True),
        Field("instance_port", "instanceport", update=None, type="int", required=True),
        Field("source_ip", "sourceipaddress", update=None),
        Field("source_ip_network", "sourceipaddressnetworkid", update=None, ref="network", ref_scope=NETWORK_SCOPE),
        Field("network", "networkid", update=None, ref="network", ref_scope=NETWORK_SCOPE),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("for_display", "fordisplay", type="bool"),
        Field("force", type="bool", default=False, compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    required=("network",),
    scope={"network": "networkid", "project": "projectid"},
    list_params={"listall": True},
    renames={"networkid": "network_id", "sourceipaddressnetworkid": "source_ip_network_id"},
    hooks={"find": find_internal, "prepare_create": prepare_create, "result": described_internal},
    response_key="loadbalancer",
    recreate="force",
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
