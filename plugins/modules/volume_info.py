#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: volume_info
short_description: List CloudStack volumes
description:
  - List the volumes the caller sees (ROOT and data disks), by name or id, zone, instance, type, state or owner.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  volume:
    description:
      - Name or id of the volume; every volume when not given.
    type: str
    aliases: [name]
  zone:
    description:
      - Name or id of the zone of the volumes.
    type: str
  vm:
    description:
      - Name or id of the instance the volumes are attached to.
    type: str
  type:
    description:
      - Type of the volumes.
    type: str
    choices: [ROOT, DATADISK]
  state:
    description:
      - State of the volumes (C(Allocated), C(Ready), ...).
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner.info
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: List the data disks of an instance
  cloudstack.cloud.volume_info:
    vm: web-vm-1
    type: DATADISK
  register: disks

- name: Show one volume
  cloudstack.cloud.volume_info:
    volume: web-vm-1-volume
    zone: zone-01
"""

RETURN = r"""
volumes:
  description: The volumes, with the keys the volume module returns.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the volume.
      type: str
    name:
      description: Name of the volume.
      type: str
    type:
      description: Type of the volume.
      type: str
      sample: DATADISK
    size:
      description: Size of the volume in GB.
      type: int
      sample: 20
    state:
      description: State of the volume.
      type: str
      sample: Ready
    zone:
      description: Name of the volume's zone.
      type: str
    disk_offering:
      description: Name of the volume's disk offering (data disks).
      type: str
    vm:
      description: Name of the instance the volume is attached to.
      type: str
    device_id:
      description: Device id of the volume on its instance.
      type: int
    storage_pool:
      description: Name of the primary storage pool the volume is on.
      type: str
    tags:
      description: Tags of the volume, as key/value items sorted by key.
      type: list
      elements: dict
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list, tags_map
from ansible_collections.cloudstack.cloud.plugins.module_utils.volumes import VOLUME_RENAMES, GIB


def transform(module, volume):
    if volume.get("size") is not None:
        volume["size"] = int(volume["size"]) // GIB
    volume["tags"] = tag_list(tags_map(volume.get("tags")))
    return volume


INFO = Info(
    "volume", "listVolumes", "volumes",
    match=Field("volume", "name", aliases=["name"]),
    filters=[Field("zone", "zoneid", ref="zone"), Field("vm", "virtualmachineid", ref="instance"),
             Field("type", "type", choices=["ROOT", "DATADISK"]), Field("state", "state"),
             Field("domain", "domainid", ref="domain"), Field("account", "account"),
             Field("project", "projectid", ref="project")],
    list_params={"listall": True},
    renames=VOLUME_RENAMES,
    transform=transform,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
