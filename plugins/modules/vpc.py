#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpc
short_description: Manage CloudStack VPCs
description:
  - Create, update, restart and delete Virtual Private Clouds (VPCs). Their tiers are networks with a VPC
    (the C(network) module); their access control lists are managed by C(network_acl) and C(network_acl_rule).
  - CloudStack changes only O(display_text) and the tags of an existing VPC; O(cidr), O(vpc_offering) and
    O(network_domain) are set at creation, and asking for another value of one fails, naming it, current and
    wanted value.
  - Redundant routers come with the offering (CloudStack's V(Redundant VPC offering)); the result says whether
    the VPC has them (RV(redundant_vpc_router)).
  - CloudStack refuses to delete a VPC that still has tiers; delete its networks first.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the VPC, unique within its owner.
    type: str
    required: true
  display_text:
    description:
      - Display text of the VPC; O(name) when not given at creation.
    type: str
  cidr:
    description:
      - The VPC's IPv4 super CIDR (RFC 1918), which its tiers' CIDRs must lie in; required to create it.
    type: str
  vpc_offering:
    description:
      - The VPC offering (name or id); CloudStack's enabled default offering (V(Default VPC offering)) when not
        given at creation.
    type: str
  network_domain:
    description:
      - The DNS domain of the VPC's networks; CloudStack makes one up when not given.
    type: str
  zone:
    description:
      - The zone (name or id) of the VPC, an Advanced zone.
    type: str
    required: true
  tags:
    description:
      - Resource tags of the VPC, as a map or as ngine_io's list of C(key)/C(value) dicts. Tags not listed are
        removed; V({}) removes all; not given leaves them alone.
    type: raw
    aliases: [tag]
  clean_up:
    description:
      - With O(state=restarted), whether CloudStack destroys the VPC's routers and makes new ones (a clean
        restart) instead of restarting them.
    type: bool
  state:
    description:
      - V(present) creates the VPC (and starts it) when missing, and updates it.
      - V(stopped) creates a missing VPC without starting it (its routers start with its first tier); an existing
        VPC is left as it is (CloudStack has no command that stops a VPC).
      - V(restarted) restarts an existing VPC (see O(clean_up)), or creates a missing one; it reports a change
        every time.
      - V(absent) deletes it.
    type: str
    default: present
    choices: [present, stopped, restarted, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a VPC
  cloudstack.cloud.vpc:
    name: shop
    display_text: Web shop
    cidr: 10.10.0.0/16
    zone: zone-01
    tags:
      team: web

- name: Ensure a VPC with redundant routers in a project
  cloudstack.cloud.vpc:
    name: shop-ha
    cidr: 10.20.0.0/16
    vpc_offering: Redundant VPC offering
    network_domain: shop.example.com
    zone: zone-01
    project: web

- name: Restart it, making new routers
  cloudstack.cloud.vpc:
    name: shop-ha
    zone: zone-01
    project: web
    clean_up: true
    state: restarted

- name: Remove a VPC
  cloudstack.cloud.vpc:
    name: shop
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the VPC.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the VPC.
  returned: success
  type: str
  sample: shop
display_text:
  description: Display text of the VPC.
  returned: success
  type: str
  sample: Web shop
cidr:
  description: The VPC's CIDR.
  returned: success
  type: str
  sample: 10.10.0.0/16
network_domain:
  description: The DNS domain of the VPC's networks.
  returned: success
  type: str
  sample: shop.example.com
vpc_offering:
  description: Name of the VPC offering.
  returned: success
  type: str
  sample: Default VPC offering
vpc_offering_id:
  description: UUID of the VPC offering.
  returned: success
  type: str
state:
  description: State of the VPC (V(Enabled), V(Inactive)).
  returned: success
  type: str
  sample: Enabled
redundant_vpc_router:
  description: Whether the VPC has redundant routers (from its offering).
  returned: success
  type: bool
  sample: false
distributed_vpc_router:
  description: Whether the VPC's router is distributed.
  returned: success
  type: bool
  sample: false
region_level_vpc:
  description: Whether the VPC spans the region.
  returned: success
  type: bool
  sample: false
restart_required:
  description: Whether CloudStack says the VPC needs a restart.
  returned: success
  type: bool
  sample: false
networks:
  description: The VPC's tiers (C(id), C(name), C(cidr), C(state) as CloudStack lists them).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "5a2c1d9e-9f2e-4d4e-8a44-3a53b0b5d7a1", "name": "web", "cidr": "10.10.1.0/24", "state": "Allocated"}]
zone:
  description: Name of the zone.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone.
  returned: success
  type: str
account:
  description: Account owning the VPC.
  returned: success
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
project:
  description: Project owning the VPC.
  returned: success and the VPC belongs to a project
  type: str
  sample: web
tags:
  description: Tags of the VPC, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
  sample: [{"key": "team", "value": "web"}]
created:
  description: When the VPC was created.
  returned: success
  type: str
  sample: "2026-01-02T10:11:12+0000"
job_id:
  description: The id of the last CloudStack job the task left running (O(wait=false)).
  returned: when O(wait=false) left a job running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, default_display_text
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags
from ansible_collections.cloudstack.cloud.plugins.module_utils.vpcs import RENAMES, described

DEFAULT_OFFERING = "Default VPC offering"


def prepare_create(engine, params):
    """CloudStack requires a display text (the name by default) and an offering (its enabled default one)."""
    if "vpcofferingid" not in params:
        params["vpcofferingid"] = default_offering(engine)
    return default_display_text(engine, params)


def default_offering(engine):
    defaults = engine.client.list("listVPCOfferings", isdefault=True, state="Enabled")
    if not defaults:
        engine.fail("vpc_offering is required to create the VPC %r: CloudStack has no enabled default VPC offering"
                    % engine.params["name"])
    chosen = [offering for offering in defaults if offering["name"] == DEFAULT_OFFERING] or defaults
    return chosen[0]["id"]


def converge(engine, vpc):
    vpc = converge_tags(engine, vpc, "Vpc")
    if engine.params["state"] == "restarted" and not engine.created:
        params = dict(id=vpc.get("id"))
        if engine.params.get("clean_up") is not None:
            params["cleanup"] = engine.params["clean_up"]
        engine.write("restartVPC", wait=engine.waiting, **params)
        if not engine.check_mode and engine.waiting:
            vpc = dict(engine.find() or vpc, tags=vpc.get("tags"))
    return vpc


RESOURCE = Resource(
    "VPC",
    list_command="listVPCs", create_command="createVPC", update_command="updateVPC", delete_command="deleteVPC",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("display_text", "displaytext"),
        Field("cidr", "cidr", update=None, required=True),
        Field("vpc_offering", "vpcofferingid", ref="vpc_offering", ref_name="vpcofferingname", update=None),
        Field("network_domain", "networkdomain", update=None),
        Field("zone", "zoneid", ref="zone", ref_name="zonename", update=None),
        Field("domain", "domainid", ref="domain", update=None, compare=False),
        Field("account", "account", update=None, compare=False),
        Field("project", "projectid", ref="project", update=None, compare=False),
        Field("tags", type="raw", create=None, update=None, compare=False, aliases=["tag"]),  # converge_tags
        Field("clean_up", create=None, update=None, type="bool", compare=False),  # restartVPC's cleanup
        Field("start", "start", update=None, type="bool", compare=False, internal=True),
    ],
    scope={"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "stopped": {"start": False}, "restarted": {}},
    required=("zone",),
    renames=RENAMES,
    hooks={"prepare_create": prepare_create, "converge": converge, "result": described},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("project", "account")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
