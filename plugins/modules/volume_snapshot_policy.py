#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: volume_snapshot_policy
short_description: Manage the recurring snapshot policies of CloudStack volumes
description:
  - Schedule recurring snapshots of a volume, at most one policy per volume and O(interval_type) (as CloudStack
    keeps them), saying when CloudStack takes them (O(schedule), O(time_zone)) and how many it keeps (O(max_snaps)).
  - The volume is given by O(volume) (its name), or by the instance it is attached to (O(vm)) with O(volume_type)
    and O(device_id) when the instance has several.
  - CloudStack changes a policy by creating it again (C(createSnapshotPolicy) updates the volume's policy of that
    interval), which is what the module does when O(schedule), O(time_zone) or O(max_snaps) differ.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  volume:
    description:
      - Name of the volume.
      - One of O(volume) and O(vm) is required.
    type: str
  volume_type:
    description:
      - Type of the volume, to choose among the volumes of O(vm).
    type: str
    choices: [DATADISK, ROOT]
  vm:
    description:
      - Instance (name or id) the volume is attached to.
    type: str
    aliases: [instance]
  device_id:
    description:
      - Device id of the volume on O(vm), to choose among its volumes.
    type: int
  vpc:
    description:
      - VPC (name or id) of O(vm), to tell instances of the same name apart.
    type: str
  interval_type:
    description:
      - How often snapshots are taken; it identifies the policy among the volume's.
    type: str
    default: daily
    choices: [hourly, daily, weekly, monthly]
    aliases: [interval]
  schedule:
    description:
      - When the snapshots are taken, as CloudStack reads it for O(interval_type) V(hourly) C(MM) (the minute),
        V(daily) C(MM:HH), V(weekly) C(MM:HH:DD) (DD the day of the week, 1-7) and V(monthly) C(MM:HH:DD) (DD the
        day of the month, 1-28).
      - Required to create or change the policy.
    type: str
  time_zone:
    description:
      - Time zone of O(schedule) (a tz database name); CloudStack takes a name it does not know as GMT.
    type: str
    default: UTC
    aliases: [timezone]
  max_snaps:
    description:
      - How many snapshots of the policy CloudStack keeps (at most its C(snapshot.max.<interval>) setting, 8 by
        default).
    type: int
    default: 8
    aliases: [max]
  state:
    description:
      - Whether the policy should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Snapshot the ROOT volume of web-01 every night at 02:30, keeping a week
  cloudstack.cloud.volume_snapshot_policy:
    vm: web-01
    volume_type: ROOT
    interval_type: daily
    schedule: "30:02"
    time_zone: Europe/Zurich
    max_snaps: 7

- name: Snapshot a data volume every hour at minute 15
  cloudstack.cloud.volume_snapshot_policy:
    volume: db-01-data
    interval_type: hourly
    schedule: "15"
    max_snaps: 8

- name: Remove the daily policy of the volume
  cloudstack.cloud.volume_snapshot_policy:
    vm: web-01
    volume_type: ROOT
    interval_type: daily
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the snapshot policy.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
interval_type:
  description: How often snapshots are taken.
  returned: success
  type: str
  sample: daily
schedule:
  description: When the snapshots are taken.
  returned: success
  type: str
  sample: "30:02"
max_snaps:
  description: How many snapshots are kept.
  returned: success
  type: int
  sample: 7
time_zone:
  description: Time zone of the schedule, as CloudStack holds it.
  returned: success
  type: str
  sample: Europe/Zurich
volume:
  description: Name of the volume.
  returned: success
  type: str
  sample: ROOT-12
volume_id:
  description: UUID of the volume.
  returned: success
  type: str
zone:
  description: Name of the volume's zone.
  returned: success
  type: str
project:
  description: Project of the volume.
  returned: when the volume belongs to a project
  type: str
account:
  description: Account of the volume.
  returned: when the volume belongs to an account
  type: str
domain:
  description: Domain of the volume.
  returned: success
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import NotFound
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

INTERVALS = ["hourly", "daily", "weekly", "monthly"]  # the response's intervaltype is the index
POLICY_PARAMS = ("intervaltype", "schedule", "maxsnaps", "timezone")


def owner_params(engine):
    """listVolumes' owner parameters (listSnapshotPolicies took them only in CloudStack 4.19: policies are found by
    their volume)."""
    params = {"listall": True, "account": engine.params.get("account")}
    for option, param in (("domain", "domainid"), ("project", "projectid")):
        if engine.params.get(option):
            params[param] = engine.lookup.id(option, engine.params[option])
    return dict((k, v) for k, v in params.items() if v is not None)


def volume_of(engine):
    """The one volume the options designate (listed once, kept for the result)."""
    if getattr(engine, "volume", None) is None:
        params = owner_params(engine)
        if engine.params.get("vm"):
            scope = {"vpcid": engine.lookup.id("vpc", engine.params["vpc"])} if engine.params.get("vpc") else {}
            params["virtualmachineid"] = engine.lookup.id("instance", engine.params["vm"], **scope)
        for option, param in (("volume", "name"), ("volume_type", "type")):
            if engine.params.get(option):
                params[param] = engine.params[option]
        volumes = [v for v in engine.client.list("listVolumes", **params)
                   if engine.params.get("volume") in (None, v.get("name"))
                   and engine.params.get("device_id") in (None, v.get("deviceid"))]
        described = "volume %s" % " ".join("%s=%s" % (option, engine.params[option]) for option in (
            "volume", "vm", "volume_type", "device_id") if engine.params.get(option) is not None)
        if not volumes:
            raise NotFound("no %s found" % described)  # nothing to remove then; to create, an error
        if len(volumes) > 1:
            engine.fail("%s is ambiguous: it matches %s; choose one with volume, volume_type or device_id" % (
                described, ", ".join("%s (%s, device %s)" % (v["name"], v["type"], v.get("deviceid")) for v in volumes)))
        engine.volume = volumes[0]
    return engine.volume


def find(engine):
    """The volume's policy of the wanted interval (CloudStack keeps one per interval)."""
    volume = volume_of(engine)
    interval = INTERVALS.index(engine.params["interval_type"])
    policies = engine.client.list("listSnapshotPolicies", volumeid=volume["id"])
    return next((p for p in policies if int(p.get("intervaltype", -1)) == interval), None)


def prepare_create(engine, params):
    if not engine.params.get("schedule"):
        engine.fail("schedule is required to create the %s snapshot policy of volume %s" % (
            engine.params["interval_type"], volume_of(engine)["name"]))
    return dict(params, volumeid=volume_of(engine)["id"])


def prepare_update(engine, current, params):
    """createSnapshotPolicy again: CloudStack updates the volume's policy of that interval (updateSnapshotPolicy
    changes only its display)."""
    wanted = dict((f.create, engine.params[f.option]) for f in RESOURCE.fields if f.create in POLICY_PARAMS)
    engine.write("createSnapshotPolicy", volumeid=volume_of(engine)["id"], **dict(wanted, **params))
    return {}


def result(engine, policy):
    if not policy:
        return policy  # absent, and its volume too
    volume = volume_of(engine)
    interval = policy.get("interval_type")
    if isinstance(interval, int) or str(interval).isdigit():
        policy["interval_type"] = INTERVALS[int(interval)]
    policy.update(volume=volume.get("name"), volume_id=volume.get("id"), zone=volume.get("zonename"),
                  project=volume.get("project"), account=volume.get("account"), domain=volume.get("domain"))
    return dict((k, v) for k, v in policy.items() if v is not None and k not in ("volumename", "volumeid"))


RESOURCE = Resource(
    "snapshot policy",
    list_command="listSnapshotPolicies", create_command="createSnapshotPolicy",
    update_command="createSnapshotPolicy", delete_command="deleteSnapshotPolicies", response_key="snapshotpolicy",
    fields=[
        Field("volume", create=None, update=None, compare=False),
        Field("volume_type", create=None, update=None, choices=["DATADISK", "ROOT"], compare=False),
        Field("vm", create=None, update=None, aliases=["instance"], compare=False),
        Field("device_id", create=None, update=None, type="int", compare=False),
        Field("vpc", create=None, update=None, compare=False),
        Field("interval_type", "intervaltype", update=None, choices=INTERVALS, default="daily", aliases=["interval"],
              compare=False),
        Field("schedule", "schedule"),
        Field("time_zone", "timezone", default="UTC", aliases=["timezone"]),
        Field("max_snaps", "maxsnaps", type="int", default=8, aliases=["max"]),
        Field("domain", create=None, update=None, ref="domain", compare=False),
        Field("account", create=None, update=None, compare=False),
        Field("project", create=None, update=None, ref="project", compare=False),
    ],
    renames={"intervaltype": "interval_type", "maxsnaps": "max_snaps", "timezone": "time_zone",
             "fordisplay": "for_display"},
    hooks={"find": find, "prepare_create": prepare_create, "prepare_update": prepare_update, "result": result},
    module_kwargs=dict(required_one_of=[("vm", "volume")], required_by={"account": "domain"},
                       mutually_exclusive=[("project", "account")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
