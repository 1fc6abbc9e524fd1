#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_nic_secondaryip
short_description: Manage the secondary IP addresses of CloudStack instances' NICs
description:
  - Add a secondary IP address to a NIC of an instance (its default NIC, or its NIC in O(network)), and remove it.
  - CloudStack refuses an address outside the network's CIDR, its gateway, or one already in use in the network; it
    refuses to remove an address that a port forwarding or static NAT rule uses.
  - Without O(vm_guest_ip), CloudStack picks a free address, and every run adds one more (as in ngine_io.cloudstack);
    give the address to make the task idempotent.
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
  vm_guest_ip:
    description:
      - The secondary IPv4 address; required to remove one. Not given, CloudStack adds a free address of the network.
    type: str
    aliases: [secondary_ip]
  network:
    description:
      - Name or id of the network of the NIC; the instance's default NIC when not given.
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
      - Whether the NIC should have the address.
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
- name: A second address on the default NIC of web-01
  cloudstack.cloud.instance_nic_secondaryip:
    vm: web-01
    vm_guest_ip: 10.1.1.200
    zone: zone-01

- name: One on its NIC in the backend network
  cloudstack.cloud.instance_nic_secondaryip:
    vm: web-01
    network: backend
    vm_guest_ip: 10.1.2.200
    zone: zone-01

- name: Remove the first
  cloudstack.cloud.instance_nic_secondaryip:
    vm: web-01
    vm_guest_ip: 10.1.1.200
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the NIC.
  returned: success
  type: str
  sample: 87b1e0ce-4e01-11e4-bb66-0050569e64b8
vm_guest_ip:
  description: The secondary address.
  returned: success
  type: str
  sample: 10.1.1.200
vm_guest_ip_id:
  description: UUID of the secondary address.
  returned: success and the address exists
  type: str
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
  description: Primary IPv4 address of the NIC.
  returned: success
  type: str
  sample: 10.1.1.10
netmask:
  description: Netmask of the NIC.
  returned: success
  type: str
  sample: 255.255.255.0
mac_address:
  description: MAC address of the NIC.
  returned: success
  type: str
  sample: 02:00:33:31:00:e4
network:
  description: Name of the NIC's network.
  returned: success
  type: str
  sample: web
network_id:
  description: UUID of that network.
  returned: success
  type: str
is_default:
  description: Whether it is the instance's default NIC.
  returned: success
  type: bool
secondary_ips:
  description: The NIC's secondary addresses (as read before this task's change).
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import NIC_RENAMES, described_nic, task_nic
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def with_address(nic, address):
    """The NIC with one of its secondary addresses: what the module reports."""
    return dict(nic, vmguestip=address.get("ipaddress"), vmguestipid=address.get("id"))


def find_address(engine):
    """The NIC's secondary address O(vm_guest_ip) (none to find without it: CloudStack adds a new one)."""
    engine.nic = task_nic(engine, RESOURCE)
    if engine.nic is None:
        if engine.params["state"] == "absent":
            return None
        engine.fail("the instance %r has no NIC in the network %r; add one with cloudstack.cloud.instance_nic"
                    % (engine.params["vm"], engine.params["network"]))
    wanted = engine.params["vm_guest_ip"]
    address = next((item for item in engine.nic.get("secondaryip") or [] if wanted and item.get("ipaddress") == wanted), None)
    return with_address(engine.nic, address) if address else None


def add(engine, params):
    answer = engine.write_own("addIpToNic", nicid=engine.nic["id"], **params)
    return with_address(engine.nic, (answer or {}).get("nicsecondaryip") or {"ipaddress": params.get("ipaddress")})


def remove(engine, current):
    engine.write_own("removeIpFromNic", id=current["vmguestipid"])


RESOURCE = Resource(
    "secondary IP address",
    list_command="listNics",
    fields=[
        Field("vm", "virtualmachineid", create=None, update=None, ref="instance", aliases=["name"],
              ref_scope={"zoneid": "zone", "projectid": "project", "domainid": "domain", "account": "account"}),
        Field("vm_guest_ip", "ipaddress", update=None, returned="vmguestip", aliases=["secondary_ip"]),
        Field("network", ref="network", compare=False, ref_scope={"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    required=("vm", "zone"),
    renames=dict(NIC_RENAMES, vmguestip="vm_guest_ip", vmguestipid="vm_guest_ip_id"),
    hooks={"find": find_address, "create": add, "delete": remove, "result": described_nic},
    module_kwargs=dict(required_by={"account": "domain"}, required_if=[("state", "absent", ["vm_guest_ip"])]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
