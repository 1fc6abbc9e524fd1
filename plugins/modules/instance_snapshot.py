#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_snapshot
short_description: Manage CloudStack instance snapshots
description:
  - Take a snapshot of an instance (its disks, and with O(snapshot_memory) its memory), revert the instance to it,
    or delete it.
  - A snapshot is found by O(name) (its display name, or CloudStack's own name) among the snapshots of O(vm).
  - CloudStack's rules apply, with its messages. A snapshot with memory needs a running instance. A running instance
    reverts only to a snapshot with memory, a stopped one only to a disk-only snapshot.
  - A snapshot cannot be changed; a different O(description) is an error.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Display name of the snapshot (unique per instance).
    type: str
    required: true
    aliases: [display_name]
  vm:
    description:
      - Instance (name or id) the snapshot is of.
    type: str
    required: true
  zone:
    description:
      - Zone (name or id) of the instance.
    type: str
    required: true
  description:
    description:
      - Description of the snapshot; at creation only.
    type: str
  snapshot_memory:
    description:
      - Whether the snapshot holds the instance's memory too (the instance must be running); at creation only.
    type: bool
  tags:
    description:
      - Resource tags of the snapshot, as a map or as ngine_io's list of C(key)/C(value) dicts. Tags not listed are
        removed; V([]) removes them all; not set, the tags are left alone.
    type: raw
    aliases: [tag]
  state:
    description:
      - Whether the snapshot should exist; V(revert) reverts the instance to an existing snapshot (a change on every
        run, as each revert restores the disks again).
    type: str
    default: present
    choices: [present, absent, revert]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Snapshot web-01 with its memory before an upgrade
  cloudstack.cloud.instance_snapshot:
    name: before-upgrade
    vm: web-01
    zone: zone-01
    snapshot_memory: true

- name: Revert web-01 to it
  cloudstack.cloud.instance_snapshot:
    name: before-upgrade
    vm: web-01
    zone: zone-01
    state: revert

- name: Remove the snapshot
  cloudstack.cloud.instance_snapshot:
    name: before-upgrade
    vm: web-01
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the snapshot.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: CloudStack's own name of the snapshot.
  returned: success
  type: str
  sample: i-2-3-VM_VS_20261203064500
display_name:
  description: Display name of the snapshot.
  returned: success
  type: str
  sample: before-upgrade
description:
  description: Description of the snapshot.
  returned: if set
  type: str
state:
  description: State of the snapshot.
  returned: success
  type: str
  sample: Ready
type:
  description: What the snapshot holds, C(Disk) or C(DiskAndMemory).
  returned: success
  type: str
  sample: DiskAndMemory
current:
  description: Whether the instance runs on this snapshot (the last taken or reverted to).
  returned: success
  type: bool
created:
  description: When the snapshot was taken.
  returned: success
  type: str
vm:
  description: Name of the instance.
  returned: success
  type: str
  sample: web-01
zone:
  description: Name of the instance's zone.
  returned: success
  type: str
tags:
  description: Tags of the snapshot, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
domain:
  description: Domain of the owner.
  returned: success
  type: str
account:
  description: Account owning the snapshot.
  returned: when owned by an account
  type: str
project:
  description: Project owning the snapshot.
  returned: when owned by a project
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tag_list, tags_map, wanted_tags


def instance(engine):
    """The instance the snapshot is of, in the zone and the owner's scope (looked up once per run)."""
    scope = dict(engine.scope_params(), zoneid=engine.lookup.id("zone", engine.params["zone"]))
    return engine.lookup.find("instance", engine.params["vm"], **scope)


def find(engine):
    vm = instance(engine)
    name = engine.params["name"]
    snapshots = [s for s in engine.client.list("listVMSnapshot", virtualmachineid=vm["id"], listall=True)
                 if name in (s.get("displayname"), s.get("name"))]
    return snapshots[0] if snapshots else None


def create(engine, params):
    if engine.params["state"] == "revert":
        engine.fail("no snapshot %r of instance %r to revert to" % (engine.params["name"], engine.params["vm"]))
    wanted_tags(engine)  # a bad tags value is refused before anything changes
    snapshot = dict((k, v) for k, v in params.items() if k in ("name", "description", "snapshotmemory"))
    return engine.write_own("createVMSnapshot", virtualmachineid=instance(engine)["id"], **snapshot)


def converge(engine, snapshot):
    snapshot = converge_tags(engine, snapshot, "VMSnapshot")
    if engine.params["state"] == "revert":
        engine.note("reverted", None, snapshot.get("displayname"))
        engine.write_own("revertToVMSnapshot", vmsnapshotid=snapshot["id"])
        if not engine.check_mode and engine.waiting:
            snapshot = dict(engine.find() or snapshot, tags=snapshot.get("tags"))
    return snapshot


def delete(engine, snapshot):
    engine.write_own("deleteVMSnapshot", vmsnapshotid=snapshot["id"])
    return snapshot


def result(engine, snapshot):
    snapshot["tags"] = tag_list(tags_map(snapshot.get("tags")))
    return snapshot


RESOURCE = Resource(
    "instance snapshot",
    list_command="listVMSnapshot", create_command="createVMSnapshot", delete_command="deleteVMSnapshot",
    response_key="vmsnapshot",
    fields=[
        Field("name", "name", update=None, returned="displayname", aliases=["display_name"]),
        Field("vm", create=None, update=None, compare=False),
        Field("zone", create=None, update=None, compare=False),
        Field("description", "description", update=None),
        Field("snapshot_memory", "snapshotmemory", update=None, type="bool", compare=False),
        Field("tags", create=None, update=None, type="raw", aliases=["tag"], compare=False),  # converge_tags
        Field("domain", "domainid", create=None, update=None, ref="domain", compare=False),
        Field("account", "account", create=None, update=None, compare=False),
        Field("project", "projectid", create=None, update=None, ref="project", compare=False),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "revert": {}},
    required=("vm", "zone"),
    renames={"displayname": "display_name", "virtualmachinename": "vm", "virtualmachineid": "vm_id",
             "zonename": "zone", "parentName": "parent_name", "name": "name"},
    hooks={"find": find, "create": create, "converge": converge, "delete": delete, "result": result},
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[("project", "account")]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
