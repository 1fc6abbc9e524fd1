#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_connection
short_description: Manage CloudStack site-to-site VPN connections
description:
  - Create and delete the site-to-site VPN connection between a VPC's VPN gateway (see
    M(cloudstack.cloud.vpn_gateway)) and a customer gateway (see M(cloudstack.cloud.vpn_customer_gateway)). A VPC has
    one connection per customer gateway.
  - CloudStack refuses a connection whose customer gateway has a subnet overlapping the VPC's CIDR or a subnet of
    another connection of the same VPN gateway, and more connections per gateway than its limit (error 431).
  - A connection is set at creation; asking for another O(passive) fails naming it (delete and re-create it).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  vpc:
    description:
      - Name or id of the VPC whose VPN gateway the connection starts from.
    type: str
    required: true
  vpn_customer_gateway:
    description:
      - Name or id of the customer gateway the connection goes to (one of the owner's).
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the VPC.
    type: str
    required: true
  passive:
    description:
      - Whether the connection waits for the peer to initiate it (C(Disconnected) until then) instead of connecting.
      - Set at creation; CloudStack's default is V(false).
    type: bool
  force:
    description:
      - Create the VPC's VPN gateway when it has none (otherwise a VPC without one is an error).
      - Only considered with O(state=present).
    type: bool
  state:
    description:
      - Whether the connection should exist.
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
- name: Connect the VPC shop to the office (its VPN gateway exists)
  cloudstack.cloud.vpn_connection:
    vpc: shop
    vpn_customer_gateway: office
    zone: zone-01

- name: Connect it passively, creating the VPC's VPN gateway if needed
  cloudstack.cloud.vpn_connection:
    vpc: shop
    vpn_customer_gateway: branch
    zone: zone-01
    passive: true
    force: true

- name: Remove the connection
  cloudstack.cloud.vpn_connection:
    vpc: shop
    vpn_customer_gateway: office
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the connection.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
state:
  description: State of the connection (C(Pending), C(Connected), C(Disconnected), C(Error)).
  returned: success
  type: str
  sample: Connected
passive:
  description: Whether the connection waits for the peer.
  returned: success
  type: bool
  sample: false
vpn_gateway_id:
  description: UUID of the VPC's VPN gateway.
  returned: success
  type: str
vpn_customer_gateway_id:
  description: UUID of the customer gateway.
  returned: success
  type: str
public_ip:
  description: Public address of the VPN gateway.
  returned: success
  type: str
  sample: 203.0.113.10
gateway:
  description: Address of the customer gateway.
  returned: success
  type: str
  sample: 198.51.100.7
cidrs:
  description: The customer gateway's subnets.
  returned: success
  type: list
  elements: str
  sample: [192.168.10.0/24]
ike_policy:
  description: IKE policies of the customer gateway.
  returned: success
  type: str
  sample: aes256-sha1;modp1536
esp_policy:
  description: ESP policies of the customer gateway.
  returned: success
  type: str
  sample: aes256-sha1
ike_lifetime:
  description: Phase 1 lifetime in seconds.
  returned: success
  type: int
  sample: 86400
esp_lifetime:
  description: Phase 2 lifetime in seconds.
  returned: success
  type: int
  sample: 3600
dpd:
  description: Whether dead peer detection is enabled.
  returned: success
  type: bool
  sample: false
force_encap:
  description: Whether UDP encapsulation is forced.
  returned: success
  type: bool
  sample: false
created:
  description: When the connection was created.
  returned: success
  type: str
  sample: "2026-12-01T14:57:57+0000"
account:
  description: Account owning the connection.
  returned: when owned by an account
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
project:
  description: Project owning the connection.
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
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils import vpcs
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

VPC_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project"}
OWNER_SCOPE = {"domainid": "domain", "account": "account", "projectid": "project"}


def located(engine):
    """{option: API value} of the VPC, the customer gateway and the owner."""
    options = ("zone", "domain", "account", "project", "vpc", "vpn_customer_gateway")
    wanted = engine.wanted([RESOURCE.by_option[option] for option in options])
    return dict((field.option, value) for field, value in wanted.items())


def find_connection(engine):
    where = located(engine)
    owner = {"projectid": where["project"]} if where.get("project") else {"listall": True}
    connections = engine.client.list("listVpnConnections", vpcid=where["vpc"], **owner)
    return next((c for c in connections if c.get("s2scustomergatewayid") == where["vpn_customer_gateway"]), None)


def connect(engine, params):
    """From the VPC's VPN gateway, which ``force`` creates when the VPC has none."""
    where = located(engine)
    gateway = vpcs.vpn_gateway(engine.client, where["vpc"], where.get("project"))
    if gateway is None:
        if not engine.params["force"]:
            engine.fail("the VPC %s has no VPN gateway: create it (cloudstack.cloud.vpn_gateway) or set force=true"
                        % engine.params["vpc"])
        created = engine.write("createVpnGateway", vpcid=where["vpc"])
        gateway = (created or {}).get("vpngateway", {})
    return engine.write_own("createVpnConnection", s2svpngatewayid=gateway.get("id"), **params)


def described(engine, connection):
    connection.pop("ipsecpsk", None)  # the customer gateway's preshared key, which CloudStack repeats here
    if isinstance(connection.get("cidrs"), str):
        connection["cidrs"] = [cidr.strip() for cidr in connection["cidrs"].split(",") if cidr.strip()]
    return connection


RESOURCE = Resource(
    "VPN connection",
    list_command="listVpnConnections", create_command="createVpnConnection", delete_command="deleteVpnConnection",
    response_key="vpnconnection",
    fields=[
        Field("vpc", ref="vpc", compare=False, ref_scope=VPC_SCOPE),
        Field("vpn_customer_gateway", "s2scustomergatewayid", update=None, ref="vpn_customer_gateway",
              ref_scope=OWNER_SCOPE),
        Field("passive", "passive", type="bool", update=None),
        Field("force", type="bool", compare=False),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    identity="vpn_customer_gateway",
    required=("vpc", "zone"),
    renames={"cidrlist": "cidrs", "esplifetime": "esp_lifetime", "esppolicy": "esp_policy", "forceencap": "force_encap",
             "ikelifetime": "ike_lifetime", "ikepolicy": "ike_policy", "ikeversion": "ike_version",
             "publicip": "public_ip", "s2svpngatewayid": "vpn_gateway_id",
             "s2scustomergatewayid": "vpn_customer_gateway_id", "splitconnections": "split_connections",
             "fordisplay": "for_display", "projectid": "project_id"},
    hooks={"find": find_connection, "create": connect, "result": described},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
