#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc_offering_info
short_description: Gather information about CloudStack VPC offerings
description:
  - Lists every VPC offering, or the one named by O(vpc_offering), narrowed by the filters.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  vpc_offering:
    description:
      - Name or id of the offering. Every offering is returned when not given; no offering of that name gives an
        empty list.
    type: str
    aliases: [name]
  state:
    description:
      - Only the offerings in this state.
    type: str
    choices: [Enabled, Disabled]
  is_default:
    description:
      - Only CloudStack's default offerings (V(true)) or the others (V(false)).
    type: bool
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
- name: Gather information about the enabled VPC offerings
  cloudstack.cloud.vpc_offering_info:
    state: Enabled
  register: result
"""

RETURN = r"""
vpc_offerings:
  description: The offerings, with the keys of the M(cloudstack.cloud.vpc_offering) module's result.
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
      sample: Default VPC offering
    state:
      description: State of the offering.
      type: str
      sample: Enabled
    is_default:
      description: Whether it is one of CloudStack's default offerings.
      type: bool
      sample: true
    distributed:
      description: Whether the VPC routers are distributed.
      type: bool
      sample: false
    region_level:
      description: Whether the offering supports region level VPCs.
      type: bool
      sample: false
    supported_services:
      description: Services of the offering.
      type: list
      elements: str
      sample: [Dhcp, Dns, SourceNat]
    service_providers:
      description: Provider of each service.
      type: list
      elements: dict
      sample: [{service: Dhcp, provider: VpcVirtualRouter}]
    service_capabilities:
      description: Capabilities CloudStack lists for the services.
      type: list
      elements: dict
      sample: [{service: Connectivity, capabilitytype: DistributedRouter, capabilityvalue: "false"}]
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
    "VPC offering", "listVPCOfferings", "vpc_offerings",
    match=Field("vpc_offering", "name", aliases=["name"]),
    filters=[
        Field("state", "state", choices=["Enabled", "Disabled"]),
        Field("is_default", "isdefault", type="bool"),
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
