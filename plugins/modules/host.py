#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: host
short_description: Manage CloudStack hypervisor hosts
description:
  - Add hosts to a cluster, set their tags and allocation state (enabled, disabled, maintenance), and
    delete them (after putting them into maintenance).
  - Zone, pod, cluster and hypervisor of an existing host cannot be changed; the module fails naming them.
  - URL and credentials are used when adding the host only, and not compared afterwards.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or IP address of the host, as CloudStack lists it.
    type: str
    required: true
    aliases: [ip_address]
  url:
    description:
      - URL to add the host with; V(http://) followed by O(name) when not given.
    type: str
  username:
    description:
      - Username to add the host with; required by KVM.
    type: str
  password:
    description:
      - Password to add the host with; required by KVM.
    type: str
  zone:
    description:
      - Name or id of the zone of the host; required to add it.
    type: str
  pod:
    description:
      - Name or id of the pod of the host; required to add it.
    type: str
  cluster:
    description:
      - Name or id of the cluster of the host; required to add it.
    type: str
  hypervisor:
    description:
      - Hypervisor of the host, for example V(KVM); required to add it.
    type: str
  host_tags:
    description:
      - Tags of the host; V([]) removes them.
    type: list
    elements: str
    aliases: [host_tag]
  allocation_state:
    description:
      - Allocation state of the host. V(maintenance) prepares the host for maintenance (its instances are
        migrated away) and waits for it; leaving maintenance cancels it first.
    type: str
    choices: [enabled, disabled, maintenance]
  state:
    description:
      - State of the host. V(absent) puts it into maintenance first, then deletes it.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Add a KVM host
  cloudstack.cloud.host:
    name: 10.0.10.21
    zone: zone-01
    pod: pod-01
    cluster: kvm-cluster-01
    hypervisor: KVM
    username: root
    password: "{{ kvm_root_password }}"
    host_tags: [ssd]

- name: Put it into maintenance
  cloudstack.cloud.host:
    name: 10.0.10.21
    allocation_state: maintenance

- name: Remove it
  cloudstack.cloud.host:
    name: 10.0.10.21
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the host.
  returned: success
  type: str
  sample: 3f5b7e5b-7d2e-4b1e-9a8e-d0f3a2c1b9e7
name:
  description: Name of the host.
  returned: success
  type: str
  sample: 10.0.10.21
ipaddress:
  description: IP address of the host.
  returned: success
  type: str
  sample: 10.0.10.21
state:
  description: Connection state of the host.
  returned: success
  type: str
  sample: Up
resource_state:
  description: Allocation state of the host (Enabled, Disabled, Maintenance, PrepareForMaintenance, ErrorInMaintenance).
  returned: success
  type: str
  sample: Enabled
hypervisor:
  description: Hypervisor of the host.
  returned: success
  type: str
  sample: KVM
host_tags:
  description: Tags of the host, comma-separated.
  returned: success and set
  type: str
  sample: ssd
cluster_name:
  description: Name of the host's cluster.
  returned: success
  type: str
  sample: kvm-cluster-01
pod_name:
  description: Name of the host's pod.
  returned: success
  type: str
  sample: pod-01
zone_name:
  description: Name of the host's zone.
  returned: success
  type: str
  sample: zone-01
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

IN_MAINTENANCE = ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance")


def find_host(engine):
    """A host is known by its name or its IP address (KVM hosts are added by address)."""
    name = engine.params["name"]
    hosts = engine.client.list("listHosts", type="Routing")
    found = [h for h in hosts if h.get("name") == name] or [h for h in hosts if h.get("ipaddress") == name]
    if len(found) > 1:
        engine.fail("host %r is ambiguous: %d match (ids %s)" % (name, len(found), ", ".join(h["id"] for h in found)))
    return found[0] if found else None


def default_url(engine, params):
    params.setdefault("url", "http://%s" % engine.params["name"])
    return params


def set_resource_state(engine, host, command, resulting_state, **params):
    answer = engine.write(command, id=host["id"], **params)
    updated = engine.extract(answer) if answer else None
    return updated or dict(host, resourcestate=resulting_state)


def converge_allocation(engine, host):
    """Reach the wanted allocation_state: maintenance is entered and left through its own async commands."""
    wanted = engine.params["allocation_state"]
    current = host.get("resourcestate")
    if wanted is None or wanted.capitalize() == current or (wanted == "maintenance" and current in IN_MAINTENANCE[:2]):
        return host
    if wanted == "maintenance":
        updated = set_resource_state(engine, host, "prepareHostForMaintenance", "Maintenance")
    else:
        updated = host
        if current in IN_MAINTENANCE:
            updated = set_resource_state(engine, updated, "cancelHostMaintenance", "Enabled")
        if updated.get("resourcestate") != wanted.capitalize():
            updated = set_resource_state(engine, updated, "updateHost", wanted.capitalize(),
                                         allocationstate=wanted.capitalize()[:-1])  # Enable / Disable
    engine.note("allocation_state", current and current.lower(), wanted)
    return updated


def delete_in_maintenance(engine, host):
    if host.get("resourcestate") not in ("Maintenance", "Disabled"):
        engine.write("prepareHostForMaintenance", id=host["id"])
    engine.write("deleteHost", id=host["id"])


RESOURCE = Resource(
    "host",
    list_command="listHosts", create_command="addHost", update_command="updateHost", delete_command="deleteHost",
    fields=[
        Field("name", create=None, update=None, returned="name", aliases=["ip_address"], compare=False),
        Field("url", "url", update=None, compare=False),
        Field("username", "username", update=None, compare=False),
        Field("password", "password", update=None, compare=False, no_log=True),
        Field("zone", "zoneid", update=None, ref="zone", required=True),
        Field("pod", "podid", update=None, ref="pod", ref_scope={"zoneid": "zone"}, required=True),
        Field("cluster", "clusterid", update=None, ref="cluster", ref_scope={"zoneid": "zone", "podid": "pod"}, required=True),
        Field("hypervisor", "hypervisor", update=None, required=True, ignore_case=True),
        Field("host_tags", "hosttags", type="list", aliases=["host_tag"]),
        Field("allocation_state", create=None, update=None, compare=False,
              choices=["enabled", "disabled", "maintenance"]),
    ],
    renames={"resourcestate": "resource_state", "clustername": "cluster_name", "clusterid": "cluster_id",
             "podname": "pod_name", "podid": "pod_id"},
    waits=True,
    hooks={"find": find_host, "prepare_create": default_url, "converge": converge_allocation,
           "delete": delete_in_maintenance},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
