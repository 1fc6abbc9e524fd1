#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: volume
short_description: Manage CloudStack data volumes
description:
  - Create data volumes from a disk offering (or from a snapshot), resize them, move them to another primary
    storage pool, tag them, attach them to and detach them from instances, and delete them.
  - A volume is found by O(name) within O(zone) and its owner (O(domain) and O(account), or O(project)); names
    compare without case, as ngine_io.cloudstack compares them. Only data volumes (C(DATADISK)) are managed.
  - Resizing (C(resizeVolume)) happens when O(disk_offering), O(size), O(min_iops) or O(max_iops) differ from the
    volume's; a smaller size needs O(shrink_ok=true).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the volume.
    type: str
    required: true
  zone:
    description:
      - Name or id of the zone of the volume.
    type: str
    required: true
  state:
    description:
      - V(present) ensures the volume exists (attached or not), V(attached) also attaches it to O(vm) (detaching it
        from another instance first), V(detached) ensures it is attached to no instance, V(absent) deletes it.
      - V(extracted) makes an existing volume (of any type) downloadable (C(extractVolume)) and returns its O(url);
        a change on every run, as each extraction makes a new URL.
      - V(uploaded) creates the volume from the file at O(url) in O(format) (C(uploadVolume)) when it does not exist.
    type: str
    default: present
    choices: [present, attached, detached, extracted, uploaded, absent]
  url:
    description:
      - With O(state=uploaded), the URL of the file to create the volume from (required).
      - With O(state=extracted) and O(mode=ftp_upload), the FTP URL to upload the volume to.
    type: str
  mode:
    description:
      - How O(state=extracted) extracts the volume.
    type: str
    choices: [http_download, ftp_upload]
    default: http_download
  format:
    description:
      - Format of the file O(state=uploaded) creates the volume from; required then.
    type: str
    choices: [QCOW2, RAW, VHD, VHDX, OVA]
  disk_offering:
    description:
      - Name or id of the disk offering; to create the volume, one of O(disk_offering) and O(snapshot) is
        required. A different offering than the volume's resizes it.
    type: str
  size:
    description:
      - Size of the volume in GB, for a disk offering of custom size (required to create from one).
    type: int
  min_iops:
    description:
      - Minimum IOPS, for a disk offering with custom IOPS.
    type: int
  max_iops:
    description:
      - Maximum IOPS, for a disk offering with custom IOPS.
    type: int
  shrink_ok:
    description:
      - Whether a resize may make the volume smaller (unset means false).
    type: bool
  snapshot:
    description:
      - Name or id of the volume snapshot to create the volume from.
    type: str
  storage_pool:
    description:
      - Name or id of the primary storage pool the volume should be on; another pool migrates it
        (C(migrateVolume), live when its instance runs). The volume must be Ready (on storage) to move.
    type: str
  display_volume:
    description:
      - Whether the owner sees the volume; root admins only.
    type: bool
  custom_id:
    description:
      - The UUID the new volume gets; root admins only.
    type: str
  vm:
    description:
      - Name or id of the instance to attach the volume to; required with O(state=attached).
    type: str
  device_id:
    description:
      - Device id of the volume on the instance when attaching it (the next free one when not given).
    type: int
  force:
    description:
      - Whether O(state=absent) detaches an attached volume before deleting it; without it, an attached volume is
        not deleted and the task fails (unset means false).
    type: bool
  tags:
    description:
      - Tags of the volume as a map, or as a list of mappings with C(key) and C(value) (ngine_io.cloudstack's form).
        Tags not listed are removed; V([]) removes every tag; not given leaves them alone.
    type: raw
    aliases: [tag]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
notes:
  - With O(wait=false), the job of the create, update or delete is left running; attaching, detaching, resizing,
    migrating and tagging are awaited, since each step depends on the one before.
"""

EXAMPLES = r"""
- name: Create a volume of a custom size in a project
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    project: Integration
    zone: zone-01
    disk_offering: Custom
    size: 20

- name: Create it and attach it to an instance
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    zone: zone-01
    disk_offering: Custom
    size: 20
    vm: web-vm-1
    state: attached

- name: Grow it
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    zone: zone-01
    size: 40

- name: Detach it
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    zone: zone-01
    state: detached

- name: Make it downloadable
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    zone: zone-01
    state: extracted
  register: extracted

- name: Create another volume from that download
  cloudstack.cloud.volume:
    name: web-vm-1-volume-2
    zone: zone-01
    format: VHD
    url: "{{ extracted.url }}"
    state: uploaded

- name: Delete it, detaching it first if it is attached
  cloudstack.cloud.volume:
    name: web-vm-1-volume
    zone: zone-01
    force: true
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the volume.
  returned: success
  type: str
  sample: 8ab4d4e4-2a1c-4a39-9a5c-2b6f0e1c5d3a
name:
  description: Name of the volume.
  returned: success
  type: str
  sample: web-vm-1-volume
type:
  description: Type of the volume.
  returned: success
  type: str
  sample: DATADISK
size:
  description: Size of the volume in GB (CloudStack's C(size) in bytes divided by 1024^3).
  returned: success
  type: int
  sample: 20
state:
  description: State of the volume (C(Allocated) until it is on primary storage, then C(Ready)).
  returned: success
  type: str
  sample: Ready
zone:
  description: Name of the volume's zone.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the volume's zone.
  returned: success
  type: str
disk_offering:
  description: Name of the volume's disk offering.
  returned: success
  type: str
  sample: Custom
disk_offering_id:
  description: UUID of the volume's disk offering.
  returned: success
  type: str
min_iops:
  description: Minimum IOPS of the volume.
  returned: when set
  type: int
max_iops:
  description: Maximum IOPS of the volume.
  returned: when set
  type: int
vm:
  description: Name of the instance the volume is attached to.
  returned: when attached
  type: str
  sample: web-vm-1
vm_id:
  description: UUID of the instance the volume is attached to.
  returned: when attached
  type: str
device_id:
  description: Device id of the volume on its instance.
  returned: when attached
  type: int
  sample: 1
attached:
  description: When the volume was attached.
  returned: when attached
  type: str
  sample: "2026-12-01T14:57:57+0000"
storage_pool:
  description: Name of the primary storage pool the volume is on.
  returned: when on storage
  type: str
storage_pool_id:
  description: UUID of the primary storage pool the volume is on.
  returned: when on storage
  type: str
display_volume:
  description: Whether the owner sees the volume.
  returned: success
  type: bool
created:
  description: When the volume was created.
  returned: success
  type: str
  sample: "2026-12-01T14:57:57+0000"
domain:
  description: Domain of the volume's owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account that owns the volume.
  returned: success
  type: str
  sample: admin
project:
  description: Project that owns the volume.
  returned: when owned by a project
  type: str
tags:
  description: Tags of the volume, as key/value items sorted by key.
  returned: success
  type: list
  elements: dict
  contains:
    key:
      description: The tag's key.
      type: str
    value:
      description: The tag's value.
      type: str
url:
  description: The download URL of the extracted volume (or the FTP URL it was uploaded to).
  returned: when O(state=extracted)
  type: str
  sample: http://10.1.1.5/userdata/7a5c0f86-3d58-4e1c-8a3c-91e7a1c4d2b0.qcow2
job_id:
  description: Id of the job left running with O(wait=false).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tag_list, tags_map, wanted_tags
from ansible_collections.cloudstack.cloud.plugins.module_utils.volumes import GIB, VOLUME_RENAMES


def find(engine):
    """The data volume of that name (without case, as ngine_io) within the zone and the owner; any volume to extract."""
    params = engine.scope_params()
    if engine.params["state"] != "extracted":
        params["type"] = "DATADISK"
    name = engine.params["name"].lower()
    found = [v for v in engine.client.list("listVolumes", listall=True, **params)
             if v.get("name", "").lower() == name]
    if len(found) > 1:
        engine.fail("volume name %r is ambiguous: %d match (ids %s); give the domain and account or the project" % (
            engine.params["name"], len(found), ", ".join(v["id"] for v in found)))
    return found[0] if found else None


def create(engine, params):
    """createVolume, or uploadVolume for state uploaded; there is nothing to extract from a missing volume."""
    state = engine.params["state"]
    if state == "extracted":
        engine.fail("no volume %r in zone %s to extract" % (engine.params["name"], engine.params["zone"]))
    if state != "uploaded":
        return engine.write_own("createVolume", **params)
    missing = [option for option in ("url", "format") if not engine.params.get(option)]
    if missing:
        engine.fail("%s required to upload the volume %r" % (" and ".join(missing), engine.params["name"]))
    upload_keys = ("name", "zoneid", "diskofferingid", "account", "domainid", "projectid")
    upload = dict((k, v) for k, v in params.items() if k in upload_keys)
    return engine.write_own("uploadVolume", url=engine.params["url"], format=engine.params["format"], **upload)


def prepare_create(engine, params):
    if engine.params["state"] in ("extracted", "uploaded"):
        return params  # the create hook says what these need
    if not (params.get("diskofferingid") or params.get("snapshotid")):
        engine.fail("disk_offering or snapshot is required to create the volume %r" % engine.params["name"])
    wanted_tags(engine)  # a bad tags value is refused before anything changes
    return params


def answered(engine, answer, volume):
    """The volume in a command's answer, or as it was (check mode)."""
    return engine.extract(answer) or volume


def resize(engine, volume):
    """resizeVolume when the offering, size or IOPS differ; the offering's own size is compared by CloudStack."""
    if not volume.get("id"):
        return volume  # created in check mode: as the task asks
    offering = engine.params.get("disk_offering")
    changes = {}
    if offering is not None and offering not in (volume.get("diskofferingid"), volume.get("diskofferingname")):
        offering_id = engine.lookup.id("disk_offering", offering)
        if offering_id != volume.get("diskofferingid"):
            changes["diskofferingid"] = offering_id
            engine.note("disk_offering", volume.get("diskofferingname"), offering)
    size = engine.params.get("size")
    current_size = int(volume.get("size") or 0) // GIB
    if size is not None and (size != current_size or "diskofferingid" in changes):
        changes["size"] = size  # a custom offering needs the size even when it stays
        if size != current_size:
            engine.note("size", current_size, size)
    for option, api in (("min_iops", "miniops"), ("max_iops", "maxiops")):
        value = engine.params.get(option)
        if value is not None and value != volume.get(api):
            changes[api] = value
            engine.note(option, volume.get(api), value)
    if not changes:
        return volume
    if engine.params["shrink_ok"]:
        changes["shrinkok"] = True
    return answered(engine, engine.write("resizeVolume", id=volume["id"], **changes), dict(
        volume, size=changes.get("size", current_size) * GIB))


def migrate(engine, volume):
    pool = engine.params.get("storage_pool")
    if pool is None or pool in (volume.get("storageid"), volume.get("storage")):
        return volume
    pool_id = engine.lookup.id("storage_pool", pool)
    if pool_id == volume.get("storageid"):
        return volume
    engine.note("storage_pool", volume.get("storage"), pool)
    live = volume.get("vmstate") == "Running"
    answer = engine.write("migrateVolume", volumeid=volume.get("id"), storageid=pool_id, livemigrate=live or None)
    return answered(engine, answer, dict(volume, storageid=pool_id))


def detach(engine, volume):
    if not volume.get("virtualmachineid"):
        return volume
    engine.note("vm", volume.get("vmname"), None)
    answer = engine.write("detachVolume", id=volume["id"])
    return answered(engine, answer, dict((k, v) for k, v in volume.items() if k not in (
        "virtualmachineid", "vmname", "deviceid", "attached")))


def attach(engine, volume):
    if not engine.params.get("vm"):
        engine.fail("vm is required to attach the volume %r" % engine.params["name"])
    vm = engine.lookup.find("instance", engine.params["vm"], zoneid=volume.get("zoneid"))
    if volume.get("virtualmachineid") == vm["id"]:
        return volume
    volume = detach(engine, volume)
    engine.note("vm", None, vm["name"])
    answer = engine.write("attachVolume", id=volume.get("id"), virtualmachineid=vm["id"],
                          deviceid=engine.params.get("device_id"))
    return answered(engine, answer, dict(volume, virtualmachineid=vm["id"], vmname=vm["name"],
                                         deviceid=engine.params.get("device_id")))


def extract(engine, volume):
    """extractVolume: a new URL each time (CloudStack makes one per request), so always a change."""
    engine.note("url", None, "(extracted)")
    answer = engine.write("extractVolume", id=volume["id"], zoneid=volume["zoneid"], mode=engine.params["mode"].upper(),
                          url=engine.params.get("url"))
    extracted = engine.extract(answer) or {}
    return dict(volume, url=extracted.get("url"))


def converge(engine, volume):
    """Resize, move, tag, then attach, detach or extract as the state asks."""
    if engine.params["state"] == "extracted":
        return extract(engine, volume)
    volume = migrate(engine, resize(engine, volume))
    wanted = wanted_tags(engine)
    if wanted is not None:
        volume = converge_tags(engine, volume, "Volume", wanted)
    if engine.params["state"] == "attached":
        return attach(engine, volume)
    if engine.params["state"] == "detached":
        return detach(engine, volume)
    return volume


def delete(engine, volume):
    if volume.get("virtualmachineid"):
        if not engine.params["force"]:
            engine.fail("volume %r is attached to %s; use force=true to detach and delete it" % (
                volume["name"], volume.get("vmname")))
        engine.write("detachVolume", id=volume["id"])
    engine.write_own("deleteVolume", id=volume["id"])
    return volume


def result(engine, volume):
    if volume.get("size") is not None and not (engine.check_mode and engine.created):  # else predicted, in GB
        volume["size"] = int(volume["size"]) // GIB
    volume["tags"] = tag_list(tags_map(volume.get("tags")))
    return volume


RESOURCE = Resource(
    "volume",
    list_command="listVolumes", create_command="createVolume", update_command="updateVolume",
    delete_command="deleteVolume",
    fields=[
        Field("name", "name", update=None, required=True),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename"),
        Field("disk_offering", "diskofferingid", update=None, ref="disk_offering", compare=False),
        Field("size", "size", update=None, type="int", compare=False),
        Field("min_iops", "miniops", update=None, type="int", compare=False),
        Field("max_iops", "maxiops", update=None, type="int", compare=False),
        Field("snapshot", "snapshotid", update=None, ref="snapshot", compare=False),
        Field("custom_id", "customid", update=None, compare=False),
        Field("display_volume", "displayvolume", type="bool"),
        Field("storage_pool", create=None, update=None, compare=False),
        Field("vm", create=None, update=None, compare=False),
        Field("device_id", create=None, update=None, type="int", compare=False),
        Field("shrink_ok", create=None, update=None, type="bool", compare=False),
        Field("force", create=None, update=None, type="bool", compare=False),
        Field("tags", create=None, update=None, type="raw", aliases=["tag"], compare=False),
        Field("url", create=None, update=None, compare=False),
        Field("mode", create=None, update=None, choices=["http_download", "ftp_upload"], default="http_download",
              compare=False),
        Field("format", create=None, update=None, choices=["QCOW2", "RAW", "VHD", "VHDX", "OVA"], compare=False),
        Field("domain", "domainid", update=None, ref="domain", compare=False),
        Field("account", "account", update=None, compare=False),
        Field("project", "projectid", update=None, ref="project", compare=False),
    ],
    scope={"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "attached": {}, "detached": {}, "extracted": {}, "uploaded": {}},
    renames=VOLUME_RENAMES,
    hooks={"find": find, "create": create, "prepare_create": prepare_create, "converge": converge, "delete": delete, "result": result},
    required=("zone",),
    module_kwargs=dict(required_by={"account": "domain"}, required_if=[("state", "attached", ("vm",))]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
