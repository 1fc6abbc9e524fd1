#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: physical_network
short_description: Manage CloudStack physical networks
description:
  - Create, update, enable, disable and delete the physical networks of a zone.
  - A new physical network is disabled until O(state=enabled).
  - CloudStack changes only O(vlan), O(network_speed), O(tags) and the state of an existing physical
    network; asking for another O(isolation_method), O(broadcast_domain_range) or O(domain) fails, naming it,
    current and wanted value.
  - CloudStack refuses a O(vlan) range in a Basic zone or a zone with security groups, and a
    O(broadcast_domain_range) other than V(POD) in a Basic zone or V(ZONE) in an Advanced one.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the physical network; identifies it (within O(zone) when given).
    type: str
    required: true
    aliases: [physical_network]
  zone:
    description:
      - Name or id of the zone of the physical network; required to create it. Without it, O(name) is looked up
        in every zone, and a name found in several fails.
    type: str
  state:
    description:
      - State of the physical network. V(present) creates it disabled and leaves the state of an existing one alone.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  isolation_method:
    description:
      - Isolation method of the guest networks.
    type: str
    choices: [VLAN, VXLAN, GRE, L3]
  vlan:
    description:
      - VLAN (VNI) ranges for guest networks, such as V(100-199) or V(100-199,300-349); a new value replaces the
        ranges (CloudStack refuses to remove VLANs in use).
    type: str
  broadcast_domain_range:
    description:
      - Broadcast domain range; CloudStack's default is V(POD) in a Basic zone, V(ZONE) in an Advanced one.
    type: str
    choices: [POD, ZONE]
  network_speed:
    description:
      - Speed of the physical network.
    type: str
    choices: [1G, 10G]
  tags:
    description:
      - Tag of the physical network, matched by network offerings' tags (CloudStack takes one).
    type: str
    aliases: [tag]
  domain:
    description:
      - Domain (name, path such as V(ROOT/customers), or id) the physical network is dedicated to.
    type: str
  nsps_enabled:
    description:
      - Network service providers to enable, by name (case-insensitive), such as V(VirtualRouter),
        V(VpcVirtualRouter) or V(InternalLbVm); the element of those three is enabled first, as CloudStack requires.
    type: list
    elements: str
  nsps_disabled:
    description:
      - Network service providers to disable, by name (case-insensitive); they are disabled before O(nsps_enabled)
        are enabled.
    type: list
    elements: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an enabled guest physical network with a VLAN range
  cloudstack.cloud.physical_network:
    name: guest-net
    zone: zone-01
    isolation_method: VLAN
    vlan: 100-299
    tags: guest
    nsps_enabled: [VirtualRouter, VpcVirtualRouter]
    state: enabled

- name: Disable it
  cloudstack.cloud.physical_network:
    name: guest-net
    zone: zone-01
    state: disabled

- name: Remove it
  cloudstack.cloud.physical_network:
    name: guest-net
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the physical network.
  returned: success
  type: str
  sample: 3f8f25cd-c498-443f-9058-438cfbcbff50
name:
  description: Name of the physical network.
  returned: success
  type: str
  sample: guest-net
state:
  description: State of the physical network.
  returned: success
  type: str
  sample: Enabled
zone:
  description: Name of the zone of the physical network.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the zone.
  returned: success
  type: str
  sample: 7c1e4bd8-1bc4-4b67-a9c5-1d4a7d4a2a8e
isolation_method:
  description: Isolation method, as CloudStack returns it.
  returned: success and set
  type: str
  sample: VLAN
vlan:
  description: VLAN ranges of the physical network.
  returned: success and set
  type: str
  sample: 100-299
broadcast_domain_range:
  description: Broadcast domain range.
  returned: success
  type: str
  sample: ZONE
network_speed:
  description: Speed of the physical network.
  returned: success and set
  type: str
  sample: 1G
tags:
  description: Tag of the physical network.
  returned: success and set
  type: str
  sample: guest
nsps:
  description: The network service providers the task asked to enable and to disable.
  returned: when O(nsps_enabled) or O(nsps_disabled) is given
  type: complex
  contains:
    enabled:
      description: The providers of O(nsps_enabled).
      returned: when O(nsps_enabled) is given
      type: list
      elements: str
      sample: [VirtualRouter]
    disabled:
      description: The providers of O(nsps_disabled).
      returned: when O(nsps_disabled) is given
      type: list
      elements: str
      sample: [InternalLbVm]
domain_id:
  description: UUID of the domain the physical network is dedicated to.
  returned: success and dedicated
  type: str
  sample: 9a3e2b8c-21f4-11e5-9a11-0242ac110002
job_id:
  description: Id of the last CloudStack job the task left running (with O(wait=false)).
  returned: when a job was left running
  type: str
  sample: 5e7f4d31-7bd1-4c41-9d8c-0d2a4fa0a1e4
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.providers import element_writes, named
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

STATES = {"enabled": "Enabled", "disabled": "Disabled"}


def converge(engine, network):
    network = converge_state(engine, network)
    converge_providers(engine, network)
    return network


def converge_state(engine, network):
    """Reach the wanted state: createPhysicalNetwork takes none (a new network is Disabled), only the update sets it."""
    wanted = STATES.get(engine.params["state"])
    if wanted is None or network.get("state") == wanted:
        return network
    engine.note("state", network.get("state"), wanted)
    answer = engine.write_own("updatePhysicalNetwork", id=network.get("id"), state=wanted)  # no id yet in check mode
    return engine.extract(answer) or dict(network, state=wanted)


def converge_providers(engine, network):
    """Disable the providers of nsps_disabled, then enable those of nsps_enabled (their element first)."""
    asked = [(name, "Disabled") for name in engine.params["nsps_disabled"] or []]
    asked += [(name, "Enabled") for name in engine.params["nsps_enabled"] or []]
    if not asked:
        return
    if not network.get("id"):  # check mode, network not created yet: its default providers are all disabled
        for name, state in asked:
            engine.note("nsps.%s" % name, "Disabled", state)
            engine.write("updateNetworkServiceProvider", id=None, state=state)
        return
    providers = engine.client.list("listNetworkServiceProviders", physicalnetworkid=network["id"])
    changing = [(provider, state) for provider, state in ((provider_named(engine, providers, name), state) for name, state in asked)
                if provider["state"] != state]
    # CloudStack works on several providers at once: their elements first, then the providers, each set awaited together.
    engine.write_all([write for provider, state in changing if state == "Enabled" for write in element_writes(engine, provider)])
    for provider, state in changing:
        engine.note("nsps.%s" % provider["name"], provider["state"], state)
    engine.write_all([("updateNetworkServiceProvider", dict(id=provider["id"], state=state)) for provider, state in changing])


def provider_named(engine, providers, name):
    provider = named(providers, name)
    if provider is None:
        engine.fail("no network service provider %r on the physical network %r; it has: %s" % (
            name, engine.params["name"], ", ".join(sorted(provider["name"] for provider in providers))))
    return provider


def nsps_result(engine, result):
    """ngine_io's nsps: the providers the task asked to enable and to disable."""
    nsps = dict((key, engine.params["nsps_" + key]) for key in ("enabled", "disabled") if engine.params["nsps_" + key])
    if nsps:
        result["nsps"] = nsps
    return result


RESOURCE = Resource(
    "physical network",
    list_command="listPhysicalNetworks", create_command="createPhysicalNetwork",
    update_command="updatePhysicalNetwork", delete_command="deletePhysicalNetwork",
    response_key="physicalnetwork",
    fields=[
        Field("name", "name", update=None, required=True, aliases=["physical_network"]),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename", required=True),
        Field("isolation_method", "isolationmethods", update=None, choices=["VLAN", "VXLAN", "GRE", "L3"]),
        Field("vlan", "vlan"),
        Field("broadcast_domain_range", "broadcastdomainrange", update=None, choices=["POD", "ZONE"]),
        Field("network_speed", "networkspeed", choices=["1G", "10G"], ignore_case=False),
        Field("tags", "tags", aliases=["tag"]),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("nsps_enabled", type="list", compare=False),  # network service providers: converge_providers
        Field("nsps_disabled", type="list", compare=False),
    ],
    scope={"zone": "zoneid"},
    renames={"zonename": "zone"},
    states={"present": {}, "enabled": {}, "disabled": {}},
    hooks={"converge": converge, "result": nsps_result},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
