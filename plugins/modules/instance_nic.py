#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_nic
short_description: Manage the NICs of CloudStack instances
description:
  - Add a NIC in another network to an instance, change the IP address of that NIC, and remove it.
  - An instance has one NIC per network; the NIC is found by its instance and network. CloudStack refuses a second NIC
    in the same network, an instance of the Basic zone, and a network of another zone.
  - CloudStack changes the IP address of a NIC only while its instance is stopped (when the network has services such
    as a virtual router's); the address must be free and in the network's CIDR, other than its gateway.
  - The default NIC (the instance's first) cannot be removed, nor a NIC whose addresses have port forwarding or static
    NAT rules. The instance's NICs are returned by M(cloudstack.cloud.instance) and M(cloudstack.cloud.instance_info)
    as C(nics).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  vm:
    description:
      - Name or id of the instance.
    type: str
    required: true
    aliases: [name]
  network:
    description:
      - Name or id of the network of the NIC.
    type: str
    required: true
  ip_address:
    description:
      - IPv4 address of the NIC in O(network); CloudStack picks a free one when not given. Changing it needs the
        instance stopped.
    type: str
  vpc:
    description:
      - Name or id of the VPC of O(network), when it is a VPC tier.
    type: str
  zone:
    description:
      - Name or id of the zone of the instance.
    type: str
    required: true
  state:
    description:
      - Whether the instance should have a NIC in O(network).
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
- name: Give web-01 a NIC in the backend network
  cloudstack.cloud.instance_nic:
    vm: web-01
    network: backend
    zone: zone-01

- name: With a given address (changed on an existing NIC while web-01 is stopped)
  cloudstack.cloud.instance_nic:
    vm: web-01
    network: backend
    ip_address: 10.1.2.32
    zone: zone-01

- name: Remove it
  cloudstack.cloud.instance_nic:
    vm: web-01
    network: backend
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the NIC.
  returned: success
  type: str
  sample: 87b1e0ce-4e01-11e4-bb66-0050569e64b8
vm:
  description: Name of the instance.
  returned: success
  type: str
  sample: web-01
vm_id:
  description: UUID of the instance.
  returned: success
  type: str
ip_address:
  description: IPv4 address of the NIC.
  returned: success
  type: str
  sample: 10.1.2.32
netmask:
  description: Netmask of the NIC.
  returned: success
  type: str
  sample: 255.255.255.0
gateway:
  description: Gateway of the NIC's network.
  returned: success
  type: str
  sample: 10.1.2.1
mac_address:
  description: MAC address of the NIC.
  returned: success
  type: str
  sample: 02:00:33:31:00:e4
network:
  description: Name of the network.
  returned: success
  type: str
  sample: backend
network_id:
  description: UUID of the network.
  returned: success
  type: str
is_default:
  description: Whether it is the instance's default NIC.
  returned: success
  type: bool
  sample: false
device_id:
  description: Position of the NIC in the instance (the default NIC is 0).
  returned: success
  type: str
  sample: "1"
secondary_ips:
  description: The NIC's secondary addresses (M(cloudstack.cloud.instance_nic_secondaryip)).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the secondary address.
      type: str
    ip_address:
      description: The address.
      type: str
domain:
  description: Domain of the instance.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account of the instance.
  returned: success
  type: str
  sample: admin
project:
  description: Project of the instance.
  returned: when a project owns it
  type: str
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 5
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import NIC_RENAMES, described_nic, nic_of, task_nic
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_nic(engine):
    return task_nic(engine, RESOURCE)


def add(engine, params):
    answer = engine.write_own("addNicToVirtualMachine", **params)
    if engine.job_id:  # the NIC exists once the job completes: what was asked for meanwhile
        return dict(params, id=None)
    return nic_of(answer["virtualmachine"], params["networkid"]) if answer else None


def change_address(engine, current, params):
    engine.write_own("updateVmNicIp", nicid=current["id"], ipaddress=params["ipaddress"])
    return {}


def remove(engine, nic):
    engine.write_own("removeNicFromVirtualMachine", virtualmachineid=nic["virtualmachineid"], nicid=nic["id"])


RESOURCE = Resource(
    "NIC",
    list_command="listNics",
    fields=[
        Field("vm", "virtualmachineid", update=None, ref="instance", aliases=["name"],
              ref_scope={"zoneid": "zone", "projectid": "project", "domainid": "domain", "account": "account"}),
        Field("network", "networkid", update=None, ref="network", ref_name="networkname",
              ref_scope={"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}),
        Field("ip_address", "ipaddress"),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    required=("vm", "network", "zone"),
    renames=NIC_RENAMES,
    hooks={"find": find_nic, "create": add, "prepare_update": change_address, "delete": remove, "result": described_nic},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
