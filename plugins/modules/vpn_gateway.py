#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_gateway
short_description: Manage the site-to-site VPN gateway of a CloudStack VPC
description:
  - Create and delete the site-to-site VPN gateway of a VPC, the local end of its VPN connections (see
    M(cloudstack.cloud.vpn_connection)). A VPC has one at most; CloudStack puts it on the VPC's source NAT address
    and gives it to the VPC's owner.
  - CloudStack refuses to delete a gateway that still has connections (error 431). Deleting the VPC deletes its
    gateway and connections.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  vpc:
    description:
      - Name or id of the VPC.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the VPC.
    type: str
    required: true
  state:
    description:
      - Whether the VPC should have a VPN gateway.
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
- name: Ensure the VPC shop has a VPN gateway
  cloudstack.cloud.vpn_gateway:
    vpc: shop
    zone: zone-01

- name: Remove it
  cloudstack.cloud.vpn_gateway:
    vpc: shop
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the VPN gateway.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
public_ip:
  description: Public address of the VPN gateway (the VPC's source NAT address).
  returned: success
  type: str
  sample: 203.0.113.10
vpc:
  description: Name of the VPC.
  returned: success
  type: str
  sample: shop
vpc_id:
  description: UUID of the VPC.
  returned: success
  type: str
account:
  description: Account owning the gateway (the VPC's).
  returned: when owned by an account
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
project:
  description: Project owning the gateway.
  returned: when owned by a project
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

from ansible_collections.cloudstack.cloud.plugins.module_utils import vpcs
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

VPC_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}


def find_gateway(engine):
    wanted = engine.wanted([RESOURCE.by_option[option] for option in ("zone", "domain", "project", "vpc")])
    return vpcs.vpn_gateway(engine.client, wanted[RESOURCE.by_option["vpc"]], wanted.get(RESOURCE.by_option["project"]))


RESOURCE = Resource(
    "VPN gateway",
    list_command="listVpnGateways", create_command="createVpnGateway", delete_command="deleteVpnGateway",
    response_key="vpngateway",
    fields=[
        Field("vpc", "vpcid", update=None, ref="vpc", ref_name="vpcname", ref_scope=VPC_SCOPE),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    identity="vpc",
    required=("zone",),
    renames={"vpcname": "vpc", "vpcid": "vpc_id", "publicip": "public_ip", "projectid": "project_id",
             "fordisplay": "for_display"},
    hooks={"find": find_gateway},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
