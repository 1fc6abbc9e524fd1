#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: service_offering
short_description: Manage CloudStack service (compute) offerings
description:
  - Create, update and delete service offerings, including system VM offerings.
  - CloudStack lets two offerings share a name; when two runs create the same one at once, the run whose
    offering is the later one deletes it again and reports the earlier one, with a warning.
  - Fixed offerings give O(cpu_number), O(cpu_speed) and O(memory); custom constrained ones give
    O(min_cpu_number), O(max_cpu_number), O(min_memory) and O(max_memory) (and O(cpu_speed)); custom
    unconstrained ones give none of them.
  - CloudStack changes only O(name), O(display_text), O(host_tags), O(storage_tags), O(purge_resources),
    O(external_details), O(domains), O(zones) and O(sort_key) of an existing offering; every other option is set at creation,
    and asking for another value of one fails, naming it, current and wanted value.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the service offering.
    type: str
    required: true
  state:
    description:
      - State of the service offering.
    type: str
    default: present
    choices: [present, absent]
  cpu_number:
    description:
      - Number of CPUs.
    type: int
  cpu_speed:
    description:
      - CPU speed in MHz.
    type: int
  memory:
    description:
      - Memory in MB.
    type: int
  min_cpu_number:
    description:
      - Least number of CPUs of a custom constrained offering (with O(max_cpu_number), O(min_memory) and O(max_memory)).
      - CloudStack keeps it among the offering's details; it is compared with them.
    type: int
  max_cpu_number:
    description:
      - Largest number of CPUs of a custom constrained offering.
    type: int
  min_memory:
    description:
      - Least memory in MB of a custom constrained offering.
    type: int
  max_memory:
    description:
      - Largest memory in MB of a custom constrained offering.
    type: int
  limit_cpu_usage:
    description:
      - Restrict the CPU usage to the committed service offering.
    type: bool
  host_tags:
    description:
      - Host tags of the offering; V([]) removes them.
    type: list
    elements: str
    aliases: [host_tag]
  offer_ha:
    description:
      - Whether the offering offers high availability.
    type: bool
  is_system:
    description:
      - Whether it is a system VM offering. System offerings are looked for among system offerings only;
        when not given (or V(false)), among user offerings, and a created offering is a user offering.
    type: bool
  system_vm_type:
    description:
      - Type of system VM the offering is for; with O(is_system=true).
    type: str
    choices: [domainrouter, consoleproxy, secondarystoragevm]
  is_customized:
    description:
      - Whether CPU number, speed and memory are chosen when deploying (a custom offering).
    type: bool
  is_volatile:
    description:
      - Whether the root disk is replaced by a fresh one at every reboot.
    type: bool
  disk_bytes_read_rate:
    description:
      - Disk bytes read rate.
    type: int
    aliases: [bytes_read_rate]
  disk_bytes_write_rate:
    description:
      - Disk bytes write rate.
    type: int
    aliases: [bytes_write_rate]
  disk_iops_read_rate:
    description:
      - Disk IO requests read rate.
    type: int
  disk_iops_write_rate:
    description:
      - Disk IO requests write rate.
    type: int
  disk_bytes_read_rate_max:
    description:
      - Burst disk bytes read rate.
    type: int
  disk_bytes_read_rate_max_length:
    description:
      - Length in seconds of a disk bytes read burst.
    type: int
  disk_bytes_write_rate_max:
    description:
      - Burst disk bytes write rate.
    type: int
  disk_bytes_write_rate_max_length:
    description:
      - Length in seconds of a disk bytes write burst.
    type: int
  disk_iops_read_rate_max:
    description:
      - Burst disk IO requests read rate.
    type: int
  disk_iops_read_rate_max_length:
    description:
      - Length in seconds of a disk IO requests read burst.
    type: int
  disk_iops_write_rate_max:
    description:
      - Burst disk IO requests write rate.
    type: int
  disk_iops_write_rate_max_length:
    description:
      - Length in seconds of a disk IO requests write burst.
    type: int
  disk_iops_max:
    description:
      - Maximum disk IOPS.
    type: int
  disk_iops_min:
    description:
      - Minimum disk IOPS.
    type: int
  is_iops_customized:
    description:
      - Whether the disk IOPS are chosen when deploying.
    type: bool
    aliases: [disk_iops_customized]
  network_rate:
    description:
      - Network data transfer rate in Mb/s; for user offerings and O(system_vm_type=domainrouter) offerings.
    type: int
  deployment_planner:
    description:
      - Deployment planner heuristics for VMs of this offering; the global setting C(vm.deployment.planner) when not given.
    type: str
  dynamic_scaling_enabled:
    description:
      - Whether VMs of this offering can be scaled while running.
    type: bool
  root_disk_size:
    description:
      - Size of the root disk in GB.
    type: int
  encrypt_root:
    description:
      - Whether the root disk is encrypted.
    type: bool
  cache_mode:
    description:
      - Cache mode of the disks.
    type: str
    choices: [none, writeback, writethrough, hypervisor_default]
  disk_offering:
    description:
      - Disk offering (name or id) of the root disk; CloudStack makes one from the disk options when not given.
    type: str
  disk_offering_strictness:
    description:
      - Whether the root disk must keep O(disk_offering) (no other offering when the VM is scaled).
    type: bool
  storage_policy:
    description:
      - Id of the vSphere storage policy of the disks (VMware). CloudStack does not list it back as given, so it is
        sent at creation only, never compared.
    type: str
  purge_resources:
    description:
      - Whether the resources of expunged VMs of this offering are purged from the database (CloudStack 4.20 and later).
    type: bool
  lease_duration:
    description:
      - Lease of VMs of this offering, in days (CloudStack 4.21 and later); V(-1) for none.
    type: int
  lease_expiry_action:
    description:
      - What happens to a VM when its lease expires (CloudStack 4.21 and later).
    type: str
    choices: [Stop, Destroy]
  gpu_count:
    description:
      - Number of GPUs of VMs of this offering (CloudStack 4.21 and later).
    type: int
  gpu_display:
    description:
      - Whether the GPU is used for display (CloudStack 4.21 and later).
    type: bool
  vgpu_profile:
    description:
      - vGPU profile (name or id) of VMs of this offering (CloudStack 4.21 and later); see C(listVgpuProfiles).
        CloudStack gives them one GPU unless O(gpu_count) says otherwise.
      - Profile names are unique per GPU card only (every card has a C(passthrough) profile), so a name several
        cards have is an error listing them with their cards; give the id then.
      - Set at creation; asking for another profile of an existing offering fails.
    type: str
  external_details:
    description:
      - Details for the extension of an extension-based (C(External)) hypervisor, as a mapping of keys to values
        (CloudStack 4.21 and later). CloudStack keeps them among the offering's details, each key prefixed with
        C(External:).
      - Compared whole and replaced whole, as CloudStack updates them; V({}) removes them all.
    type: dict
  service_offering_details:
    description:
      - Details for the planner, as a mapping of keys to values, or as a list of dicts with keys C(key) and
        C(value) (the form ngine_io.cloudstack documents).
      - Set at creation. An existing offering is compared on the given keys only (CloudStack adds its own),
        so asking for a detail it does not hold with that value fails, naming it.
    type: raw
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.offering.storage
  - cloudstack.cloud.offering
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a small compute offering
  cloudstack.cloud.service_offering:
    name: small
    display_text: Small (1 vCPU, 1 GB)
    cpu_number: 1
    cpu_speed: 1000
    memory: 1024
    host_tags: [kvm]

- name: Ensure a virtual router offering
  cloudstack.cloud.service_offering:
    name: router-large
    is_system: true
    system_vm_type: domainrouter
    cpu_number: 2
    cpu_speed: 2000
    memory: 2048

- name: Ensure a GPU offering with a vGPU profile (CloudStack 4.21 and later)
  cloudstack.cloud.service_offering:
    name: gpu-a10-8q
    cpu_number: 8
    cpu_speed: 2000
    memory: 32768
    vgpu_profile: A10-8Q

- name: Ensure an offering for an extension-based hypervisor, with its external details
  cloudstack.cloud.service_offering:
    name: proxmox-small
    cpu_number: 1
    cpu_speed: 1000
    memory: 1024
    external_details:
      pool: tenants

- name: Remove an offering
  cloudstack.cloud.service_offering:
    name: small
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the service offering.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the offering.
  returned: success
  type: str
  sample: small
display_text:
  description: Display text of the offering.
  returned: success
  type: str
  sample: Small (1 vCPU, 1 GB)
cpu_number:
  description: Number of CPUs.
  returned: success
  type: int
  sample: 1
cpu_speed:
  description: CPU speed in MHz.
  returned: success
  type: int
  sample: 1000
memory:
  description: Memory in MB.
  returned: success
  type: int
  sample: 1024
host_tags:
  description: Host tags.
  returned: success and set
  type: list
  elements: str
  sample: [kvm]
storage_tags:
  description: Storage tags.
  returned: success and set
  type: list
  elements: str
  sample: [ssd]
storage_type:
  description: Storage type.
  returned: success
  type: str
  sample: shared
is_system:
  description: Whether it is a system VM offering.
  returned: success
  type: bool
  sample: false
system_vm_type:
  description: Type of system VM.
  returned: success and system offering
  type: str
  sample: domainrouter
is_customized:
  description: Whether it is a custom offering.
  returned: success
  type: bool
  sample: false
offer_ha:
  description: Whether it offers high availability.
  returned: success
  type: bool
  sample: false
limit_cpu_usage:
  description: Whether the CPU usage is restricted to the offering.
  returned: success
  type: bool
  sample: false
domain:
  description: Names of the domains the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
  sample: ROOT
domain_id:
  description: Ids of the domains the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
zone:
  description: Names of the zones the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
  sample: zone-01
zone_id:
  description: Ids of the zones the offering is restricted to, comma-separated.
  returned: success and restricted
  type: str
is_volatile:
  description: Whether the root disk is replaced by a fresh one at every reboot.
  returned: success
  type: bool
  sample: false
is_iops_customized:
  description: Whether the disk IOPS are chosen when deploying.
  returned: success
  type: bool
  sample: false
disk_bytes_read_rate:
  description: Disk read rate in bytes per second.
  returned: success and set
  type: int
  sample: 10485760
disk_bytes_write_rate:
  description: Disk write rate in bytes per second.
  returned: success and set
  type: int
  sample: 10485760
disk_iops_read_rate:
  description: Disk read rate in IO requests per second.
  returned: success and set
  type: int
  sample: 1000
disk_iops_write_rate:
  description: Disk write rate in IO requests per second.
  returned: success and set
  type: int
  sample: 1000
disk_iops_max:
  description: Maximum disk IOPS.
  returned: success and set
  type: int
  sample: 1000
disk_iops_min:
  description: Minimum disk IOPS.
  returned: success and set
  type: int
  sample: 500
network_rate:
  description: Network data transfer rate in Mb/s.
  returned: success and set
  type: int
  sample: 1000
provisioning_type:
  description: Provisioning type of the volumes.
  returned: success
  type: str
  sample: thin
min_cpu_number:
  description: Least number of CPUs of a custom constrained offering.
  returned: success and constrained
  type: int
  sample: 1
max_cpu_number:
  description: Largest number of CPUs of a custom constrained offering.
  returned: success and constrained
  type: int
  sample: 8
min_memory:
  description: Least memory in MB of a custom constrained offering.
  returned: success and constrained
  type: int
  sample: 1024
max_memory:
  description: Largest memory in MB of a custom constrained offering.
  returned: success and constrained
  type: int
  sample: 16384
root_disk_size:
  description: Size of the root disk in GB.
  returned: success and set
  type: int
  sample: 20
cache_mode:
  description: Cache mode of the disks.
  returned: success
  type: str
  sample: none
disk_offering_id:
  description: Id of the disk offering of the root disk.
  returned: success and set
  type: str
service_offering_details:
  description: Details of the offering, as a mapping of keys to values (CloudStack adds some of its own).
  returned: success
  type: dict
  sample: {vgpuType: GRID K180Q}
external_details:
  description: The offering's external details, without their C(External:) prefix (CloudStack 4.21 and later).
  returned: success
  type: dict
  sample: {endpoint.url: "https://pve.example.com:8006"}
vgpu_profile:
  description: Name of the offering's vGPU profile (CloudStack 4.21 and later).
  returned: success and set
  type: str
  sample: A10-8Q
vgpu_profile_id:
  description: Id of the offering's vGPU profile.
  returned: success and set
  type: str
gpu_card:
  description: Name of the GPU card of the offering's vGPU profile.
  returned: success and set
  type: str
  sample: NVIDIA A10
gpu_card_id:
  description: Id of the GPU card of the offering's vGPU profile.
  returned: success and set
  type: str
gpu_count:
  description: Number of GPUs of VMs of this offering.
  returned: success and set
  type: int
  sample: 1
gpu_display:
  description: Whether the GPU is used for display.
  returned: success and set
  type: bool
  sample: false
created:
  description: When the offering was created.
  returned: success
  type: str
  sample: "2026-01-02T10:11:12+0000"
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource, default_display_text

CONSTRAINTS = ("mincpunumber", "maxcpunumber", "minmemory", "maxmemory")  # kept among the offering's details
EXTERNAL = "External:"  # the prefix of the external details among them


def read(engine, offering):
    """The offering with what CloudStack keeps among its details as fields of their own: the min/max CPU number
    and memory, and the external details (without their prefix)."""
    details = offering.get("serviceofferingdetails") or {}
    return dict(offering, externaldetails=dict((key[len(EXTERNAL):], value) for key, value in details.items() if key.startswith(EXTERNAL)),
                **dict((key, int(details[key])) for key in CONSTRAINTS if key in details))


def find_offering(engine):
    """The offering of the task's name among user or system offerings (``is_system``)."""
    name = engine.params["name"]

    def listed():
        return [item for item in engine.client.list("listServiceOfferings", name=name, issystem=bool(engine.params.get("is_system")))
                if item.get("name") == name]
    found = engine.racers_settled(listed)
    if len(found) > 1:
        engine.fail("service offering name %r is ambiguous: %d match (ids %s); delete all but one" % (
            name, len(found), ", ".join(item["id"] for item in found)))
    return found[0] if found else None


RESOURCE = Resource(
    "service offering",
    list_command="listServiceOfferings", create_command="createServiceOffering",
    update_command="updateServiceOffering", delete_command="deleteServiceOffering",
    response_key="serviceoffering",
    fields=[
        Field("name", "name", required=True),
        Field("display_text", "displaytext"),
        Field("cpu_number", "cpunumber", update=None, type="int"),
        Field("cpu_speed", "cpuspeed", update=None, type="int"),
        Field("memory", "memory", update=None, type="int"),
        Field("limit_cpu_usage", "limitcpuuse", update=None, type="bool"),
        Field("host_tags", "hosttags", type="list", aliases=["host_tag"], result_list=True),
        Field("storage_tags", create="tags", update="storagetags", returned="storagetags", type="list", aliases=["storage_tag"],
              result_list=True),
        Field("storage_type", "storagetype", update=None, choices=["local", "shared"]),
        Field("offer_ha", "offerha", update=None, type="bool"),
        Field("is_system", "issystem", update=None, type="bool"),
        Field("system_vm_type", "systemvmtype", update=None, choices=["domainrouter", "consoleproxy", "secondarystoragevm"]),
        Field("is_customized", "customized", update=None, returned="iscustomized", type="bool"),
        Field("is_volatile", "isvolatile", update=None, type="bool"),
        Field("disk_bytes_read_rate", "bytesreadrate", update=None, returned="diskBytesReadRate", type="int", aliases=["bytes_read_rate"]),
        Field("disk_bytes_write_rate", "byteswriterate", update=None, returned="diskBytesWriteRate", type="int", aliases=["bytes_write_rate"]),
        Field("disk_iops_read_rate", "iopsreadrate", update=None, returned="diskIopsReadRate", type="int"),
        Field("disk_iops_write_rate", "iopswriterate", update=None, returned="diskIopsWriteRate", type="int"),
        Field("disk_bytes_read_rate_max", "bytesreadratemax", update=None, returned="diskBytesReadRateMax", type="int"),
        Field("disk_bytes_read_rate_max_length", "bytesreadratemaxlength", update=None,
              returned="diskBytesReadRateMaxLength", type="int"),
        Field("disk_bytes_write_rate_max", "byteswriteratemax", update=None, returned="diskBytesWriteRateMax", type="int"),
        Field("disk_bytes_write_rate_max_length", "byteswriteratemaxlength", update=None,
              returned="diskBytesWriteRateMaxLength", type="int"),
        Field("disk_iops_read_rate_max", "iopsreadratemax", update=None, returned="diskIopsReadRateMax", type="int"),
        Field("disk_iops_read_rate_max_length", "iopsreadratemaxlength", update=None,
              returned="diskIopsReadRateMaxLength", type="int"),
        Field("disk_iops_write_rate_max", "iopswriteratemax", update=None, returned="diskIopsWriteRateMax", type="int"),
        Field("disk_iops_write_rate_max_length", "iopswriteratemaxlength", update=None,
              returned="diskIopsWriteRateMaxLength", type="int"),
        Field("disk_iops_max", "maxiops", update=None, type="int"),
        Field("disk_iops_min", "miniops", update=None, type="int"),
        Field("is_iops_customized", "customizediops", update=None, returned="iscustomizediops", type="bool", aliases=["disk_iops_customized"]),
        Field("hypervisor_snapshot_reserve", "hypervisorsnapshotreserve", update=None, type="int"),
        Field("network_rate", "networkrate", update=None, type="int"),
        Field("provisioning_type", "provisioningtype", update=None, choices=["thin", "sparse", "fat"]),
        Field("deployment_planner", "deploymentplanner", update=None),
        Field("dynamic_scaling_enabled", "dynamicscalingenabled", update=None, type="bool"),
        Field("min_cpu_number", "mincpunumber", update=None, type="int"),
        Field("max_cpu_number", "maxcpunumber", update=None, type="int"),
        Field("min_memory", "minmemory", update=None, type="int"),
        Field("max_memory", "maxmemory", update=None, type="int"),
        Field("root_disk_size", "rootdisksize", update=None, type="int"),
        Field("encrypt_root", "encryptroot", update=None, type="bool"),
        Field("cache_mode", "cachemode", update=None, returned="cacheMode",
              choices=["none", "writeback", "writethrough", "hypervisor_default"]),
        Field("disk_offering", "diskofferingid", update=None, ref="disk_offering"),
        Field("disk_offering_strictness", "diskofferingstrictness", update=None, type="bool"),
        Field("storage_policy", "storagepolicy", update=None, compare=False),
        Field("purge_resources", "purgeresources", type="bool"),
        Field("lease_duration", "leaseduration", update=None, type="int"),
        Field("lease_expiry_action", "leaseexpiryaction", update=None, choices=["Stop", "Destroy"]),
        Field("gpu_count", "gpucount", update=None, type="int"),
        Field("gpu_display", "gpudisplay", update=None, type="bool"),
        Field("vgpu_profile", "vgpuprofileid", update=None, ref="vgpu_profile", ref_name="vgpuprofilename"),
        Field("external_details", "externaldetails", type="dict", whole=True, clear="cleanupexternaldetails"),
        Field("service_offering_details", "serviceofferingdetails", update=None, type="dict", key_value_list=True),
        Field("domains", "domainid", type="list", ref="domain", aliases=["domain"], empty="public"),
        Field("zones", "zoneid", type="list", ref="zone", aliases=["zone"], empty="all"),
        Field("sort_key", create=None, update="sortkey", type="int", unreturned=True),
    ],
    scope={"is_system": "issystem"},
    renames={"vgpuprofileid": "vgpu_profile_id", "vgpuprofilename": "vgpu_profile", "gpucardid": "gpu_card_id",
             "gpucardname": "gpu_card"},
    hooks={"find": find_offering, "read": read, "prepare_create": default_display_text},
    since={"createServiceOffering.purgeresources": "4.20", "updateServiceOffering.purgeresources": "4.20",
           "createServiceOffering.leaseduration": "4.21", "createServiceOffering.leaseexpiryaction": "4.21",
           "createServiceOffering.gpucount": "4.21", "createServiceOffering.gpudisplay": "4.21",
           "createServiceOffering.vgpuprofileid": "4.21", "createServiceOffering.externaldetails": "4.21",
           "updateServiceOffering.externaldetails": "4.21", "updateServiceOffering.cleanupexternaldetails": "4.21"},
    unique_name=True,  # CloudStack lets two offerings share a name
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
