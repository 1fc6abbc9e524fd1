#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: disk_offering
short_description: Manage CloudStack disk offerings
description:
  - Create, update and delete disk offerings.
  - CloudStack changes only O(name), O(display_text), O(display_offering), O(storage_tags), the rates,
    O(cache_mode), O(domains), O(zones) and O(sort_key) of an existing offering; every other option is set at creation, and asking
    for another value of one fails, naming it, current and wanted value.
  - CloudStack lets two offerings share a name; when two runs create the same one at once, the run whose
    offering is the later one deletes it again and reports the earlier one, with a warning.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the disk offering.
    type: str
    required: true
  state:
    description:
      - State of the disk offering.
    type: str
    default: present
    choices: [present, absent]
  disk_size:
    description:
      - Size of the disk in GB. Leave it out with O(customized=true).
    type: int
  customized:
    description:
      - Whether the disk size is chosen when the volume is created.
    type: bool
  display_offering:
    description:
      - Whether end users see the offering.
    type: bool
  bytes_read_rate:
    description:
      - Bytes read rate of the disk.
    type: int
  bytes_write_rate:
    description:
      - Bytes write rate of the disk.
    type: int
  iops_read_rate:
    description:
      - IO requests read rate of the disk.
    type: int
  iops_write_rate:
    description:
      - IO requests write rate of the disk.
    type: int
  bytes_read_rate_max:
    description:
      - Burst bytes read rate of the disk.
    type: int
  bytes_read_rate_max_length:
    description:
      - Length in seconds of a bytes read burst.
    type: int
  bytes_write_rate_max:
    description:
      - Burst bytes write rate of the disk.
    type: int
  bytes_write_rate_max_length:
    description:
      - Length in seconds of a bytes write burst.
    type: int
  iops_read_rate_max:
    description:
      - Burst IO requests read rate of the disk.
    type: int
  iops_read_rate_max_length:
    description:
      - Length in seconds of a IO requests read burst.
    type: int
  iops_write_rate_max:
    description:
      - Burst IO requests write rate of the disk.
    type: int
  iops_write_rate_max_length:
    description:
      - Length in seconds of a IO requests write burst.
    type: int
  iops_max:
    description:
      - Maximum IOPS of the disk.
    type: int
  iops_min:
    description:
      - Minimum IOPS of the disk.
    type: int
  iops_customized:
    description:
      - Whether the IOPS are chosen when the volume is created.
    type: bool
  cache_mode:
    description:
      - Cache mode of the disk.
    type: str
    choices: [none, writeback, writethrough, hypervisor_default]
  encrypt:
    description:
      - Whether the volumes are encrypted.
    type: bool
  disk_size_strictness:
    description:
      - Whether the size of a volume of this offering cannot be changed.
    type: bool
  details:
    description:
      - Details of the offering, as a mapping of keys to values or a list of dicts with keys C(key) and C(value).
      - Set at creation; an existing offering is compared on the given keys only.
    type: raw
  storage_policy:
    description:
      - Id of the vSphere storage policy of the volumes (VMware). CloudStack does not list it back as given, so it
        is sent at creation only, never compared.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering.storage
  - cloudstack.cloud.offering
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a 20 GB disk offering on SSD storage
  cloudstack.cloud.disk_offering:
    name: ssd-20
    display_text: SSD 20 GB
    disk_size: 20
    storage_tags: [ssd]

- name: Ensure a custom-size disk offering
  cloudstack.cloud.disk_offering:
    name: custom
    customized: true

- name: Remove an offering
  cloudstack.cloud.disk_offering:
    name: ssd-20
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the disk offering.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the offering.
  returned: success
  type: str
  sample: ssd-20
display_text:
  description: Display text of the offering.
  returned: success
  type: str
  sample: SSD 20 GB
disk_size:
  description: Size of the disk in GB.
  returned: success
  type: int
  sample: 20
customized:
  description: Whether the disk size is chosen at volume creation.
  returned: success
  type: bool
  sample: false
display_offering:
  description: Whether end users see the offering.
  returned: success
  type: bool
  sample: true
storage_type:
  description: Storage type.
  returned: success
  type: str
  sample: shared
storage_tags:
  description: Storage tags.
  returned: success and set
  type: list
  elements: str
  sample: [ssd]
bytes_read_rate:
  description: Disk read rate in bytes per second.
  returned: success and set
  type: int
  sample: 10485760
bytes_write_rate:
  description: Disk write rate in bytes per second.
  returned: success and set
  type: int
  sample: 10485760
iops_read_rate:
  description: Disk read rate in IO requests per second.
  returned: success and set
  type: int
  sample: 1000
iops_write_rate:
  description: Disk write rate in IO requests per second.
  returned: success and set
  type: int
  sample: 1000
iops_max:
  description: Maximum IOPS of the disk.
  returned: success and set
  type: int
  sample: 1000
iops_min:
  description: Minimum IOPS of the disk.
  returned: success and set
  type: int
  sample: 500
iops_customized:
  description: Whether the IOPS are chosen when the volume is created.
  returned: success
  type: bool
  sample: false
created:
  description: When the offering was created.
  returned: success
  type: str
  sample: "2026-01-02T10:11:12+0000"
cache_mode:
  description: Cache mode of the disk.
  returned: success
  type: str
  sample: none
encrypt:
  description: Whether the volumes are encrypted.
  returned: success
  type: bool
  sample: false
provisioning_type:
  description: Provisioning type.
  returned: success
  type: str
  sample: thin
domain:
  description: Names of the domains the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
  sample: ROOT
zone:
  description: Names of the zones the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
  sample: zone-01
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, default_display_text


RESOURCE = Resource(
    "disk offering",
    list_command="listDiskOfferings", create_command="createDiskOffering",
    update_command="updateDiskOffering", delete_command="deleteDiskOffering",
    response_key="diskoffering",
    fields=[
        Field("name", "name", required=True),
        Field("display_text", "displaytext"),
        Field("disk_size", "disksize", update=None, type="int"),
        Field("customized", "customized", update=None, returned="iscustomized", type="bool"),
        Field("display_offering", "displayoffering", type="bool"),
        Field("storage_type", "storagetype", update=None, choices=["local", "shared"]),
        Field("storage_tags", "tags", type="list", aliases=["storage_tag"], result_list=True),
        Field("provisioning_type", "provisioningtype", update=None, choices=["thin", "sparse", "fat"]),
        Field("hypervisor_snapshot_reserve", "hypervisorsnapshotreserve", update=None, type="int"),
        Field("bytes_read_rate", "bytesreadrate", returned="diskBytesReadRate", type="int"),
        Field("bytes_write_rate", "byteswriterate", returned="diskBytesWriteRate", type="int"),
        Field("iops_read_rate", "iopsreadrate", returned="diskIopsReadRate", type="int"),
        Field("iops_write_rate", "iopswriterate", returned="diskIopsWriteRate", type="int"),
        Field("bytes_read_rate_max", "bytesreadratemax", returned="diskBytesReadRateMax", type="int"),
        Field("bytes_read_rate_max_length", "bytesreadratemaxlength", returned="diskBytesReadRateMaxLength", type="int"),
        Field("bytes_write_rate_max", "byteswriteratemax", returned="diskBytesWriteRateMax", type="int"),
        Field("bytes_write_rate_max_length", "byteswriteratemaxlength", returned="diskBytesWriteRateMaxLength", type="int"),
        Field("iops_read_rate_max", "iopsreadratemax", returned="diskIopsReadRateMax", type="int"),
        Field("iops_read_rate_max_length", "iopsreadratemaxlength", returned="diskIopsReadRateMaxLength", type="int"),
        Field("iops_write_rate_max", "iopswriteratemax", returned="diskIopsWriteRateMax", type="int"),
        Field("iops_write_rate_max_length", "iopswriteratemaxlength", returned="diskIopsWriteRateMaxLength", type="int"),
        Field("iops_max", "maxiops", update=None, type="int"),
        Field("iops_min", "miniops", update=None, type="int"),
        Field("iops_customized", "customizediops", update=None, returned="iscustomizediops", type="bool"),
        Field("cache_mode", "cachemode", returned="cacheMode", choices=["none", "writeback", "writethrough", "hypervisor_default"]),
        Field("encrypt", "encrypt", update=None, type="bool"),
        Field("disk_size_strictness", "disksizestrictness", update=None, type="bool"),
        Field("details", "details", update=None, type="dict", key_value_list=True),
        Field("storage_policy", "storagepolicy", update=None, compare=False),
        Field("domains", "domainid", type="list", ref="domain", aliases=["domain"], empty="public"),
        Field("zones", "zoneid", type="list", ref="zone", aliases=["zone"], empty="all"),
        Field("sort_key", create=None, update="sortkey", type="int", unreturned=True),
    ],
    hooks={"prepare_create": default_display_text},
    unique_name=True,  # CloudStack lets two offerings share a name
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
