#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: lb_rule
short_description: Manage load balancer rules on CloudStack public IP addresses
description:
  - Create, update and delete load balancer rules, which balance a public port of a public IP address over the
    instances of its network (add them with M(cloudstack.cloud.lb_rule_member)).
  - A rule is identified by its name and its public IP address.
  - The name of an existing rule cannot change (it identifies it); its description, algorithm, protocol and CIDRs are
    updated in place (C(updateLoadBalancerRule)). Its ports and network are set at creation only (the module fails
    naming them; delete the rule and create it again).
  - CloudStack refuses a rule whose public port is used by another load balancer or port forwarding rule of the
    address, and rules on an address with static NAT (error 537); the module reports its message.
  - The rule's stickiness and health check policies are options of the rule (O(stickiness_policy),
    O(health_check_policy)); CloudStack cannot update a policy, so a different one replaces it.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the rule.
    type: str
    required: true
  ip_address:
    description:
      - Public IP address the rule balances.
    type: str
    required: true
    aliases: [public_ip]
  description:
    description:
      - Description of the rule.
    type: str
  algorithm:
    description:
      - How the rule spreads connections over its members.
    type: str
    default: source
    choices: [source, roundrobin, leastconn]
  public_port:
    description:
      - Public port of the rule (CloudStack balances one port per rule); required to create the rule.
    type: int
  private_port:
    description:
      - Port of the members the traffic goes to; required to create the rule.
    type: int
  protocol:
    description:
      - Protocol of the load balancer, such as V(tcp), V(udp) or V(tcp-proxy); CloudStack's default when not given.
    type: str
  cidr:
    description:
      - Source CIDRs the rule admits, comma-separated; every source when not given.
      - Changing it on an existing rule needs CloudStack 4.22 (older versions ignore it on update).
    type: str
  open_firewall:
    description:
      - Whether CloudStack also creates the ingress firewall rule that opens the public port for every source address
        (a matching one is reused); it goes when the rule goes. Not on an address of a VPC.
      - Used when the rule is created only. Use M(cloudstack.cloud.firewall) to manage firewall rules.
    type: bool
    default: false
  network:
    description:
      - Name or id of the network the rule balances in; the address's network when not given (give the tier of an
        address of a VPC that is not associated with one yet).
    type: str
  vpc:
    description:
      - Name or id of the VPC the address and the network belong to.
    type: str
  zone:
    description:
      - Name or id of the zone of the address.
    type: str
  stickiness_policy:
    description:
      - The rule's stickiness policy (CloudStack's C(createLBStickinessPolicy)); not given leaves the rule's policy
        alone, V({}) removes it.
      - A rule has one stickiness policy. A different one (method, name, params, or a given description) is created and
        replaces it (CloudStack removes the rule's policy when it applies the new one; if CloudStack refuses the new
        one, the old one stays).
      - The methods and their parameters are those of the load balancer provider of the rule's network. CloudStack's
        virtual router (HAProxy) has V(LbCookie) (C(cookie-name), C(mode), C(domain) and the flags C(nocache),
        C(indirect), C(postonly)), V(AppCookie) (C(cookie-name), C(length), C(holdtime), C(mode) and the flags
        C(request-learn), C(prefix)) and V(SourceBased) (C(tablesize) such as V(200k), C(expire) such as V(30m)).
        CloudStack refuses other parameters, naming them.
    type: dict
    suboptions:
      method:
        description:
          - Stickiness method; required unless removing the policy.
        type: str
        choices: [LbCookie, AppCookie, SourceBased]
      name:
        description:
          - Name of the policy; required unless removing the policy.
        type: str
      params:
        description:
          - The method's parameters as a map of names to values (a flag takes any value, such as V(true)); none when
            not given. Compared whole.
        type: dict
      description:
        description:
          - Description of the policy; compared only when given.
        type: str
  health_check_policy:
    description:
      - The rule's health check policy (CloudStack's C(createLBHealthCheckPolicy)); not given leaves the rule's policy
        alone, V({}) removes it (give at least one value, such as O(health_check_policy.ping_path=/), for a policy of
        CloudStack's defaults).
      - A rule has one health check policy. When a given value differs, the policy is deleted and created again with
        the given values, those not given keeping the current policy's values (CloudStack's defaults for a new one).
      - Only load balancer providers with health checks have them, such as NetScaler; CloudStack's virtual router has
        none and refuses them (error 430), and the module fails saying so.
    type: dict
    suboptions:
      ping_path:
        description:
          - HTTP path the health check requests (CloudStack's default V(/)).
        type: str
      response_timeout:
        description:
          - Seconds to wait for an answer (CloudStack's default V(2)); less than O(health_check_policy.interval_time).
        type: int
      interval_time:
        description:
          - Seconds between health checks (CloudStack's default V(5)).
        type: int
      healthy_threshold:
        description:
          - Consecutive successful checks before an instance is healthy (CloudStack's default V(2)).
        type: int
      unhealthy_threshold:
        description:
          - Consecutive failed checks before an instance is unhealthy (CloudStack's default V(1)).
        type: int
      description:
        description:
          - Description of the policy.
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
- name: Balance HTTP on 203.0.113.10 to port 8080 of the members
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 203.0.113.10
    algorithm: leastconn
    public_port: 80
    private_port: 8080
    open_firewall: true
    tags:
      role: web

- name: Keep each client on the same member with a cookie HAProxy inserts
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 203.0.113.10
    stickiness_policy:
      method: LbCookie
      name: web-cookie
      params:
        cookie-name: SRV
        nocache: true

- name: Check the members' health (a NetScaler load balancer; CloudStack's virtual router has no health checks)
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 198.51.100.20
    health_check_policy:
      ping_path: /health
      interval_time: 10

- name: Remove the rule's stickiness policy
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 203.0.113.10
    stickiness_policy: {}

- name: Change its algorithm
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 203.0.113.10
    algorithm: roundrobin
    public_port: 80
    private_port: 8080

- name: Delete the rule
  cloudstack.cloud.lb_rule:
    name: balance_http
    ip_address: 203.0.113.10
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the rule.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the rule.
  returned: success
  type: str
  sample: balance_http
description:
  description: Description of the rule.
  returned: success and the rule has one
  type: str
  sample: HTTP of the web tier
public_ip:
  description: Public IP address of the rule.
  returned: success
  type: str
  sample: 203.0.113.10
public_ip_id:
  description: UUID of the public IP address.
  returned: success
  type: str
public_port:
  description: Public port.
  returned: success
  type: int
  sample: 80
private_port:
  description: Private port of the members.
  returned: success
  type: int
  sample: 8080
algorithm:
  description: Load balancing algorithm.
  returned: success
  type: str
  sample: source
protocol:
  description: Protocol of the load balancer.
  returned: success and one was set
  type: str
  sample: tcp
cidr:
  description: Source CIDRs the rule admits, comma-separated (empty for every source).
  returned: success
  type: str
  sample: 0.0.0.0/0
network_id:
  description: UUID of the network the rule balances in.
  returned: success
  type: str
zone:
  description: Name of the zone of the rule.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone.
  returned: success
  type: str
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account that owns the rule.
  returned: success
  type: str
  sample: admin
project:
  description: Project that owns the rule.
  returned: success and a project owns it
  type: str
  sample: webshop
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
  sample: [{key: role, value: web}]
stickiness_policy:
  description: The rule's stickiness policy (null when it has none).
  returned: success and the task gives O(stickiness_policy)
  type: dict
  contains:
    id:
      description: UUID of the policy (null in check mode for a new one).
      type: str
    method:
      description: Stickiness method.
      type: str
      sample: LbCookie
    name:
      description: Name of the policy.
      type: str
      sample: web-cookie
    params:
      description: The method's parameters.
      type: dict
      sample: {cookie-name: SRV, nocache: "true"}
    description:
      description: Description of the policy, when it has one.
      type: str
health_check_policy:
  description: The rule's health check policy (null when it has none).
  returned: success and the task gives O(health_check_policy)
  type: dict
  contains:
    id:
      description: UUID of the policy (null in check mode for a new one).
      type: str
    ping_path:
      description: HTTP path the health check requests.
      type: str
      sample: /health
    response_timeout:
      description: Seconds to wait for an answer.
      type: int
      sample: 2
    interval_time:
      description: Seconds between health checks.
      type: int
      sample: 5
    healthy_threshold:
      description: Consecutive successful checks before an instance is healthy.
      type: int
      sample: 2
    unhealthy_threshold:
      description: Consecutive failed checks before an instance is unhealthy.
      type: int
      sample: 1
    description:
      description: Description of the policy, when it has one.
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.load_balancers import (
    ADDRESS_SCOPE, HEALTH_CHECK_SPEC, RENAMES, STICKINESS_SPEC, converge_health_check, converge_stickiness, described, find_rule)
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags


def converge(engine, rule):
    rule = converge_tags(engine, rule, "LoadBalancer")
    return converge_health_check(engine, converge_stickiness(engine, rule))


RESOURCE = Resource(
    "load balancer rule",
    list_command="listLoadBalancerRules", create_command="createLoadBalancerRule",
    update_command="updateLoadBalancerRule", delete_command="deleteLoadBalancerRule",
    fields=[
        Field("name", "name", update=None),
        Field("ip_address", "publicipid", update=None, ref="ip_address", ref_name="publicip", ref_scope=ADDRESS_SCOPE,
              aliases=["public_ip"]),
        Field("description", "description"),
        Field("algorithm", "algorithm", choices=["source", "roundrobin", "leastconn"], default="source"),
        Field("public_port", "publicport", update=None, type="int", required=True),
        Field("private_port", "privateport", update=None, type="int", required=True),
        Field("protocol", "protocol", ignore_case=True),
        Field("cidr", "cidrlist"),
        Field("open_firewall", "openfirewall", update=None, type="bool", default=False, compare=False),
        Field("network", "networkid", update=None, ref="network", ref_scope={"zoneid": "zone", "projectid": "project", "vpcid": "vpc"}),
        Field("vpc", ref="vpc", compare=False, ref_scope={"zoneid": "zone", "projectid": "project"}),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # converge_tags
        Field("stickiness_policy", type="dict", options=STICKINESS_SPEC, compare=False),  # converge_stickiness
        Field("health_check_policy", type="dict", options=HEALTH_CHECK_SPEC, compare=False),  # converge_health_check
    ],
    required=("ip_address",),
    since={"updateLoadBalancerRule.cidrlist": "4.22"},
    states={"present": {}},
    renames=RENAMES,
    hooks={"find": lambda engine: find_rule(engine, RESOURCE), "converge": converge, "result": described},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
