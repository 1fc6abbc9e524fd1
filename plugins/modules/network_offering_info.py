#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: network_offering_info
short_description: Gather information about CloudStack network offerings
description:
  - Lists every network offering, or the one named by O(network_offering), narrowed by the filters.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  network_offering:
    description:
      - Name or id of the offering. Every offering is returned when not given; no offering of that name gives an
        empty list.
    type: str
    aliases: [name]
  guest_ip_type:
    description:
      - Only the offerings of this guest type.
    type: str
    choices: [Shared, Isolated, L2]
  for_vpc:
    description:
      - Only the offerings for VPC tiers (V(true)) or for other networks (V(false)).
    type: bool
  state:
    description:
      - Only the offerings in this state.
    type: str
    choices: [Enabled, Disabled]
  supported_services:
    description:
      - Only the offerings that support all of these services.
    type: list
    elements: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering.info
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about the enabled isolated offerings with source NAT
  cloudstack.cloud.network_offering_info:
    guest_ip_type: Isolated
    state: Enabled
    supported_services: [SourceNat]
  register: result
"""

RETURN = r"""
network_offerings:
  description: The offerings, with the keys of the M(cloudstack.cloud.network_offering) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
    name:
      description: Name of the offering.
      type: str
      sample: DefaultIsolatedNetworkOfferingWithSourceNatService
    state:
      description: State of the offering.
      type: str
      sample: Enabled
    guest_ip_type:
      description: Guest type of the offering.
      type: str
      sample: Isolated
    availability:
      description: Availability of the offering.
      type: str
      sample: Required
    supported_services:
      description: Services of the offering.
      type: list
      elements: str
      sample: [Dhcp, Dns, SourceNat]
    service_providers:
      description: Provider of each service.
      type: list
      elements: dict
      sample: [{service: Dhcp, provider: VirtualRouter}]
    service_capabilities:
      description: Capabilities CloudStack lists for the services.
      type: list
      elements: dict
      sample: [{service: SourceNat, capabilitytype: RedundantRouter, capabilityvalue: "false"}]
    egress_default_policy:
      description: Default egress policy.
      type: str
      sample: allow
    is_default:
      description: Whether it is one of CloudStack's default offerings.
      type: bool
      sample: true
    for_vpc:
      description: Whether the offering is for VPC tiers.
      type: bool
      sample: false
    tags:
      description: Tags of the offering.
      type: list
      elements: str
      sample: []
    domains:
      description: Names of the domains the offering is restricted to.
      type: list
      elements: str
      sample: []
    zones:
      description: Names of the zones the offering is restricted to.
      type: list
      elements: str
      sample: []
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.offerings import RENAMES, info_item
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info

INFO = Info(
    "network offering", "listNetworkOfferings", "network_offerings",
    match=Field("network_offering", "name", aliases=["name"]),
    filters=[
        Field("guest_ip_type", "guestiptype", choices=["Shared", "Isolated", "L2"]),
        Field("for_vpc", "forvpc", type="bool"),
        Field("state", "state", choices=["Enabled", "Disabled"]),
        Field("supported_services", "supportedservices", type="list"),
        Field("zone", "zoneid", ref="zone"),
    ],
    renames=RENAMES,
    transform=info_item,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
