#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: traffic_type
short_description: Manage the traffic types of CloudStack physical networks
description:
  - Add a traffic type (Guest, Management, Public, Storage) to a physical network, set its per-hypervisor
    network labels (such as the KVM bridge), and remove it.
  - A physical network carries each traffic type once. Only the labels of an existing traffic type change;
    O(isolation_method) and O(vlan) are sent when it is added, and CloudStack does not return them.
  - A label given as an empty string is cleared.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  traffic_type:
    description:
      - The traffic type.
    type: str
    required: true
    choices: [Management, Guest, Public, Storage]
  physical_network:
    description:
      - Name or id of the physical network.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the physical network.
    type: str
    required: true
  state:
    description:
      - Whether the physical network carries the traffic type.
    type: str
    default: present
    choices: [present, absent]
  kvm_networklabel:
    description:
      - Label (bridge) of the traffic type on KVM hosts, such as V(cloudbr0).
    type: str
  xen_networklabel:
    description:
      - Label of the traffic type on XenServer hosts.
    type: str
  vmware_networklabel:
    description:
      - Label of the traffic type on VMware hosts.
    type: str
  hyperv_networklabel:
    description:
      - Label of the traffic type on Hyper-V hosts.
    type: str
  ovm3_networklabel:
    description:
      - Label of the traffic type on OVM3 hosts.
    type: str
  isolation_method:
    description:
      - Isolation method of the traffic type, set when it is added.
    type: str
    choices: [vlan, vxlan]
  vlan:
    description:
      - VLAN id of the traffic type (Management, Storage), set when it is added.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Carry guest traffic on the KVM bridge cloudbr1
  cloudstack.cloud.traffic_type:
    traffic_type: Guest
    physical_network: guest-net
    zone: zone-01
    kvm_networklabel: cloudbr1

- name: Stop carrying storage traffic there
  cloudstack.cloud.traffic_type:
    traffic_type: Storage
    physical_network: guest-net
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the traffic type.
  returned: success
  type: str
  sample: 8d4cd7a5-6f2f-4b6c-9b7f-b8f41c0e5a5c
traffic_type:
  description: The traffic type.
  returned: success
  type: str
  sample: Guest
physical_network:
  description: The physical network, as the task names it.
  returned: success
  type: str
  sample: guest-net
physical_network_id:
  description: UUID of the physical network.
  returned: success
  type: str
  sample: 3f8f25cd-c498-443f-9058-438cfbcbff50
zone:
  description: The zone, as the task names it.
  returned: success
  type: str
  sample: zone-01
kvm_networklabel:
  description: Label on KVM hosts.
  returned: success and set
  type: str
  sample: cloudbr1
xen_networklabel:
  description: Label on XenServer hosts.
  returned: success and set
  type: str
  sample: xenbr1
vmware_networklabel:
  description: Label on VMware hosts.
  returned: success and set
  type: str
  sample: vSwitch1
hyperv_networklabel:
  description: Label on Hyper-V hosts.
  returned: success and set
  type: str
  sample: external
ovm3_networklabel:
  description: Label on OVM3 hosts.
  returned: success and set
  type: str
  sample: bond1
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_traffic_type(engine):
    """A traffic type has no name: the physical network's one of the wanted type."""
    network = engine.lookup.id_in_zone("physical_network", engine.params["physical_network"], engine.params["zone"])
    wanted = engine.params["traffic_type"].lower()
    found = [item for item in engine.client.list("listTrafficTypes", physicalnetworkid=network)
             if item.get("traffictype", "").lower() == wanted]
    return found[0] if found else None


def add_on_physical_network(engine, params):
    params["physicalnetworkid"] = engine.lookup.id_in_zone("physical_network", engine.params["physical_network"], engine.params["zone"])
    return params


def names_as_given(engine, result):
    """ngine_io's physical_network and zone keys; CloudStack's answer holds only the physical network's id."""
    result.update(physical_network=engine.params["physical_network"], zone=engine.params["zone"])
    return result


class TrafficTypes(Resource):
    """A traffic type has no name: its type, physical network and zone identify it, in every state."""

    def argument_spec(self):
        spec = super(TrafficTypes, self).argument_spec()
        for option in ("traffic_type", "physical_network", "zone"):
            spec[option]["required"] = True
        return spec


RESOURCE = TrafficTypes(
    "traffic type",
    list_command="listTrafficTypes", create_command="addTrafficType",
    update_command="updateTrafficType", delete_command="deleteTrafficType",
    response_key="traffictype",
    fields=[
        Field("traffic_type", "traffictype", update=None, required=True,
              choices=["Management", "Guest", "Public", "Storage"]),
        Field("physical_network", compare=False),  # found and sent by the hooks, scoped by zone
        Field("zone", compare=False),
        Field("kvm_networklabel", "kvmnetworklabel"),
        Field("xen_networklabel", "xennetworklabel"),
        Field("vmware_networklabel", "vmwarenetworklabel"),
        Field("hyperv_networklabel", "hypervnetworklabel"),
        Field("ovm3_networklabel", "ovm3networklabel"),
        # Sent when added, never returned by CloudStack: not compared.
        Field("isolation_method", "isolationmethod", update=None, compare=False, choices=["vlan", "vxlan"]),
        Field("vlan", "vlan", update=None, compare=False),
    ],
    renames={"physicalnetworkid": "physical_network_id"},
    hooks={"find": find_traffic_type, "prepare_create": add_on_physical_network, "result": names_as_given},
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
