#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: service_offering_info
short_description: Gather information about CloudStack service (compute) offerings
description:
  - Lists the user offerings, the system offerings with O(is_system=true), or the one named by O(service_offering).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  service_offering:
    description:
      - Name or id of the offering. Every offering is returned when not given; no offering of that name gives an
        empty list.
    type: str
    aliases: [name]
  is_system:
    description:
      - Whether to list system VM offerings instead of user offerings.
    type: bool
  system_vm_type:
    description:
      - Only the system offerings for this type of system VM.
    type: str
    choices: [domainrouter, consoleproxy, secondarystoragevm, internalloadbalancervm]
  domain:
    description:
      - Only the offerings available in this domain (name, path or id).
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering.info
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every user offering
  cloudstack.cloud.service_offering_info:
  register: result

- name: Gather information about the offerings of virtual routers
  cloudstack.cloud.service_offering_info:
    is_system: true
    system_vm_type: domainrouter
  register: result
"""

RETURN = r"""
service_offerings:
  description: The offerings, with the keys of the M(cloudstack.cloud.service_offering) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the offering.
      type: str
      sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
    name:
      description: Name of the offering.
      type: str
      sample: Small Instance
    display_text:
      description: Display text of the offering.
      type: str
      sample: Small Instance
    cpu_number:
      description: Number of CPUs.
      type: int
      sample: 1
    cpu_speed:
      description: CPU speed in MHz.
      type: int
      sample: 500
    memory:
      description: Memory in MB.
      type: int
      sample: 512
    is_customized:
      description: Whether it is a custom offering.
      type: bool
      sample: false
    is_system:
      description: Whether it is a system VM offering.
      type: bool
      sample: false
    system_vm_type:
      description: Type of system VM of a system offering.
      type: str
      sample: domainrouter
    host_tags:
      description: Host tags.
      type: list
      elements: str
      sample: [kvm]
    storage_tags:
      description: Storage tags.
      type: list
      elements: str
      sample: [ssd]
    storage_type:
      description: Storage type.
      type: str
      sample: shared
    service_offering_details:
      description: Details of the offering.
      type: dict
      sample: {}
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.offerings import SERVICE_OFFERING_RENAMES, tags_as_lists
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info

INFO = Info(
    "service offering", "listServiceOfferings", "service_offerings",
    match=Field("service_offering", "name", aliases=["name"]),
    filters=[
        Field("is_system", "issystem", type="bool"),
        Field("system_vm_type", "systemvmtype",
              choices=["domainrouter", "consoleproxy", "secondarystoragevm", "internalloadbalancervm"]),
        Field("zone", "zoneid", ref="zone"),
        Field("domain", "domainid", ref="domain"),
    ],
    renames=SERVICE_OFFERING_RENAMES,
    transform=tags_as_lists("host_tags", "storage_tags"),
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
