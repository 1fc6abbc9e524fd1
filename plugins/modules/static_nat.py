#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: static_nat
short_description: Manage static NAT of CloudStack public IP addresses
description:
  - Enable static NAT (one-to-one NAT) of a public IP address to an instance, move it to another instance or guest
    IP address, and disable it.
  - Moving it disables it, then enables it for the new target (CloudStack has no command that moves it).
  - CloudStack refuses static NAT on a source NAT address or on an address with port forwarding rules (error 537),
    and a second static NAT for the same guest IP address of an instance (431); the module reports its message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  ip_address:
    description:
      - Public IP address whose static NAT is managed.
    type: str
    required: true
  vm:
    description:
      - Name or id of the instance the address is NATed to; required to enable static NAT.
    type: str
  vm_guest_ip:
    description:
      - Guest IP address of the instance to NAT to (a secondary one, say); its IP in the network when not given.
    type: str
  network:
    description:
      - Name or id of the instance's network; the address's network when not given (give the tier of an address of
        a VPC). Used when static NAT is enabled.
    type: str
  vpc:
    description:
      - Name or id of the VPC the address belongs to.
    type: str
  zone:
    description:
      - Name or id of the zone of the address.
    type: str
  state:
    description:
      - V(present) enables static NAT to O(vm), V(absent) disables it.
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
- name: NAT an address to web-01
  cloudstack.cloud.static_nat:
    ip_address: 203.0.113.10
    vm: web-01
    zone: zone-01

- name: NAT an address of a VPC to an instance of its web tier
  cloudstack.cloud.static_nat:
    ip_address: 203.0.113.11
    vm: web-02
    vpc: shop
    network: web

- name: Disable it
  cloudstack.cloud.static_nat:
    ip_address: 203.0.113.10
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the public IP address.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
ip_address:
  description: The public IP address.
  returned: success
  type: str
  sample: 203.0.113.10
vm_name:
  description: Name of the instance the address is NATed to.
  returned: success and static NAT is enabled
  type: str
  sample: web-01
vm_display_name:
  description: Display name of the instance.
  returned: success and static NAT is enabled
  type: str
  sample: web-01
vm_id:
  description: UUID of the instance.
  returned: success and static NAT is enabled
  type: str
vm_guest_ip:
  description: Guest IP address the address is NATed to.
  returned: success and static NAT is enabled
  type: str
  sample: 10.1.1.10
is_static_nat:
  description: Whether static NAT is enabled.
  returned: success
  type: bool
  sample: true
network:
  description: Name of the network the address is associated with.
  returned: success
  type: str
  sample: web-net
zone:
  description: Name of the zone of the address.
  returned: success
  type: str
  sample: zone-01
account:
  description: Account owning the address.
  returned: success
  type: str
  sample: admin
domain:
  description: Domain of the account.
  returned: success
  type: str
  sample: ROOT
project:
  description: Project owning the address.
  returned: success and a project owns it
  type: str
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

OWNER = ("zone", "domain", "account", "project", "vpc")
ADDRESS_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project", "vpcid": "vpc"}


def address_of(engine):
    """The address as CloudStack has it now (not from the lookup's cache: static NAT changes it)."""
    wanted = engine.wanted([RESOURCE.by_option[option] for option in OWNER + ("ip_address",)])
    owner = {"projectid": wanted[RESOURCE.by_option["project"]]} if engine.params["project"] else {"listall": True}
    found = engine.client.list("listPublicIpAddresses", id=wanted[RESOURCE.by_option["ip_address"]], **owner)
    return found[0] if found else None


def find_nat(engine):
    """The address, when its static NAT is enabled: otherwise there is nothing to update or disable."""
    address = address_of(engine)
    return address if address and address.get("isstaticnat") else None


def enable(engine, params):
    return engine.write("enableStaticNat", **params)


def move(engine, current, params):
    """Static NAT to another instance or guest IP: disabled, then enabled for the new target."""
    engine.write("disableStaticNat", ipaddressid=current["id"])
    target = engine.wanted([RESOURCE.by_option[option] for option in ("vm", "vm_guest_ip", "network")])
    request = dict((field.create, value) for field, value in target.items())
    engine.write("enableStaticNat", ipaddressid=current["id"], **request)
    return {}


def disable(engine, address):
    engine.write_own("disableStaticNat", ipaddressid=address["id"])
    return dict(address, isstaticnat=False, virtualmachineid=None, virtualmachinename=None,
                virtualmachinedisplayname=None, vmipaddress=None)


def described(engine, address):
    address["is_static_nat"] = bool(address.pop("isstaticnat", False))
    return dict((key, value) for key, value in address.items() if value is not None)


RESOURCE = Resource(
    "static NAT",
    list_command="listPublicIpAddresses",
    fields=[
        Field("ip_address", "ipaddressid", update=None, ref="ip_address", ref_scope=ADDRESS_SCOPE, compare=False),
        Field("vm", "virtualmachineid", ref="instance", ref_name="virtualmachinename", required=True,
              ref_scope={"zoneid": "zone", "projectid": "project", "networkid": "network"}),
        Field("vm_guest_ip", "vmguestip", returned="vmipaddress"),
        Field("network", "networkid", ref="network", compare=False, ref_scope={"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    identity="ip_address",
    renames={"ipaddress": "ip_address", "virtualmachineid": "vm_id", "virtualmachinename": "vm_name",
             "virtualmachinedisplayname": "vm_display_name", "vmipaddress": "vm_guest_ip",
             "associatednetworkname": "network", "associatednetworkid": "network_id", "zonename": "zone"},
    hooks={"find": find_nat, "create": enable, "prepare_update": move, "delete": disable, "result": described},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
