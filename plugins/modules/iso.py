#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: iso
short_description: Manage CloudStack ISO images
description:
  - Register an ISO from a URL (in one zone, or in all with O(cross_zones)), update it, tag it, attach it to an
    instance's CD-ROM or detach it, and delete it.
  - An ISO is found by O(name) (by O(checksum) instead when given) among those O(iso_filter) shows, in O(zone) (all
    zones with O(cross_zones)) and the owner's.
  - A registered ISO is downloaded by CloudStack before it can be attached; O(wait_for_ready) waits for that (an
    ISO to attach is always waited for).
  - O(is_public) and O(is_featured) of an existing ISO are changed with C(updateIsoPermissions); O(url) and
    O(checksum) only count at registration.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the ISO.
    type: str
    required: true
  display_text:
    description:
      - Display text of the ISO; the name when registering without it.
    type: str
  url:
    description:
      - URL the ISO is registered (downloaded) from; required to register it.
    type: str
  os_type:
    description:
      - OS type (its description or id) that best represents the ISO's OS; required for a bootable ISO.
    type: str
  is_ready:
    description:
      - Find only an ISO that is ready (downloaded); V(false) finds it whatever its state.
    type: bool
    default: false
  is_public:
    description:
      - Whether every account may use the ISO.
    type: bool
  is_featured:
    description:
      - Whether the ISO is featured (root admins only).
    type: bool
  is_dynamically_scalable:
    description:
      - Whether the ISO has the tools that let CloudStack scale instances' CPU and memory while they run.
    type: bool
  checksum:
    description:
      - Checksum of the file at O(url), checked by CloudStack; when given, the ISO is found by it instead of by name.
    type: str
  bootable:
    description:
      - Whether instances can boot from the ISO (CloudStack's default is V(true)).
    type: bool
  zone:
    description:
      - Zone (name or id) the ISO is registered in, found in or deleted from; required unless O(cross_zones=true).
    type: str
  cross_zones:
    description:
      - Register the ISO in every zone, find it across them, and delete it from all of them.
    type: bool
    default: false
  iso_filter:
    description:
      - Which ISOs are searched (CloudStack's C(isofilter)).
    type: str
    default: self
    choices: [featured, self, selfexecutable, sharedexecutable, executable, community]
  vm:
    description:
      - Instance (name or id) whose CD-ROM the ISO is attached to or detached from; required with O(state=attached)
        and O(state=detached).
    type: str
  tags:
    description:
      - Resource tags of the ISO, as a map or as ngine_io's list of C(key)/C(value) dicts. Tags not listed are
        removed; V([]) removes them all; not set, the tags are left alone.
    type: raw
    aliases: [tag]
  wait_for_ready:
    description:
      - Wait (up to O(wait_timeout)) until CloudStack has downloaded the ISO.
    type: bool
    default: false
  state:
    description:
      - Whether the ISO should exist; V(attached) registers it when missing and puts it in O(vm)'s CD-ROM (replacing
        another ISO there); V(detached) takes it out of O(vm)'s CD-ROM.
    type: str
    default: present
    choices: [present, absent, attached, detached]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Register an ISO
  cloudstack.cloud.iso:
    name: debian-12-netinst
    zone: zone-01
    url: https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-12.8.0-amd64-netinst.iso
    os_type: Debian GNU/Linux 12 (64-bit)
    wait_for_ready: true

- name: Put it in an instance's CD-ROM
  cloudstack.cloud.iso:
    name: debian-12-netinst
    zone: zone-01
    vm: web-01
    state: attached

- name: Take it out again
  cloudstack.cloud.iso:
    name: debian-12-netinst
    zone: zone-01
    vm: web-01
    state: detached

- name: Remove the ISO from every zone
  cloudstack.cloud.iso:
    name: debian-12-netinst
    cross_zones: true
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the ISO.
  returned: success
  type: str
  sample: a6f7a5fc-43f8-11e5-a151-feff819cdc9f
name:
  description: Name of the ISO.
  returned: success
  type: str
  sample: debian-12-netinst
display_text:
  description: Display text of the ISO.
  returned: success
  type: str
zone:
  description: Name of the zone of the entry returned (an ISO in several zones has one entry in each).
  returned: success
  type: str
status:
  description: Download status of the ISO.
  returned: success
  type: str
  sample: Successfully Installed
is_ready:
  description: Whether the ISO is downloaded and ready.
  returned: success
  type: bool
is_public:
  description: Whether the ISO is public.
  returned: success
  type: bool
bootable:
  description: Whether instances can boot from the ISO.
  returned: success
  type: bool
is_featured:
  description: Whether the ISO is featured.
  returned: success
  type: bool
format:
  description: Format of the ISO.
  returned: success
  type: str
  sample: ISO
os_type:
  description: The OS type's description.
  returned: success
  type: str
checksum:
  description: Checksum of the ISO.
  returned: if set
  type: str
created:
  description: When the ISO was registered.
  returned: success
  type: str
cross_zones:
  description: Whether the ISO is in every zone.
  returned: success
  type: bool
vm:
  description: Name of the instance the ISO was attached to or detached from.
  returned: with O(state=attached) or O(state=detached)
  type: str
  sample: web-01
domain:
  description: Domain of the owner.
  returned: success
  type: str
account:
  description: Account owning the ISO.
  returned: when owned by an account
  type: str
project:
  description: Project owning the ISO.
  returned: when owned by a project
  type: str
tags:
  description: Tags of the ISO, as key/value items sorted by key (C(tags | items2dict) makes them a map).
  returned: success
  type: list
  elements: dict
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.images import (
    IMAGE_RENAMES, ISO, delete_image, find_image, image_result, register_zone, update_permissions, wait_ready)
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, wanted_tags


def find(engine):
    """By name, or by checksum when given (as ngine_io); only a ready one with is_ready."""
    checksum = engine.params.get("checksum")
    ready = engine.params["is_ready"]
    return find_image(engine, ISO, lambda item: (checksum is None or item.get("checksum") == checksum)
                      and (not ready or item.get("isready")), by_name=checksum is None)


def create(engine, params):
    """registerIso, for every state but detached (there is nothing to take out of the CD-ROM then)."""
    if engine.params["state"] == "detached":
        engine.fail("no ISO %r to detach from %r" % (engine.params["name"], engine.params["vm"]))
    if not engine.params.get("url"):
        engine.fail("url is required to register the ISO %r" % engine.params["name"])
    if engine.params.get("bootable") is not False and "ostypeid" not in params:
        engine.fail("os_type is required to register the bootable ISO %r (or set bootable to false)"
                    % engine.params["name"])
    wanted_tags(engine)  # a bad tags value is refused before anything changes
    params.setdefault("displaytext", params["name"])
    return engine.write("registerIso", **register_zone(engine, params))


def prepare_update(engine, current, params):
    return update_permissions(engine, ISO, current, params)


def cd_rom(engine, iso):
    """Attach the ISO to the instance (once it is ready), or detach it, as the state asks."""
    vm = engine.lookup.find("instance", engine.params["vm"])
    attached = vm.get("isoid") == iso.get("id")
    if engine.params["state"] == "attached" and not attached:
        iso = wait_ready(engine, ISO, iso)
        engine.note("vm", None, vm["name"])
        engine.write("attachIso", id=iso.get("id"), virtualmachineid=vm["id"], forced=bool(vm.get("isoid")) or None)
    elif engine.params["state"] == "detached" and attached:
        engine.note("vm", vm["name"], None)
        engine.write("detachIso", virtualmachineid=vm["id"])
    return dict(iso, vm=vm["name"])


def converge(engine, iso):
    tags = converge_tags(engine, iso, "ISO").get("tags")
    if engine.params["wait_for_ready"]:
        iso = wait_ready(engine, ISO, iso)
    if engine.params["state"] in ("attached", "detached"):
        iso = cd_rom(engine, iso)
    return dict(iso, tags=tags)


def delete(engine, iso):
    return delete_image(engine, ISO, iso, "deleteIso")


RESOURCE = Resource(
    "ISO",
    list_command="listIsos", create_command="registerIso", update_command="updateIso", delete_command="deleteIso",
    fields=[
        Field("name", "name", update=None),
        Field("display_text", "displaytext"),
        Field("url", "url", update=None, compare=False),
        Field("os_type", "ostypeid", ref="os_type", ref_name="ostypename"),
        Field("checksum", "checksum", update=None, compare=False),
        Field("is_public", "ispublic", type="bool"),
        Field("is_featured", "isfeatured", type="bool"),
        Field("is_dynamically_scalable", "isdynamicallyscalable", type="bool"),
        Field("bootable", "bootable", type="bool"),
        Field("is_ready", create=None, update=None, type="bool", default=False, compare=False),
        Field("zone", create=None, update=None, compare=False),  # zone_params: one zone, or all with cross_zones
        Field("cross_zones", create=None, update=None, type="bool", default=False, compare=False),
        Field("iso_filter", create=None, update=None, default="self", compare=False,
              choices=["featured", "self", "selfexecutable", "sharedexecutable", "executable", "community"]),
        Field("vm", create=None, update=None, compare=False),
        Field("tags", create=None, update=None, type="raw", aliases=["tag"], compare=False),  # converge_tags
        Field("wait_for_ready", create=None, update=None, type="bool", default=False, compare=False),
        Field("domain", "domainid", ref="domain", update=None, compare=False),
        Field("account", "account", update=None, compare=False),
        Field("project", "projectid", ref="project", update=None, compare=False),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "attached": {}, "detached": {}},
    renames=IMAGE_RENAMES,
    hooks={"find": find, "create": create, "prepare_update": prepare_update, "converge": converge, "delete": delete,
           "result": image_result},
    module_kwargs=dict(required_by={"account": "domain"},
                       mutually_exclusive=[("zone", "cross_zones"), ("project", "account")],
                       required_if=[("state", "attached", ("vm",)), ("state", "detached", ("vm",))]),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
