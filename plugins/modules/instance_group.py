#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_group
short_description: Manage CloudStack instance groups
description:
  - Create, rename and delete instance groups of an account or a project, names that instances carry (their
    C(group)) to be listed and managed together.
  - Renaming a group (found by O(id)) renames it in its instances. Deleting a group leaves its instances, outside
    any group.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the instance group (unique per owner); identifies it unless O(id) is given, then it renames it.
    type: str
  id:
    description:
      - UUID of an existing instance group, to find it by id rather than by name (and so rename it).
    type: str
  state:
    description:
      - Whether the instance group should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure an instance group
  cloudstack.cloud.instance_group:
    name: web

- name: Ensure an instance group of a project
  cloudstack.cloud.instance_group:
    name: web
    project: shop

- name: Rename a group (and so the group of its instances)
  cloudstack.cloud.instance_group:
    id: 5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11
    name: frontend

- name: Remove an instance group
  cloudstack.cloud.instance_group:
    name: web
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the instance group.
  returned: success
  type: str
  sample: 5dcb1c7e-8b3d-4f1e-9b16-2b0f1f5a6c11
name:
  description: Name of the instance group.
  returned: success
  type: str
  sample: web
created:
  description: When the group was created.
  returned: success
  type: str
  sample: "2026-11-25T12:00:00+0000"
account:
  description: Account owning the group.
  returned: when owned by an account
  type: str
  sample: admin
domain:
  description: Domain of the owner.
  returned: success
  type: str
  sample: ROOT
domain_id:
  description: UUID of that domain.
  returned: success
  type: str
project:
  description: Project owning the group.
  returned: when owned by a project
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


RESOURCE = Resource(
    "instance group",
    list_command="listInstanceGroups", create_command="createInstanceGroup", update_command="updateInstanceGroup",
    delete_command="deleteInstanceGroup", response_key="instancegroup",
    fields=[
        Field("id", create=None, update=None, returned="id"),
        Field("name", "name", required=True),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"projectid": "project_id"},
    module_kwargs=dict(required_one_of=[("name", "id")], required_by={"account": "domain"}),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
