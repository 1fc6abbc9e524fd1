#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: affinity_group
short_description: Manage CloudStack affinity groups
description:
  - Create and delete affinity groups of an account or a project. Instances join them when deployed
    (M(cloudstack.cloud.instance)'s affinity groups).
  - The type of a group is checked against those CloudStack offers (C(listAffinityGroupTypes)); an unknown
    type fails naming them. CloudStack cannot change the type nor the description of a group; the module fails
    naming the option when they differ.
  - CloudStack deletes a group in use by instances; the instances stay, outside the group.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the affinity group (unique per owner).
    type: str
    required: true
  affinity_type:
    description:
      - Type of the affinity group, such as V(host anti-affinity) or V(host affinity).
      - When not given at creation, the first type CloudStack lists is used, as ngine_io.cloudstack does.
    type: str
  description:
    description:
      - Description of the affinity group, set at creation.
    type: str
  state:
    description:
      - Whether the affinity group should exist.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Spread the database servers over hosts
  cloudstack.cloud.affinity_group:
    name: db
    affinity_type: host anti-affinity
    description: one database server per host

- name: Keep a project's cache next to its application
  cloudstack.cloud.affinity_group:
    name: cache
    affinity_type: host affinity
    project: shop

- name: Remove an affinity group
  cloudstack.cloud.affinity_group:
    name: db
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the affinity group.
  returned: success
  type: str
  sample: 87b1e0ce-4e01-11e4-bb66-0050569e64b8
name:
  description: Name of the affinity group.
  returned: success
  type: str
  sample: db
affinity_type:
  description: Type of the affinity group.
  returned: success
  type: str
  sample: host anti-affinity
description:
  description: Description of the affinity group.
  returned: success
  type: str
  sample: one database server per host
virtual_machine_ids:
  description: UUIDs of the instances in the group.
  returned: success
  type: list
  elements: str
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
job_id:
  description: Id of the job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 2
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def offered_type(engine, params):
    """The type to create: the one given, if CloudStack offers it, else the first it lists (ngine_io's default)."""
    offered = [item["type"] for item in engine.client.list("listAffinityGroupTypes")]
    wanted = params.get("type")
    if wanted is None and offered:
        params["type"] = offered[0]
    elif wanted not in offered:
        engine.fail("affinity_type %r is not a type CloudStack offers; the types are: %s" % (
            wanted, ", ".join(offered) or "none"))
    return params


RESOURCE = Resource(
    "affinity group",
    list_command="listAffinityGroups", create_command="createAffinityGroup", delete_command="deleteAffinityGroup",
    response_key="affinitygroup",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("affinity_type", "type", update=None),
        Field("description", "description", update=None),
        Field("domain", "domainid", update=None, ref="domain"),
        Field("account", "account", update=None),
        Field("project", "projectid", update=None, ref="project"),
    ],
    scope={"domain": "domainid", "account": "account", "project": "projectid"},
    renames={"virtualmachineIds": "virtual_machine_ids", "projectid": "project_id"},
    hooks={"prepare_create": offered_type},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
