#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_info
short_description: List CloudStack instances
description:
  - List the instances the caller may see (every account for an administrator), or those matching
    the given filters. Instances of projects are listed only with O(project).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of one instance.
    type: str
  zone:
    description:
      - Only instances of this zone (name or id).
    type: str
  state:
    description:
      - Only instances in this state, for example V(Running), V(Stopped), V(Destroyed).
    type: str
  tags:
    description:
      - Only instances that have all these tags (a map).
    type: dict
  domain:
    description:
      - Only instances of this domain (name, path or id).
    type: str
  account:
    description:
      - Only instances of this account, with O(domain).
    type: str
  project:
    description:
      - Only instances of this project (name or id).
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: List every running instance of a zone
  cloudstack.cloud.instance_info:
    zone: zone-01
    state: Running
  register: running

- name: Show their names and addresses
  ansible.builtin.debug:
    msg: "{{ running.instances | items2dict(key_name='name', value_name='default_ip') }}"

- name: Find the web servers
  cloudstack.cloud.instance_info:
    tags:
      role: web
"""

RETURN = r"""
instances:
  description: The matching instances, with the same keys as the result of the instance module.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the instance.
      type: str
    name:
      description: Host name of the instance.
      type: str
    display_name:
      description: Display name of the instance.
      type: str
    state:
      description: State of the instance.
      type: str
      sample: Running
    zone:
      description: Name of the zone.
      type: str
    service_offering:
      description: Name of the service offering.
      type: str
    template:
      description: Name of the template.
      type: str
    default_ip:
      description: IPv4 address of the default NIC.
      type: str
    public_ip:
      description: Public IP address through static NAT, if any.
      type: str
    networks:
      description: Names of the instance's networks, the default first.
      type: list
      elements: str
    security_groups:
      description: Names of the instance's security groups.
      type: list
      elements: str
    ssh_keys:
      description: Names of the SSH key pairs installed on the instance.
      type: list
      elements: str
    tags:
      description: Tags of the instance as a map.
      type: dict
    account:
      description: Account owning the instance.
      type: str
    project:
      description: Project owning the instance, if any.
      type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import RENAMES, shape
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info


def tags_filter(module, params):
    """listVirtualMachines wants tags as tags[0].key=K&tags[0].value=V."""
    tags = params.pop("tags", None)
    if tags:
        params["tags"] = [dict(key=key, value=value) for key, value in sorted(tags.items())]
    return params


INFO = Info(
    "instance", "listVirtualMachines", "instances",
    match=Field("name", "name"),
    filters=[
        Field("zone", "zoneid", ref="zone"),
        Field("state", "state"),
        Field("tags", "tags", type="dict"),
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    list_params={"listall": True},
    renames=RENAMES,
    prepare=tags_filter,
    transform=lambda module, item: shape(item),
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
