#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: portforward
short_description: Manage port forwarding rules on CloudStack public IP addresses
description:
  - Create, update and delete port forwarding rules, which forward a public port range of a public IP address to
    an instance's guest IP address.
  - A rule is identified by its public IP address, its protocol and its first public port.
  - The private ports, the instance and its guest IP address of an existing rule are updated in place
    (C(updatePortForwardingRule)); the public end port cannot change (the module fails naming it; delete the rule
    and create it again).
  - CloudStack refuses rules whose public port ranges overlap on the same address and protocol, and rules on an
    address with static NAT (error 537); the module reports its message.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  ip_address:
    description:
      - Public IP address of the rule.
    type: str
    required: true
  protocol:
    description:
      - Protocol of the rule.
    type: str
    default: tcp
    choices: [tcp, udp]
  public_port:
    description:
      - First public port of the rule.
    type: int
    required: true
  public_end_port:
    description:
      - Last public port of the rule; O(public_port) when not given.
    type: int
  private_port:
    description:
      - First private port, on the instance; required to create the rule.
    type: int
  private_end_port:
    description:
      - Last private port; O(private_port) when not given. The private range has the size of the public one.
    type: int
  open_firewall:
    description:
      - Whether CloudStack also creates the ingress firewall rule that opens the public ports for every source
        address (a matching one is reused); the rule goes when the forwarding goes. Not on an address of a VPC.
      - Used when the rule is created only. Use M(cloudstack.cloud.firewall) to manage firewall rules.
    type: bool
    default: false
  vm:
    description:
      - Name or id of the instance the rule forwards to; required to create the rule.
    type: str
  vm_guest_ip:
    description:
      - Guest IP address of the instance to forward to (a secondary one, say); its IP in the address's network
        when not given.
    type: str
  network:
    description:
      - Name or id of the network of the instance to forward to; the address's network when not given (give the
        tier of an address of a VPC).
    type: str
  vpc:
    description:
      - Name or id of the VPC the address and the network belong to.
    type: str
  zone:
    description:
      - Name or id of the zone of the address.
    type: str
  tags:
    description:
      - Tags of the rule as a map, or as a list of mappings with C(key) and C(value)
        (ngine_io.cloudstack's form); V({}) or V([]) removes every tag, not given leaves them alone.
    type: raw
    aliases: [tag]
  state:
    description:
      - Whether the rule exists.
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
- name: Forward public port 2222 to SSH on web-01, and open it in the firewall
  cloudstack.cloud.portforward:
    ip_address: 203.0.113.10
    public_port: 2222
    private_port: 22
    vm: web-01
    zone: zone-01
    open_firewall: true

- name: Forward a range of UDP ports
  cloudstack.cloud.portforward:
    ip_address: 203.0.113.10
    protocol: udp
    public_port: 10000
    public_end_port: 10010
    private_port: 20000
    private_end_port: 20010
    vm: media-01
    tags:
      role: media

- name: Remove the SSH forwarding
  cloudstack.cloud.portforward:
    ip_address: 203.0.113.10
    public_port: 2222
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
ip_address:
  description: Public IP address of the rule.
  returned: success
  type: str
  sample: 203.0.113.10
ip_address_id:
  description: UUID of the public IP address.
  returned: success
  type: str
protocol:
  description: Protocol of the rule.
  returned: success
  type: str
  sample: tcp
public_port:
  description: First public port.
  returned: success
  type: int
  sample: 2222
public_end_port:
  description: Last public port.
  returned: success
  type: int
  sample: 2222
private_port:
  description: First private port.
  returned: success
  type: int
  sample: 22
private_end_port:
  description: Last private port.
  returned: success
  type: int
  sample: 22
vm_name:
  description: Name of the instance the rule forwards to.
  returned: success
  type: str
  sample: web-01
vm_display_name:
  description: Display name of the instance.
  returned: success
  type: str
  sample: web-01
vm_id:
  description: UUID of the instance.
  returned: success
  type: str
vm_guest_ip:
  description: Guest IP address the rule forwards to.
  returned: success
  type: str
  sample: 10.1.1.10
network:
  description: Name of the instance's network.
  returned: success
  type: str
  sample: web-net
network_id:
  description: UUID of the instance's network.
  returned: success
  type: str
vpc:
  description: Name of the VPC of the network, when it is a VPC tier.
  returned: success and the network is in a VPC
  type: str
  sample: web-vpc
cidrs:
  description: Source CIDRs the rule admits.
  returned: success
  type: list
  elements: str
  sample: [0.0.0.0/0]
state:
  description: State of the rule as CloudStack reports it (C(Add) until applied, then C(Active)).
  returned: success
  type: str
  sample: Active
tags:
  description: Tags of the rule, as a list of mappings with C(key) and C(value).
  returned: success
  type: list
  elements: dict
  sample: [{key: role, value: media}]
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tag_list, tags_map

OWNER = ("zone", "domain", "account", "project", "vpc")
ADDRESS_SCOPE = {"zoneid": "zone", "domainid": "domain", "account": "account", "projectid": "project", "vpcid": "vpc"}


def find_rule(engine):
    """The rule of the address with this protocol and first public port."""
    wanted = engine.wanted([RESOURCE.by_option[option] for option in OWNER + ("ip_address",)])
    owner = {"projectid": wanted.get(RESOURCE.by_option["project"])} if engine.params["project"] else {"listall": True}
    rules = engine.client.list("listPortForwardingRules", ipaddressid=wanted[RESOURCE.by_option["ip_address"]], **owner)
    same = [rule for rule in rules if rule["protocol"] == engine.params["protocol"] and rule["publicport"] == engine.params["public_port"]]
    return same[0] if same else None


def default_end_ports(engine, params):
    """The end ports CloudStack takes when not given, sent so that a re-run compares equal."""
    params.setdefault("publicendport", params["publicport"])
    params.setdefault("privateendport", params["privateport"])
    return params


def converge(engine, rule):
    return converge_tags(engine, rule, "PortForwardingRule")


def described(engine, rule):
    """ngine_io's result keys; the network (and VPC) by name."""
    if rule.get("network_id"):
        network = engine.lookup.find("network", rule["network_id"])
        rule["network"] = network["name"]
        if network.get("vpcid"):
            rule["vpc"] = engine.lookup.find("vpc", network["vpcid"])["name"]
    rule["cidrs"] = [cidr for cidr in (rule.get("cidrs") or "").split(",") if cidr]
    rule["tags"] = tag_list(tags_map(rule.get("tags")))
    return rule


RESOURCE = Resource(
    "port forwarding rule",
    list_command="listPortForwardingRules", create_command="createPortForwardingRule",
    update_command="updatePortForwardingRule", delete_command="deletePortForwardingRule",
    fields=[
        Field("ip_address", "ipaddressid", update=None, ref="ip_address", ref_name="ipaddress", ref_scope=ADDRESS_SCOPE),
        Field("protocol", "protocol", update=None, choices=["tcp", "udp"], default="tcp"),
        Field("public_port", "publicport", update=None, type="int"),
        Field("public_end_port", "publicendport", update=None, type="int"),
        Field("private_port", "privateport", type="int", required=True),
        Field("private_end_port", "privateendport", type="int"),
        Field("open_firewall", "openfirewall", update=None, type="bool", default=False, compare=False),
        Field("vm", "virtualmachineid", ref="instance", ref_name="virtualmachinename", required=True,
              ref_scope={"zoneid": "zone", "projectid": "project", "networkid": "network"}),
        Field("vm_guest_ip", "vmguestip"),
        Field("network", "networkid", update=None, ref="network", ref_scope={"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # converge_tags
    ],
    identity="ip_address",
    required=("public_port",),
    states={"present": {}},
    renames={"ipaddress": "ip_address", "ipaddressid": "ip_address_id", "virtualmachineid": "vm_id",
             "virtualmachinename": "vm_name", "virtualmachinedisplayname": "vm_display_name", "networkid": "network_id",
             "cidrlist": "cidrs"},
    hooks={"find": find_rule, "prepare_create": default_end_ports, "converge": converge, "result": described},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
