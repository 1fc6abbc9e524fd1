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
      - Name or id of one instance (the name case-insensitive, as the instance module finds it).
    type: str
  match_display_name:
    description:
      - Whether O(name) also matches the display name of instances.
    type: bool
    default: true
  host:
    description:
      - Only instances running on this host (name or id; root administrators).
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
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner.info
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
      description: IPv4 address of the default NIC (null without one).
      type: str
    default_ip6:
      description: IPv6 address of the default NIC (null without one).
      type: str
    cpu_number:
      description: Number of CPUs.
      type: int
    cpu_speed:
      description: CPU speed in MHz.
      type: int
    memory:
      description: Memory in MB.
      type: int
    os_type:
      description: Name of the instance's guest OS type.
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
      description: Tags of the instance, as key/value items sorted by key (C(tags | items2dict) makes them a map).
      type: list
      elements: dict
      contains:
        key:
          description: The tag's key.
          type: str
        value:
          description: The tag's value.
          type: str
    account:
      description: Account owning the instance.
      type: str
    domain:
      description: Domain of the owner.
      type: str
    project:
      description: Project owning the instance, if any.
      type: str
    created:
      description: When the instance was created.
      type: str
    group:
      description: Instance group, if any.
      type: str
    hypervisor:
      description: Hypervisor of the instance.
      type: str
    host:
      description: Name of the host the instance runs on (administrators, running instances).
      type: str
    internal_name:
      description:
        - Internal name of the instance (root administrators), the inventory's host variable of that name.
        - ngine_io.cloudstack returns it as C(instance_name); the inventory's C(instance_name) is the instance's name.
      type: str
    iso:
      description: Name of the ISO the instance was deployed from, if any.
      type: str
    password_enabled:
      description: Whether the template has password reset enabled.
      type: bool
    template_display_text:
      description: Display text of the template.
      type: str
    affinity_groups:
      description: Names of the instance's affinity groups.
      type: list
      elements: str
    ssh_key:
      description: The SSH key pair names as CloudStack holds them (comma-separated), as ngine_io.cloudstack returns them.
      type: str
    nic:
      description: NICs of the instance as CloudStack returns them.
      type: list
      elements: dict
      contains:
        id:
          description: Id of the NIC.
          type: str
        networkid:
          description: Id of its network.
          type: str
        networkname:
          description: Name of its network.
          type: str
        ipaddress:
          description: Its IPv4 address.
          type: str
        netmask:
          description: Netmask of its network.
          type: str
        gateway:
          description: Gateway of its network.
          type: str
        macaddress:
          description: Its MAC address.
          type: str
        isdefault:
          description: Whether it is the instance's default NIC.
          type: bool
        traffictype:
          description: Traffic type of its network (Guest).
          type: str
        type:
          description: Guest IP type of its network (Isolated, Shared, L2).
          type: str
        broadcasturi:
          description: Broadcast URI of its network, such as V(vlan://100).
          type: str
        isolationuri:
          description: Isolation URI of its network.
          type: str
    nics:
      description: The instance's NICs, the default first (the same as the inventory's host variable).
      type: list
      elements: dict
      contains:
        network:
          description: Name of the NIC's network.
          type: str
        is_default:
          description: Whether it is the default NIC.
          type: bool
        ip:
          description: Its IPv4 address.
          type: str
        ipv6:
          description: Its IPv6 address.
          type: str
        mac:
          description: Its MAC address.
          type: str
    volumes:
      description: The instance's volumes (one C(listVolumes) call per task), the form ngine_io.cloudstack returns.
      type: list
      elements: dict
      contains:
        name:
          description: Name of the volume.
          type: str
        type:
          description: V(ROOT) or V(DATADISK).
          type: str
        size:
          description: Size in bytes.
          type: int
    user_data_name:
      description: Name of the registered user data, if any.
      type: str
    user_data_details:
      description: Values of the variables of the registered user data.
      type: dict
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import described, is_named
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info


def tags_filter(module, params):
    """listVirtualMachines wants tags as tags[0].key=K&tags[0].value=V."""
    tags = params.pop("tags", None)
    if tags:
        params["tags"] = [dict(key=key, value=value) for key, value in sorted(tags.items())]
    return params


def find_by_name(module, params, wanted):
    """One instance by id, or by name (case-insensitive), or display name with match_display_name."""
    if UUID.match(wanted):
        return module.client.list("listVirtualMachines", **dict(params, id=wanted))
    by_display = module.params["match_display_name"]
    listed = module.client.list("listVirtualMachines", **dict(params, **{"keyword" if by_display else "name": wanted}))
    return [item for item in listed if is_named(item, wanted, by_display)]


def volumes_of(module, instance_id):
    """The instance's volumes as ngine_io.cloudstack returns them ({name, type, size}): one listVolumes for an
    instance the task names, else one for every instance listed (within the same owner), kept for the run."""
    if not hasattr(module, "volumes"):
        module.volumes = {}
    key = instance_id if module.params.get("name") else None
    if key not in module.volumes:
        params = dict(owner_params(module), listall=True)
        if key:
            params["virtualmachineid"] = key
        module.volumes[key] = {}
        for volume in module.client.list("listVolumes", **params):
            module.volumes[key].setdefault(volume.get("virtualmachineid"), []).append(
                dict(name=volume.get("name"), type=volume.get("type"), size=volume.get("size")))
    return module.volumes[key].get(instance_id, [])


def owner_params(module):
    params = {}
    if module.params.get("project"):
        params["projectid"] = module.lookup.id("project", module.params["project"])
    if module.params.get("domain"):
        params["domainid"] = module.lookup.id("domain", module.params["domain"])
        if module.params.get("account"):
            params["account"] = module.params["account"]
    return params


def transform(module, item):
    item["ssh_key"] = ",".join(item["ssh_keys"]) or None
    item["volumes"] = volumes_of(module, item["id"])
    return item


INFO = Info(
    "instance", "listVirtualMachines", "instances",
    match=Field("name", "name"),
    filters=[
        Field("match_display_name", type="bool", default=True),  # see find_by_name
        Field("zone", "zoneid", ref="zone"),
        Field("host", "hostid", ref="host"),
        Field("state", "state"),
        Field("tags", "tags", type="dict"),
        Field("domain", "domainid", ref="domain"),
        Field("account", "account"),
        Field("project", "projectid", ref="project"),
    ],
    list_params={"listall": True},
    renames=described,
    prepare=tags_filter,
    transform=transform,
    find=find_by_name,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
