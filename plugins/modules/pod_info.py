#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: pod_info
short_description: Gather information about CloudStack pods
description:
  - Lists every pod, those of one zone, or the one named by O(name).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of the pod. Information about every pod (of O(zone), if given) is returned when not given.
      - No pod of that name gives an empty list.
    type: str
  zone:
    description:
      - Name or id of the zone whose pods are listed.
      - A zone that does not exist is an error.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every pod
  cloudstack.cloud.pod_info:
  register: result

- name: Gather information about the pods of one zone
  cloudstack.cloud.pod_info:
    zone: zone-01
  register: result

- name: Gather information about one pod
  cloudstack.cloud.pod_info:
    name: pod-01
    zone: zone-01
  register: result
"""

RETURN = r"""
pods:
  description: The pods, with the keys of the M(cloudstack.cloud.pod) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the pod.
      type: str
      sample: 5f5b7e5b-7d2e-4b1e-9a8e-d0f3a2c1b9e7
    name:
      description: Name of the pod.
      type: str
      sample: pod-01
    zone:
      description: Name of the pod's zone.
      type: str
      sample: zone-01
    zone_id:
      description: UUID of the pod's zone.
      type: str
    gateway:
      description: Gateway of the pod.
      type: str
      sample: 10.100.10.1
    netmask:
      description: Netmask of the pod.
      type: str
      sample: 255.255.255.0
    start_ip:
      description: First IP address of the pod's (first) range.
      type: str
      sample: 10.100.10.101
    end_ip:
      description: Last IP address of the pod's (first) range.
      type: str
      sample: 10.100.10.200
    allocation_state:
      description: Allocation state of the pod.
      type: str
      sample: Enabled
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import POD_RENAMES, first_range

INFO = Info("pod", "listPods", "pods", match=Field("name", "name"), filters=[Field("zone", "zoneid", ref="zone")],
            renames=POD_RENAMES, transform=first_range)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
