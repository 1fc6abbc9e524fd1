#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tag
short_description: Manage the tags of any CloudStack resource
description:
  - Add, change and remove the tags (key/value pairs) of one resource of any type CloudStack tags
    (C(createTags), C(deleteTags)).
  - The resource is given by O(resource_id), or by O(resource), a name looked up among the resources of
    O(resource_type) (for the types named in O(resource)'s description).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  resource_type:
    description:
      - The type of the resource, as CloudStack names it (C(UserVm), C(Volume), C(Template), C(ISO), C(Network),
        C(Vpc), C(SecurityGroup), C(PublicIpAddress), C(Project), C(Zone), C(ServiceOffering), C(DiskOffering),
        C(AffinityGroup), C(Domain), C(Account), C(Storage), C(SSHKeyPair), ...); compared without case.
    type: str
    required: true
  resource_id:
    description:
      - UUID of the resource; one of O(resource_id) and O(resource) is required.
    type: str
  resource:
    description:
      - Name of the resource, looked up for the types C(UserVm), C(Volume), C(Template), C(ISO), C(Network),
        C(Vpc), C(SecurityGroup), C(Project), C(Zone), C(ServiceOffering), C(DiskOffering), C(AffinityGroup),
        C(Domain), C(Account), C(Storage) and C(SSHKeyPair); other types need O(resource_id).
    type: str
  zone:
    description:
      - Name or id of the zone to look O(resource) up in.
    type: str
  project:
    description:
      - Name or id of the project whose resource it is (to look it up, and to list its tags).
    type: str
  tags:
    description:
      - The tags, as a map or as a list of mappings with C(key) and C(value).
      - With O(state=absent), the keys to remove (a value, when given, must match, without case).
    type: raw
    required: true
    aliases: [tag]
  purge:
    description:
      - With O(state=present), also remove the tags whose keys O(tags) does not list.
    type: bool
    default: false
  state:
    description:
      - V(present) gives the resource the tags, V(absent) removes them.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Tag an instance
  cloudstack.cloud.tag:
    resource_type: UserVm
    resource: web-01
    tags:
      env: prod
      owner: web-team

- name: Make these the only tags of a volume
  cloudstack.cloud.tag:
    resource_type: Volume
    resource_id: 8ab4d4e4-2a1c-4a39-9a5c-2b6f0e1c5d3a
    tags: [{key: backup, value: daily}]
    purge: true

- name: Remove a tag
  cloudstack.cloud.tag:
    resource_type: UserVm
    resource: web-01
    tags: {owner: web-team}
    state: absent
"""

RETURN = r"""
resource_id:
  description: UUID of the tagged resource.
  returned: success
  type: str
resource_type:
  description: The type of the resource, as given.
  returned: success
  type: str
  sample: UserVm
tags:
  description: The resource's tags after the task, as key/value items sorted by key.
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
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, tag_list, tags_map, wanted_tags

# CloudStack's resource types -> the lookup references that find one of them by name.
NAMED = {
    "uservm": "instance", "volume": "volume", "template": "template", "iso": "iso", "network": "network",
    "vpc": "vpc", "securitygroup": "security_group", "project": "project", "zone": "zone",
    "serviceoffering": "service_offering", "diskoffering": "disk_offering", "affinitygroup": "affinity_group",
    "domain": "domain", "account": "account", "storage": "storage_pool", "sshkeypair": "ssh_key",
}


def resource_id(engine):
    params = engine.params
    if params.get("resource_id"):
        return params["resource_id"]
    kind = NAMED.get(params["resource_type"].lower())
    if kind is None:
        engine.fail("resource cannot be looked up by name for resource_type %s; give resource_id (by name: %s)" % (
            params["resource_type"], ", ".join(sorted(NAMED))))
    scope = dict(zoneid=engine.lookup.id("zone", params["zone"]) if params.get("zone") else None,
                 projectid=engine.lookup.id("project", params["project"]) if params.get("project") else None)
    if kind in ("zone", "domain", "account", "project", "service_offering", "disk_offering", "storage_pool"):
        scope = {}  # not listed by zone or project
    return engine.lookup.id(kind, params["resource"], **scope)


def find(engine):
    """The resource as its id and tags (listTags): what the module changes."""
    wanted_tags(engine)  # a bad tags value is refused before anything is read
    rid = resource_id(engine)
    scope = dict(projectid=engine.lookup.id("project", engine.params["project"])) if engine.params.get("project") else {}
    tags = engine.client.list("listTags", resourceid=rid, resourcetype=engine.params["resource_type"], listall=True,
                              **scope)
    return dict(id=rid, tags=tags)


def converge(engine, resource):
    wanted = wanted_tags(engine)
    if not engine.params["purge"]:
        wanted = dict(tags_map(resource["tags"]), **wanted)
    return converge_tags(engine, resource, engine.params["resource_type"], wanted)


def delete(engine, resource):
    """Remove the listed keys the resource has (with the given value, when not empty)."""
    current = tags_map(resource["tags"])
    gone = dict((k, v) for k, v in wanted_tags(engine).items()
                if k in current and (v in ("", "None") or v.lower() == current[k].lower()))
    engine.before, engine.after = {"tags": current}, {"tags": dict((k, v) for k, v in current.items() if k not in gone)}
    if gone:  # a key alone removes the tag whatever its value
        engine.write("deleteTags", resourceids=resource["id"], resourcetype=engine.params["resource_type"],
                     tags=[dict(key=k) for k in sorted(gone)])
    return dict(resource, tags=tag_list(engine.after["tags"]))


def result(engine, resource):
    return dict(resource_id=resource.get("id"), resource_type=engine.params["resource_type"],
                tags=tag_list(tags_map(resource.get("tags"))))


RESOURCE = Resource(
    "tag",
    list_command="listTags", create_command="createTags", delete_command="deleteTags",
    fields=[
        Field("resource_type", "resourcetype", update=None, compare=False),
        Field("resource_id", "resourceids", update=None, compare=False),
        Field("resource", create=None, update=None, compare=False),
        Field("zone", create=None, update=None, compare=False),
        Field("project", create=None, update=None, compare=False),
        Field("tags", create=None, update=None, type="raw", aliases=["tag"], compare=False),
        Field("purge", create=None, update=None, type="bool", default=False, compare=False),
    ],
    required=("resource_type", "tags"),
    hooks={"find": find, "converge": converge, "delete": delete, "result": result},
    module_kwargs=dict(required_one_of=[("resource_id", "resource")], mutually_exclusive=[("resource_id", "resource")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
