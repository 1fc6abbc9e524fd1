#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: internal_lb_vm
short_description: Start and stop CloudStack internal load balancer VMs
description:
  - Start or stop an internal LB VM, the appliance that serves the internal load balancers
    (M(cloudstack.cloud.lb_internal)) of one source address in a VPC tier.
  - CloudStack deploys the appliance itself, once an internal load balancer of the address has members
    (M(cloudstack.cloud.lb_internal_member)) or an instance starts in the tier, and destroys it with the last load
    balancer of the address; this module finds an existing one and fails when there is none.
  - The appliance is found by its O(name) or id; without a name, by the O(network) or O(vpc) it serves, which must
    then have exactly one.
  - CloudStack's commands for these appliances are for administrators.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name (case-insensitive, such as C(b-12-VM)) or id of the internal LB VM.
      - Required unless O(network) or O(vpc) is given.
    type: str
  network:
    description:
      - Name or id of the VPC tier the internal LB VM serves.
    type: str
  vpc:
    description:
      - Name or id of the VPC of the internal LB VM (and of O(network)).
    type: str
  zone:
    description:
      - Name or id of the zone of the internal LB VM; every zone when not given.
    type: str
  force:
    description:
      - With O(state=stopped), mark the appliance stopped even if its host cannot be told (CloudStack's C(forced)).
    type: bool
  state:
    description:
      - The power state the internal LB VM should have, V(started) or V(stopped).
    type: str
    default: started
    choices: [started, stopped]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure the internal LB VM runs
  cloudstack.cloud.internal_lb_vm:
    name: b-12-VM
    zone: zone-01

- name: Stop the one appliance of a tier
  cloudstack.cloud.internal_lb_vm:
    network: app
    vpc: shop
    state: stopped

- name: Stop it even if its host does not answer
  cloudstack.cloud.internal_lb_vm:
    name: b-12-VM
    state: stopped
    force: true
"""

RETURN = r"""
id:
  description: UUID of the internal LB VM.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the internal LB VM.
  returned: success
  type: str
  sample: b-12-VM
state:
  description: State of the internal LB VM.
  returned: success
  type: str
  sample: Running
role:
  description: Role of the domain router.
  returned: success
  type: str
  sample: INTERNAL_LB_VM
guest_ip_address:
  description: Its address in the tier, the source address of the internal load balancers it serves.
  returned: success
  type: str
  sample: 10.1.1.34
network:
  description: Name of the tier it serves.
  returned: success
  type: str
  sample: app
network_id:
  description: UUID of that tier.
  returned: success
  type: str
vpc:
  description: Name of the VPC of the tier.
  returned: success
  type: str
  sample: shop
vpc_id:
  description: UUID of that VPC.
  returned: success
  type: str
public_ip:
  description: Public address of the appliance (internal LB VMs have none).
  returned: when it has one
  type: str
host:
  description: Name of the host it runs on.
  returned: while it runs
  type: str
  sample: host-01
zone:
  description: Name of its zone.
  returned: success
  type: str
  sample: zone-01
created:
  description: When CloudStack deployed it.
  returned: success
  type: str
  sample: "2014-12-01T14:57:57+0100"
service_offering:
  description: Name of its system service offering.
  returned: success
  type: str
  sample: System Offering For Internal LB VM
template_version:
  description: Version of its system VM template.
  returned: success
  type: str
  sample: 4.22.1
requires_upgrade:
  description: Whether it needs an upgrade to a newer template.
  returned: success
  type: bool
  sample: false
domain:
  description: Domain of its owner, the tier's.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account of its owner.
  returned: when an account owns it
  type: str
  sample: admin
project:
  description: Project of its owner.
  returned: when a project owns it
  type: str
job_id:
  description: Id of the CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.appliances import (
    POWER, RENAMES, described_scope, find_appliance, switch_power)
from ansible_collections.cloudstack.cloud.plugins.module_utils.load_balancers import NETWORK_SCOPE
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_internal_lb_vm(engine):
    return find_appliance(engine, "internal LB VM")


def refuse(engine, params):
    what = repr(engine.params["name"]) if engine.params.get("name") else "of %s" % described_scope(engine)
    engine.fail("internal LB VM %s not found; CloudStack deploys one for the source address of an internal load "
                "balancer (cloudstack.cloud.lb_internal) once it has members (cloudstack.cloud.lb_internal_member)" % what)


def reach_state(engine, appliance):
    wanted = POWER[engine.params["state"]]
    if appliance["state"] == wanted:
        return appliance
    if wanted == "Running":
        return switch_power(engine, appliance, wanted, "startInternalLoadBalancerVM")
    forced = {"forced": True} if engine.params["force"] else {}
    return switch_power(engine, appliance, wanted, "stopInternalLoadBalancerVM", **forced)


RESOURCE = Resource(
    "internal LB VM",
    list_command="listInternalLoadBalancerVMs", response_key="internalloadbalancervm", list_params={"listall": True},
    fields=[
        Field("name", compare=False),
        Field("network", ref="network", compare=False, ref_scope=NETWORK_SCOPE),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("force", type="bool", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    scope={"zone": "zoneid", "network": "networkid", "vpc": "vpcid", "domain": "domainid", "account": "account",
           "project": "projectid"},
    states={"started": {}, "stopped": {}},
    absent_states=(),
    renames=RENAMES,
    hooks={"find": find_internal_lb_vm, "create": refuse, "converge": reach_state},
    module_kwargs=dict(required_one_of=[["name", "network", "vpc"]], required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
