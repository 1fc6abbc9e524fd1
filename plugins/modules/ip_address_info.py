#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ip_address_info
short_description: Gather information about CloudStack public IP addresses
description:
  - Lists the public IP addresses the caller may see (every account's for an administrator), narrowed by address,
    zone, network, VPC, instance, source or static NAT, state, tags and owner, with the result keys of the
    M(cloudstack.cloud.ip_address) module.
  - As CloudStack lists them, only acquired addresses are listed unless O(allocated_only=false) or O(state) names
    V(Free) or V(Reserved).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  ip_address:
    description:
      - The public IP address. Every address (matching the other options) is listed when not given; an address that is
        not acquired gives an empty list.
    type: str
  zone:
    description:
      - Name or id of the zone of the addresses.
    type: str
  network:
    description:
      - Name or id of the network the addresses are acquired for (looked up in O(zone) and O(project) first).
    type: str
  vpc:
    description:
      - Name or id of the VPC the addresses are acquired for (looked up in O(zone) and O(project) first).
    type: str
  vm:
    description:
      - Name or id of the instance the addresses have static NAT to (looked up in O(zone) and O(project) first).
    type: str
  is_source_nat:
    description:
      - Only the source NAT addresses of their networks or VPCs (V(true)), or only the others (V(false)).
    type: bool
  is_static_nat:
    description:
      - Only the addresses with static NAT to an instance (V(true)), or only the others (V(false)).
    type: bool
  allocated_only:
    description:
      - Whether only acquired addresses are listed. CloudStack's default when not given, V(true) unless O(state)
        names V(Free) or V(Reserved); V(true) with those states is an error.
    type: bool
  state:
    description:
      - States of the addresses listed.
    type: list
    elements: str
    choices: [Allocating, Allocated, Releasing, Reserved, Free]
  tags:
    description:
      - Tags the addresses listed have, as a map or as a list of mappings with C(key) and C(value) (ngine_io's form);
        an address is listed when it has every given tag.
    type: raw
    aliases: [tag]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner.info
  - cloudstack.cloud.cloudstack.info_attributes
seealso:
  - module: cloudstack.cloud.ip_address
  - module: cloudstack.cloud.static_nat
"""

EXAMPLES = r"""
- name: Gather information about every address of a network
  cloudstack.cloud.ip_address_info:
    network: web
    zone: zone-01
  register: result

- name: Gather information about one address
  cloudstack.cloud.ip_address_info:
    ip_address: 192.0.2.20
  register: result

- name: Find the source NAT address of a VPC
  cloudstack.cloud.ip_address_info:
    vpc: my-vpc
    is_source_nat: true
  register: snat

- name: Find the address an instance has static NAT to
  cloudstack.cloud.ip_address_info:
    vm: web-01
  register: result

- name: Find the addresses known by a tag
  cloudstack.cloud.ip_address_info:
    tags:
      purpose: web-frontend
  register: result
"""

RETURN = r"""
ip_addresses:
  description: The addresses, with the keys of the M(cloudstack.cloud.ip_address) module's result
    (plus the other fields CloudStack returns, in snake_case).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the public IP address.
      type: str
      sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
    ip_address:
      description: The public IP address.
      type: str
      sample: 192.0.2.20
    state:
      description: State of the address.
      type: str
      sample: Allocated
    zone:
      description: Name of the zone of the address.
      type: str
      sample: zone-01
    zone_id:
      description: UUID of the zone of the address.
      type: str
      sample: 3f8a1fd3-4f7c-4f3e-9a0b-6e0f3c2b1a11
    network:
      description: Name of the network the address is acquired for, if it is.
      type: str
      sample: web
    network_id:
      description: UUID of the network the address is acquired for, if it is.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    vpc:
      description: Name of the VPC the address is acquired for, if it is.
      type: str
      sample: my-vpc
    vpc_id:
      description: UUID of the VPC the address is acquired for, if it is.
      type: str
      sample: 8d3f3c5e-1d3b-11e5-9f0a-005056a7f2c1
    is_source_nat:
      description: Whether it is the source NAT address of its network or VPC.
      type: bool
      sample: false
    is_static_nat:
      description: Whether static NAT to an instance is enabled on the address.
      type: bool
      sample: true
    virtual_machine:
      description: Name of the instance the address has static NAT to, if it has.
      type: str
      sample: web-01
    virtual_machine_id:
      description: UUID of the instance the address has static NAT to, if it has.
      type: str
      sample: 9c1f5b2e-5d6a-4c3b-8e7f-1a2b3c4d5e6f
    vm_ip_address:
      description: The instance's guest address the static NAT goes to, if it has.
      type: str
      sample: 10.1.1.23
    purpose:
      description: What the address is used for (C(SourceNat), C(StaticNat)), if CloudStack says.
      type: str
      sample: StaticNat
    vlan:
      description: VLAN of the public range the address is from.
      type: str
      sample: vlan://50
    vlan_id:
      description: UUID of the public range the address is from.
      type: str
      sample: 2b6a7f3c-1e2d-4c5b-9a8f-7e6d5c4b3a21
    allocated:
      description: When the address was acquired.
      type: str
      sample: "2026-01-02T10:00:00+0000"
    project:
      description: Project the address belongs to, if a project does.
      type: str
      sample: web
    account:
      description: Account the address belongs to.
      type: str
      sample: admin
    domain:
      description: Domain of the address's owner.
      type: str
      sample: ROOT
    tags:
      description: Tags of the address, as key/value items sorted by key (C(tags | items2dict) makes them a map).
      type: list
      elements: dict
      sample: [{key: purpose, value: web-frontend}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.networks import ADDRESS_RENAMES, renamed
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info, resolve_ref
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list, tags_map, wanted_tags

SCOPE = {"zoneid": "zone", "projectid": "project"}
VM = Field("vm", ref="instance", ref_scope=SCOPE)  # listPublicIpAddresses has no instance filter: see select


def tags_filter(module, params):
    """listPublicIpAddresses wants tags as tags[0].key=K&tags[0].value=V."""
    params.pop("tags", None)
    tags = wanted_tags(module)
    if tags:
        params["tags"] = tag_list(tags)
    return params


def select(module, addresses):
    """CloudStack lists the addresses that have any of the given tags: keep those that have them all; and those
    with static NAT to the instance ``vm`` names (found among the zone's and project's first)."""
    tags = wanted_tags(module)
    if tags:
        addresses = [a for a in addresses if all(tags_map(a.get("tags")).get(k) == v for k, v in tags.items())]
    if module.params.get("vm") is not None:
        scope = dict((param, module.lookup.id(option, module.params[option])) for param, option in SCOPE.items()
                     if module.params.get(option))
        vm_id = resolve_ref(module.lookup, VM, module.params["vm"], scope)
        addresses = [a for a in addresses if a.get("virtualmachineid") == vm_id]
    return addresses


INFO = Info(
    "public IP address", "listPublicIpAddresses", "ip_addresses",
    filters=[
        Field("ip_address", "ipaddress"),
        Field("zone", "zoneid", ref="zone"),
        Field("network", "associatednetworkid", ref="network", ref_scope=SCOPE),
        Field("vpc", "vpcid", ref="vpc", ref_scope=SCOPE),
        VM,
        Field("is_source_nat", "issourcenat", type="bool"),
        Field("is_static_nat", "isstaticnat", type="bool"),
        Field("allocated_only", "allocatedonly", type="bool"),
        Field("state", "state", type="list", choices=["Allocating", "Allocated", "Releasing", "Reserved", "Free"]),
        Field("tags", "tags", type="raw", aliases=["tag"]),  # a map or a list of {key, value}: tags_filter
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    list_params={"listall": True},
    renames=renamed(ADDRESS_RENAMES),
    prepare=tags_filter,
    select=select,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
