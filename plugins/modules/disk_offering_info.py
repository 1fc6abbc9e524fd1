#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: disk_offering_info
short_description: Gather information about CloudStack disk offerings
description:
  - Lists every disk offering, or the one named by O(disk_offering).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  disk_offering:
    description:
      - Name or id of the offering. Every offering is returned when not given; no offering of that name gives an
        empty list.
    type: str
    aliases: [name]
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
- name: Gather information about every disk offering
  cloudstack.cloud.disk_offering_info:
  register: result

- name: Gather information about one disk offering
  cloudstack.cloud.disk_offering_info:
    disk_offering: ssd-20
  register: result
"""

RETURN = r"""
disk_offerings:
  description: The offerings, with the keys of the M(cloudstack.cloud.disk_offering) module's result.
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
      sample: Small
    display_text:
      description: Display text of the offering.
      type: str
      sample: Small Disk, 5 GB
    disk_size:
      description: Size of the disk in GB.
      type: int
      sample: 5
    customized:
      description: Whether the disk size is chosen at volume creation.
      type: bool
      sample: false
    storage_type:
      description: Storage type.
      type: str
      sample: shared
    storage_tags:
      description: Storage tags.
      type: list
      elements: str
      sample: [ssd]
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.offerings import DISK_OFFERING_RENAMES, tags_as_lists
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info

INFO = Info(
    "disk offering", "listDiskOfferings", "disk_offerings",
    match=Field("disk_offering", "name", aliases=["name"]),
    filters=[Field("zone", "zoneid", ref="zone"), Field("domain", "domainid", ref="domain")],
    renames=DISK_OFFERING_RENAMES,
    transform=tags_as_lists("storage_tags"),
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
