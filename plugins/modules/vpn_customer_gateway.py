#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vpn_customer_gateway
short_description: Manage CloudStack site-to-site VPN customer gateways
description:
  - Create, update and delete VPN customer gateways, the remote ends (a peer's public address, its subnets and the
    IPsec settings) that site-to-site VPN connections of a VPC connect to (see M(cloudstack.cloud.vpn_connection)).
  - CloudStack replaces every setting of a gateway on update; the module sends the current values of the options the
    task leaves out, so that only what the task changes changes. The connections of a changed gateway restart.
  - The preshared key O(ipsec_psk) is compared with the one CloudStack holds but never returned or shown in C(--diff)
    (a change of it shows as C((secret)) to C((secret, changed))).
  - CloudStack refuses to delete a gateway that connections still use (error 431).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the customer gateway (unique per owner).
    type: str
    required: true
  gateway:
    description:
      - Public IPv4 address or domain name of the peer. Required to create.
    type: str
  cidrs:
    description:
      - The peer's subnets (CIDRs) reached through the gateway; they must not overlap each other (nor, for a
        connection, the VPC's CIDR). Required to create.
    type: list
    elements: str
    aliases: [cidr]
  ike_policy:
    description:
      - IKE (phase 1) policies, C(cipher-hash;dhgroup) items, comma-separated, for example C(aes256-sha1;modp1536).
        Ciphers C(3des), C(aes128), C(aes192), C(aes256); hashes C(md5), C(sha1), C(sha256), C(sha384), C(sha512);
        the Diffie-Hellman group (C(modp1024) to C(modp8192)) is required. Required to create.
    type: str
  esp_policy:
    description:
      - ESP (phase 2) policies in the same format; the group (perfect forward secrecy) is optional. Required to create.
    type: str
  ipsec_psk:
    description:
      - IPsec preshared key. Required to create. It cannot contain newlines or double quotes.
    type: str
  ike_lifetime:
    description:
      - Lifetime of the phase 1 security association, in seconds (at most 86400); CloudStack's default is 86400.
    type: int
  esp_lifetime:
    description:
      - Lifetime of the phase 2 security association, in seconds (at most 86400); CloudStack's default is 3600.
    type: int
  dpd:
    description:
      - Whether dead peer detection is enabled; CloudStack's default is V(false).
    type: bool
  force_encap:
    description:
      - Whether UDP encapsulation (NAT traversal) is forced; CloudStack's default is V(false).
    type: bool
  ike_version:
    description:
      - IKE version; CloudStack's default is V(ike) (the router negotiates it).
    type: str
    choices: [ike, ikev1, ikev2]
  split_connections:
    description:
      - Whether each of the peer's subnets gets a connection of its own (IKEv2); CloudStack's default is V(false).
    type: bool
  state:
    description:
      - Whether the customer gateway should exist.
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
- name: Ensure the office's customer gateway
  cloudstack.cloud.vpn_customer_gateway:
    name: office
    gateway: 198.51.100.7
    cidrs:
      - 192.168.10.0/24
      - 192.168.11.0/24
    ike_policy: aes256-sha1;modp1536
    esp_policy: aes256-sha1
    ipsec_psk: "{{ office_psk }}"

- name: Enable dead peer detection (the other settings stay)
  cloudstack.cloud.vpn_customer_gateway:
    name: office
    dpd: true

- name: Remove it
  cloudstack.cloud.vpn_customer_gateway:
    name: office
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the customer gateway.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the customer gateway.
  returned: success
  type: str
  sample: office
gateway:
  description: Public address or domain name of the peer.
  returned: success
  type: str
  sample: 198.51.100.7
cidrs:
  description: The peer's subnets.
  returned: success
  type: list
  elements: str
  sample: [192.168.10.0/24]
ike_policy:
  description: IKE policies.
  returned: success
  type: str
  sample: aes256-sha1;modp1536
esp_policy:
  description: ESP policies.
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
ike_version:
  description: IKE version.
  returned: success
  type: str
  sample: ike
split_connections:
  description: Whether each subnet has a connection of its own.
  returned: success
  type: bool
  sample: false
account:
  description: Account owning the gateway.
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
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def keep_current(engine, current, params):
    """CloudStack's update replaces every setting (those not sent by its defaults): send the current ones too."""
    for field in RESOURCE.fields:
        if field.update and field.update not in params and current.get(field.returned) is not None:
            params[field.update] = field.to_api(field.normalize(current[field.returned]))
    return params


def without_secret(engine, gateway):
    gateway.pop("ipsec_psk", None)
    return gateway


RESOURCE = Resource(
    "VPN customer gateway",
    list_command="listVpnCustomerGateways", create_command="createVpnCustomerGateway",
    update_command="updateVpnCustomerGateway", delete_command="deleteVpnCustomerGateway",
    response_key="vpncustomergateway",
    fields=[
        Field("name", "name"),
        Field("gateway", "gateway", required=True),
        Field("cidrs", "cidrlist", type="list", aliases=["cidr"], required=True, result_list=True),
        Field("ike_policy", "ikepolicy", required=True),
        Field("esp_policy", "esppolicy", required=True),
        Field("ipsec_psk", "ipsecpsk", required=True, no_log=True),
        Field("ike_lifetime", "ikelifetime", type="int"),
        Field("esp_lifetime", "esplifetime", type="int"),
        Field("dpd", "dpd", type="bool"),
        Field("force_encap", "forceencap", type="bool"),
        Field("ike_version", "ikeversion", choices=["ike", "ikev1", "ikev2"]),
        Field("split_connections", "splitconnections", type="bool"),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    name_param="keyword",
    renames={"projectid": "project_id", "ipaddress": "ip_address"},
    hooks={"prepare_update": keep_current, "result": without_secret},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
