#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_info
short_description: Gather information about CloudStack guest networks
description:
  - Lists the guest networks the caller may see (every account's for an administrator), or the one named by O(name),
    narrowed by zone, guest IP type, VPC and owner.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of the network. Every network is returned when not given; no network of that name gives an
        empty list.
    type: str
    aliases: [network]
  zone:
    description:
      - Name or id of the zone of the networks.
    type: str
  type:
    description:
      - Guest IP type of the networks.
    type: str
    choices: [Isolated, Shared, L2]
  vpc:
    description:
      - Name or id of the VPC whose tiers are listed.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner.info
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every network of a zone
  cloudstack.cloud.network_info:
    zone: zone-01
  register: result

- name: Gather information about one network
  cloudstack.cloud.network_info:
    name: web
    zone: zone-01
  register: result

- name: List the tiers of a VPC
  cloudstack.cloud.network_info:
    vpc: my-vpc
  register: tiers
"""

RETURN = r"""
networks:
  description: The networks, with the keys of the M(cloudstack.cloud.network) module's result (but for C(public_ips)
    and C(snat_ip), which take a listing per network).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the network.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    name:
      description: Name of the network.
      type: str
      sample: web
    display_text:
      description: Display text of the network.
      type: str
      sample: web network
    type:
      description: Guest IP type of the network.
      type: str
      sample: Isolated
    state:
      description: State of the network.
      type: str
      sample: Implemented
    zone:
      description: Name of the zone of the network.
      type: str
      sample: zone-01
    cidr:
      description: IPv4 CIDR of the network.
      type: str
      sample: 10.1.1.0/24
    gateway:
      description: IPv4 gateway of the network.
      type: str
      sample: 10.1.1.1
    netmask:
      description: IPv4 netmask of the network.
      type: str
      sample: 255.255.255.0
    vlan:
      description: VLAN of the network, once it has one.
      type: str
      sample: "300"
    network_domain:
      description: DNS domain of the network.
      type: str
      sample: web.example.com
    network_offering:
      description: Name of the network offering.
      type: str
      sample: DefaultIsolatedNetworkOfferingWithSourceNatService
    services:
      description: Services the network's offering provides.
      type: list
      elements: str
      sample: [Dhcp, Dns, SourceNat]
    acl_type:
      description: Who may use the network.
      type: str
      sample: Account
    vpc:
      description: Name of the VPC the network is a tier of.
      type: str
      sample: my-vpc
    domain:
      description: Domain of the network's owner.
      type: str
      sample: ROOT
    account:
      description: Account that owns the network.
      type: str
      sample: admin
    project:
      description: Project that owns the network.
      type: str
      sample: web
    tags:
      description: Tags of the network, as key/value items sorted by key.
      type: list
      elements: dict
      sample: [{key: env, value: prod}]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.networks import NETWORK_RENAMES, renamed
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info

INFO = Info(
    "network", "listNetworks", "networks",
    match=Field("name", "name", aliases=["network"]),
    filters=[
        Field("zone", "zoneid", ref="zone"),
        Field("type", "type", choices=["Isolated", "Shared", "L2"]),
        Field("vpc", "vpcid", ref="vpc"),
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    list_params={"listall": True},
    renames=renamed(NETWORK_RENAMES),
    since={"listNetworks.name": "4.19"},
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
