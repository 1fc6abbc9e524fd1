#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vgpu_profile
short_description: Manage the vGPU profiles of CloudStack GPU cards
description:
  - Create, update and delete the vGPU profiles of a GPU card (CloudStack 4.21 and later), which compute offerings
    name (M(cloudstack.cloud.service_offering)'s O(cloudstack.cloud.service_offering#module:vgpu_profile)).
  - A profile's name is unique per card only (CloudStack gives every card a C(passthrough) profile), so a task
    always names the card.
  - CloudStack refuses to delete a profile that a host's GPU device has.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the vGPU profile.
    type: str
    required: true
  gpu_card:
    description:
      - GPU card (name or id) the profile belongs to; see C(listGpuCards).
      - Set at creation.
    type: str
    required: true
  description:
    description:
      - Description of the profile.
    type: str
  video_ram:
    description:
      - Video RAM of a vGPU of this profile, in MB.
    type: int
  max_heads:
    description:
      - Largest number of displays of a vGPU of this profile.
    type: int
  max_resolution_x:
    description:
      - Largest horizontal resolution of a display.
    type: int
  max_resolution_y:
    description:
      - Largest vertical resolution of a display.
    type: int
  max_vgpu_per_physical_gpu:
    description:
      - Number of vGPUs of this profile one physical GPU holds.
    type: int
  state:
    description:
      - Whether the profile should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an 8 GB vGPU profile of the NVIDIA A10
  cloudstack.cloud.vgpu_profile:
    name: A10-8Q
    gpu_card: NVIDIA A10
    description: 8 GB frame buffer, 2 displays
    video_ram: 8192
    max_heads: 2
    max_resolution_x: 7680
    max_resolution_y: 4320
    max_vgpu_per_physical_gpu: 3

- name: Remove it
  cloudstack.cloud.vgpu_profile:
    name: A10-8Q
    gpu_card: NVIDIA A10
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the vGPU profile.
  returned: success
  type: str
  sample: 1e24e6fa-6825-4bc3-ae7a-b1e796a0db89
name:
  description: Name of the profile.
  returned: success
  type: str
  sample: A10-8Q
description:
  description: Description of the profile.
  returned: success and set
  type: str
gpu_card:
  description: Name of the profile's GPU card.
  returned: success
  type: str
  sample: NVIDIA A10
gpu_card_id:
  description: UUID of the profile's GPU card.
  returned: success
  type: str
video_ram:
  description: Video RAM of a vGPU, in MB.
  returned: success and set
  type: int
  sample: 8192
max_heads:
  description: Largest number of displays of a vGPU.
  returned: success and set
  type: int
  sample: 2
max_resolution_x:
  description: Largest horizontal resolution of a display.
  returned: success and set
  type: int
  sample: 7680
max_resolution_y:
  description: Largest vertical resolution of a display.
  returned: success and set
  type: int
  sample: 4320
max_vgpu_per_physical_gpu:
  description: Number of vGPUs of this profile one physical GPU holds.
  returned: success and set
  type: int
  sample: 3
vendor_id:
  description: PCI vendor id of the card.
  returned: success
  type: str
  sample: 10de
vendor_name:
  description: Vendor of the card.
  returned: success
  type: str
  sample: NVIDIA Corporation
device_id:
  description: PCI device id of the card.
  returned: success
  type: str
  sample: "2236"
device_name:
  description: Device name of the card.
  returned: success
  type: str
  sample: GA102GL [A10]
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


RESOURCE = Resource(
    "vGPU profile",
    list_command="listVgpuProfiles", create_command="createVgpuProfile", update_command="updateVgpuProfile",
    delete_command="deleteVgpuProfile", response_key="vgpuprofile",
    fields=[
        Field("name", "name", required=True),
        Field("gpu_card", "gpucardid", update=None, ref="gpu_card", ref_name="gpucardname"),
        Field("description", "description"),
        Field("video_ram", "videoram", type="int"),
        Field("max_heads", "maxheads", type="int"),
        Field("max_resolution_x", "maxresolutionx", type="int"),
        Field("max_resolution_y", "maxresolutiony", type="int"),
        Field("max_vgpu_per_physical_gpu", "maxvgpuperphysicalgpu", type="int"),
    ],
    scope={"gpu_card": "gpucardid"},
    required=("gpu_card",),
    renames={"gpucardid": "gpu_card_id", "gpucardname": "gpu_card", "vendorid": "vendor_id", "vendorname": "vendor_name",
             "deviceid": "device_id", "devicename": "device_name"},
    since={"listVgpuProfiles": "4.21", "createVgpuProfile": "4.21", "updateVgpuProfile": "4.21",
           "deleteVgpuProfile": "4.21"},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
