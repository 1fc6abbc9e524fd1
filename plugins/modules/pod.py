#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: pod
short_description: Manage CloudStack pods
description:
  - Create, update, enable, disable and delete pods of a zone.
  - The zone of an existing pod cannot be changed; the module fails naming it.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the pod; identifies it (within O(zone) when given) unless O(id) is given, then it renames it.
    type: str
  id:
    description:
      - UUID of an existing pod, to find it by id rather than by name.
    type: str
  zone:
    description:
      - Name or id of the zone of the pod; required to create it.
    type: str
  state:
    description:
      - V(present) ensures the pod exists, V(enabled) and V(disabled) also set its allocation state.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  gateway:
    description:
      - Gateway of the pod's management network; required to create it.
    type: str
  netmask:
    description:
      - Netmask of the pod's management network; required to create it.
    type: str
  start_ip:
    description:
      - First IP address of the pod's range for system VMs; required to create it.
    type: str
  end_ip:
    description:
      - Last IP address of the pod's range for system VMs; the last usable address of the pod's network when
        not given at creation.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a pod
  cloudstack.cloud.pod:
    name: pod-01
    zone: zone-01
    gateway: 10.100.10.1
    netmask: 255.255.255.0
    start_ip: 10.100.10.101
    end_ip: 10.100.10.200

- name: Disable it
  cloudstack.cloud.pod:
    name: pod-01
    zone: zone-01
    state: disabled

- name: Remove it
  cloudstack.cloud.pod:
    name: pod-01
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the pod.
  returned: success
  type: str
  sample: 5f5b7e5b-7d2e-4b1e-9a8e-d0f3a2c1b9e7
name:
  description: Name of the pod.
  returned: success
  type: str
  sample: pod-01
zone_id:
  description: UUID of the pod's zone.
  returned: success
  type: str
zone:
  description: Name of the pod's zone.
  returned: success
  type: str
  sample: zone-01
gateway:
  description: Gateway of the pod.
  returned: success
  type: str
  sample: 10.100.10.1
netmask:
  description: Netmask of the pod.
  returned: success
  type: str
  sample: 255.255.255.0
start_ip:
  description: First IP address of the pod's (first) range.
  returned: success
  type: str
  sample: 10.100.10.101
end_ip:
  description: Last IP address of the pod's (first) range.
  returned: success
  type: str
  sample: 10.100.10.200
allocation_state:
  description: Allocation state of the pod.
  returned: success
  type: str
  sample: Enabled
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import POD_RENAMES, first_range


RESOURCE = Resource(
    "pod",
    list_command="listPods", create_command="createPod", update_command="updatePod", delete_command="deletePod",
    fields=[
        Field("id", create=None, update=None, returned="id"),
        Field("name", "name", required=True),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename", required=True),
        Field("gateway", "gateway", required=True),
        Field("netmask", "netmask", required=True),
        Field("start_ip", "startip", required=True),
        Field("end_ip", "endip"),
        Field("allocation_state", "allocationstate", internal=True, ignore_case=True),
    ],
    scope={"zone": "zoneid"},
    renames=POD_RENAMES,
    hooks={"result": first_range},
    states={"present": {}, "enabled": {"allocation_state": "Enabled"}, "disabled": {"allocation_state": "Disabled"}},
    module_kwargs=dict(required_one_of=[("name", "id")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
