#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: ip_address
short_description: Acquire and release CloudStack public IP addresses
description:
  - Acquires (C(associateIpAddress)) a public IP address for an isolated network, a VPC or an account, and releases
    it (C(disassociateIpAddress)).
  - The address is identified by O(ip_address), or by O(tags), as in ngine_io.cloudstack; an address that has every
    given tag is the one meant, and when none has them a new one is acquired and tagged. With neither, every run
    acquires another address.
  - CloudStack acquires a given O(ip_address) when it is free in the zone's public ranges; it fails with error 533
    when no address is free.
  - An address with static NAT to an instance is not released (disable static NAT first), nor is a source NAT
    address (CloudStack refuses it).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  ip_address:
    description:
      - The public IP address. With O(state=absent), this or O(tags) is required.
    type: str
  zone:
    description:
      - Name or id of the zone of the address.
    type: str
    required: true
  network:
    description:
      - Name or id of the isolated network the address is acquired for; mutually exclusive with O(vpc).
      - Acquiring an address for a network that is not in use yet implements it (VLAN, source NAT, virtual router).
    type: str
  vpc:
    description:
      - Name or id of the VPC the address is acquired for; mutually exclusive with O(network).
    type: str
  tags:
    description:
      - Tags of the address as a map, or as a list of mappings with C(key) and C(value) (ngine_io's form).
      - Without O(ip_address), they identify the address (at least one of them should be unique); tags the address
        has beyond them are removed.
    type: raw
    aliases: [tag]
  state:
    description:
      - Whether the address is acquired (V(present)) or released (V(absent)).
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
seealso:
  - module: cloudstack.cloud.ip_address_info
    description: Lists public IP addresses (by address, network, VPC, instance, NAT, tags, owner).
"""

EXAMPLES = r"""
- name: Acquire an address for a network, known by its tag
  cloudstack.cloud.ip_address:
    network: web
    zone: zone-01
    tags:
      purpose: web-frontend
  register: frontend

- name: Acquire a given address for a VPC
  cloudstack.cloud.ip_address:
    ip_address: 192.0.2.20
    vpc: my-vpc
    zone: zone-01

- name: Release the address known by its tag
  cloudstack.cloud.ip_address:
    zone: zone-01
    tags:
      purpose: web-frontend
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
  sample: 192.0.2.20
state:
  description: State of the address.
  returned: success
  type: str
  sample: Allocated
zone:
  description: Name of the zone of the address.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone of the address.
  returned: success
  type: str
  sample: 3f8a1fd3-4f7c-4f3e-9a0b-6e0f3c2b1a11
network:
  description: Name of the network the address is associated with.
  returned: if available
  type: str
  sample: web
network_id:
  description: UUID of the network the address is associated with.
  returned: if available
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
vpc:
  description: Name of the VPC the address is acquired for.
  returned: if available
  type: str
  sample: my-vpc
vpc_id:
  description: UUID of the VPC the address is acquired for.
  returned: if available
  type: str
  sample: 8d3f3c5e-1d3b-11e5-9f0a-005056a7f2c1
is_source_nat:
  description: Whether it is the source NAT address of its network or VPC.
  returned: success
  type: bool
  sample: false
is_static_nat:
  description: Whether static NAT to an instance is enabled on the address.
  returned: success
  type: bool
  sample: false
vlan:
  description: VLAN of the public range the address is from.
  returned: success
  type: str
  sample: vlan://50
project:
  description: Project the address belongs to.
  returned: if available
  type: str
  sample: web
account:
  description: Account the address belongs to.
  returned: if available
  type: str
  sample: admin
domain:
  description: Domain of the address's owner.
  returned: success
  type: str
  sample: ROOT
tags:
  description: Tags of the address, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
  sample: [{key: purpose, value: web-frontend}]
job_id:
  description: Id of the job left running with O(wait=false).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.networks import ADDRESS_RENAMES, renamed
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tags_map, wanted_tags


def find_address(engine):
    """The address named by ip_address, else the one that has every given tag (ngine_io's semantics); without either
    no address is meant: a new one is acquired."""
    wanted = engine.params.get("ip_address")
    tags = wanted_tags(engine)
    if not wanted and not tags:
        return None
    params = engine.scope_params()
    if wanted:
        params["ipaddress"] = wanted
    found = [address for address in engine.client.list("listPublicIpAddresses", listall=True, **params)
             if (address["ipaddress"] == wanted if wanted else has_tags(address, tags))]
    if len(found) > 1:
        engine.fail("tags %s match %d addresses (%s); give a tag only one address has, or the ip_address" % (
            tags, len(found), ", ".join(sorted(address["ipaddress"] for address in found))))
    return found[0] if found else None


def note_addresses(engine, params):
    """``prepare_create``: the addresses the scope holds before this run acquires one (see ``acquired``)."""
    if not engine.check_mode:
        engine.before_create = set(address["id"] for address in scoped_addresses(engine))
    return params


def acquired(engine):
    """``find_created``: the address this run acquired, when the answer was lost before its tags were set. Found by
    ip_address or tags when it has them, else the one address of the scope that was not there before the
    acquisition (none or several, e.g. another run's at the same time: not found, the error stands)."""
    found = find_address(engine)
    if found or engine.params.get("ip_address") or engine.before_create is None:
        return found
    new = [address for address in scoped_addresses(engine) if address["id"] not in engine.before_create]
    return new[0] if len(new) == 1 else None


def scoped_addresses(engine):
    return engine.client.list("listPublicIpAddresses", listall=True, **engine.scope_params())


def has_tags(address, tags):
    held = tags_map(address.get("tags"))
    return all(held.get(key) == value for key, value in tags.items())


def refuse_static_nat(engine, address):
    """A ``delete`` hook: releasing an address would also drop its static NAT; say so instead (as ngine_io does)."""
    if address.get("isstaticnat"):
        engine.fail("the address %s has static NAT to the instance %s; disable static NAT before releasing it" % (
            address["ipaddress"], address.get("virtualmachinename")))
    engine.write_own("disassociateIpAddress", id=address["id"])
    return address


def converge(engine, address):
    return converge_tags(engine, address, "PublicIpAddress", wanted_tags(engine))


RESOURCE = Resource(
    "public IP address",
    list_command="listPublicIpAddresses", create_command="associateIpAddress", delete_command="disassociateIpAddress",
    response_key="ipaddress",
    scope={"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid", "vpc": "vpcid",
           "network": "associatednetworkid"},
    fields=[
        Field("ip_address", "ipaddress", update=None),
        Field("zone", "zoneid", ref="zone", ref_name="zonename", update=None),
        Field("network", "networkid", returned="associatednetworkid", ref="network", ref_name="associatednetworkname",
              ref_scope={"zoneid": "zone", "projectid": "project"}, update=None),
        Field("vpc", "vpcid", ref="vpc", ref_name="vpcname", ref_scope={"zoneid": "zone", "projectid": "project"},
              update=None),
        Field("domain", "domainid", ref="domain", ref_name="domain", update=None),
        Field("account", "account", update=None),
        Field("project", "projectid", ref="project", ref_name="project", update=None),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # a map or a list of {key, value}: converge_tags
    ],
    required=("zone",),
    renames=renamed(ADDRESS_RENAMES),
    jobs=True,
    hooks={"find": find_address, "prepare_create": note_addresses, "find_created": acquired, "converge": converge,
           "delete": refuse_static_nat},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("account", "project"), ("network", "vpc")],
                       required_if=[("state", "absent", ("ip_address", "tags"), True)]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
