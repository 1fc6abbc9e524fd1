#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc_info
short_description: Gather information about CloudStack VPCs
description:
  - List VPCs (all the caller sees, one by name or id, or those of a zone, owner, offering or with given tags), with
    the result keys of the C(vpc) module.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of the VPC. Every VPC (matching the other options) is returned when not given; no VPC of that
        name gives an empty list.
    type: str
  zone:
    description:
      - Name or id of the zone whose VPCs are listed.
    type: str
  vpc_offering:
    description:
      - Name or id of the VPC offering of the VPCs listed.
    type: str
  state:
    description:
      - State of the VPCs listed (V(Enabled), V(Inactive)).
    type: str
  tags:
    description:
      - Resource tags the VPCs listed have (a map; each given key must have the given value).
    type: dict
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner.info
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every VPC
  cloudstack.cloud.vpc_info:
  register: result

- name: Gather information about one VPC
  cloudstack.cloud.vpc_info:
    name: shop
    zone: zone-01
  register: result

- name: Gather information about the VPCs of a team
  cloudstack.cloud.vpc_info:
    tags:
      team: web
  register: result
"""

RETURN = r"""
vpcs:
  description: The VPCs, with the keys the C(vpc) module returns.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the VPC.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    name:
      description: Name of the VPC.
      type: str
      sample: shop
    display_text:
      description: Display text of the VPC.
      type: str
      sample: Web shop
    cidr:
      description: The VPC's CIDR.
      type: str
      sample: 10.10.0.0/16
    network_domain:
      description: The DNS domain of the VPC's networks.
      type: str
      sample: shop.example.com
    vpc_offering:
      description: Name of the VPC offering.
      type: str
      sample: Default VPC offering
    state:
      description: State of the VPC.
      type: str
      sample: Enabled
    redundant_vpc_router:
      description: Whether the VPC has redundant routers.
      type: bool
      sample: false
    distributed_vpc_router:
      description: Whether the VPC's router is distributed.
      type: bool
      sample: false
    region_level_vpc:
      description: Whether the VPC spans the region.
      type: bool
      sample: false
    restart_required:
      description: Whether CloudStack says the VPC needs a restart.
      type: bool
      sample: false
    networks:
      description: The VPC's tiers (C(id), C(name), C(cidr), C(state)).
      type: list
      elements: dict
    zone:
      description: Name of the zone.
      type: str
      sample: zone-01
    account:
      description: Account owning the VPC.
      type: str
      sample: admin
    domain:
      description: Domain of the owner.
      type: str
      sample: ROOT
    project:
      description: Project owning the VPC, if a project does.
      type: str
    tags:
      description: Tags of the VPC, as key/value items sorted by key.
      type: list
      elements: dict
      sample: [{"key": "team", "value": "web"}]
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list
from ansible_collections.cloudstack.cloud.plugins.module_utils.vpcs import RENAMES, described


def tags_filter(module, params):
    """listVPCs wants tags as tags[0].key=K&tags[0].value=V."""
    tags = params.pop("tags", None)
    if tags:
        params["tags"] = tag_list(dict((str(k), str(v)) for k, v in tags.items()))
    return params


INFO = Info(
    "VPC", "listVPCs", "vpcs",
    match=Field("name", "name"),
    filters=[
        Field("zone", "zoneid", ref="zone"),
        Field("vpc_offering", "vpcofferingid", ref="vpc_offering"),
        Field("state", "state"),
        Field("tags", "tags", type="dict"),
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    list_params={"listall": True},
    renames=RENAMES,
    prepare=tags_filter,
    transform=described,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
