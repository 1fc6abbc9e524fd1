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
      - Allocation state of the host.
      - V(maintenance) asks CloudStack to prepare the host for maintenance (a disabled host is enabled first, as
        CloudStack prepares only enabled hosts), then waits, up to O(wait_timeout), while the host is in
        C(PrepareForMaintenance) and its instances are migrated away, until it reaches C(Maintenance).
        C(ErrorInMaintenance) (an instance could not be migrated) fails the task; a re-run asks again.
      - V(enabled) and V(disabled) cancel maintenance first when the host is in (or on its way to) maintenance.
    type: str
    choices: [enabled, disabled, maintenance]
  state:
    description:
      - State of the host. V(absent) puts it into maintenance first (as O(allocation_state=maintenance) does,
        waiting for it), then deletes it; CloudStack deletes only hosts in maintenance.
      - V(absent) with a O(zone), O(pod) or O(cluster) that does not exist changes nothing.
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
ip_address:
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
  description: Resource state of the host (Enabled, Disabled, PrepareForMaintenance, Maintenance, ErrorInMaintenance...).
  returned: success
  type: str
  sample: Enabled
allocation_state:
  description: The resource state in lower case, as O(allocation_state) names it.
  returned: success
  type: str
  sample: enabled
host_tags:
  description: Tags of the host.
  returned: success
  type: list
  elements: str
  sample: [ssd, gpu]
hypervisor:
  description: Hypervisor of the host.
  returned: success
  type: str
  sample: KVM
hypervisor_version:
  description: Hypervisor version.
  returned: success and known
  type: str
  sample: "8.0"
host_type:
  description: Type of the host.
  returned: success
  type: str
  sample: Routing
host_version:
  description: CloudStack version of the host's agent.
  returned: success
  type: str
  sample: 4.22.0.0
capabilities:
  description: Capabilities of the host.
  returned: success
  type: str
  sample: hvm
cluster:
  description: Name of the host's cluster.
  returned: success
  type: str
  sample: kvm-cluster-01
cluster_id:
  description: UUID of the host's cluster.
  returned: success
  type: str
cluster_type:
  description: Type of the host's cluster.
  returned: success
  type: str
  sample: CloudManaged
pod:
  description: Name of the host's pod.
  returned: success
  type: str
  sample: pod-01
pod_id:
  description: UUID of the host's pod.
  returned: success
  type: str
zone:
  description: Name of the host's zone.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the host's zone.
  returned: success
  type: str
cpu_number:
  description: Number of CPU cores of the host.
  returned: success
  type: int
  sample: 24
cpu_sockets:
  description: Number of CPU sockets of the host.
  returned: success
  type: int
  sample: 2
cpu_speed:
  description: CPU speed in MHz.
  returned: success
  type: int
  sample: 1999
cpu_allocated:
  description: Share of the host's CPU allocated to instances.
  returned: success
  type: str
  sample: 16.25%
cpu_used:
  description: Share of the host's CPU in use.
  returned: success
  type: str
  sample: 33.6%
cpu_with_overprovisioning:
  description: CPU of the host in MHz after the cpu.overprovisioning.factor.
  returned: success
  type: str
  sample: "959520.0"
memory_total:
  description: Memory of the host in bytes.
  returned: success
  type: int
  sample: 206085263360
memory_allocated:
  description: Memory of the host allocated to instances, in bytes.
  returned: success
  type: int
  sample: 69793218560
memory_used:
  description: Memory of the host in use, in bytes.
  returned: success
  type: int
  sample: 65504776192
disk_size_total:
  description: Total disk size of the host.
  returned: success
  type: int
  sample: 259300
disk_size_allocated:
  description: Allocated disk size of the host.
  returned: success
  type: int
  sample: 2593
network_kbs_read:
  description: Incoming network traffic on the host.
  returned: success
  type: int
  sample: 0
network_kbs_write:
  description: Outgoing network traffic on the host.
  returned: success
  type: int
  sample: 0
has_enough_capacity:
  description: Whether the host has enough CPU and memory to migrate an instance to it.
  returned: success and listed for a migration
  type: bool
  sample: true
suitable_for_migration:
  description: Whether an instance can be migrated to the host.
  returned: success and listed for a migration
  type: bool
  sample: true
ha_host:
  description: Whether the host is reserved for HA.
  returned: success
  type: bool
  sample: false
is_local_storage_active:
  description: Whether the host's local storage is in use.
  returned: success
  type: bool
  sample: false
os_category:
  description: OS category preferred on the host.
  returned: success and set
  type: str
  sample: CentOS
out_of_band_management:
  description: Out-of-band management settings of the host.
  returned: success
  type: dict
  sample: {enabled: false, powerstate: Disabled}
gpu_group:
  description: GPU cards of the host.
  returned: success and present
  type: list
  elements: dict
  sample: []
events:
  description: Events the host's state machine accepts.
  returned: success
  type: str
  sample: "Ping; HostDown; AgentConnected; AgentDisconnected; PingTimeout; ShutdownRequested; Remove"
management_server_id:
  description: Id of the management server the host's agent is connected to.
  returned: success
  type: str
created:
  description: When the host was added.
  returned: success
  type: str
  sample: "2026-11-25T12:00:00+0000"
last_pinged:
  description: When the host's agent was last pinged.
  returned: success
  type: str
  sample: "1970-01-17T17:27:32+0100"
disconnected:
  description: When the host's agent was last disconnected.
  returned: success and once disconnected
  type: str
  sample: "2026-11-25T12:00:00+0000"
removed:
  description: When the host was removed.
  returned: success and removed
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

import time

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

# Resource states on the way into maintenance: CloudStack is still migrating the host's instances away.
PREPARING = ("PrepareForMaintenance", "ErrorInPrepareForMaintenance")
IN_MAINTENANCE = ("Maintenance", "ErrorInMaintenance") + PREPARING


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


def await_maintenance(engine, host):
    """Poll the host until CloudStack has migrated its instances away and it reaches Maintenance."""
    deadline = time.monotonic() + engine.client.wait_timeout
    delay = min(0.25, engine.client.poll_interval)  # the first polls come sooner, as for jobs
    while host.get("resourcestate") in PREPARING:
        if time.monotonic() + delay > deadline:
            engine.fail("host %s (%s) is still in %s after %s seconds: its instances are still being migrated away; "
                        "re-run the task to wait longer"
                        % (host.get("name"), host["id"], host["resourcestate"], engine.client.wait_timeout))
        time.sleep(delay)
        delay = min(delay * 2, engine.client.poll_interval)
        found = engine.client.list("listHosts", id=host["id"])
        if not found:
            engine.fail("host %s (%s) disappeared while entering maintenance" % (host.get("name"), host["id"]))
        host = found[0]
    if host.get("resourcestate") == "ErrorInMaintenance":
        engine.fail("host %s (%s) is in ErrorInMaintenance: CloudStack could not migrate all its instances away; "
                    "free capacity on other hosts of its cluster (or stop the instances) and re-run the task, or "
                    "cancel maintenance with allocation_state: enabled" % (host.get("name"), host["id"]))
    return host


def enter_maintenance(engine, host):
    """Ask for maintenance (a disabled host is enabled first: CloudStack prepares only enabled hosts) and wait."""
    if host.get("resourcestate") == "Disabled":
        host = set_resource_state(engine, host, "updateHost", "Enabled", allocationstate="Enable")
    if host.get("resourcestate") not in PREPARING + ("Maintenance",):
        host = set_resource_state(engine, host, "prepareHostForMaintenance", "Maintenance")
    return host if engine.check_mode else await_maintenance(engine, host)


def converge_allocation(engine, host):
    """Reach the wanted allocation_state: maintenance is entered and left through its own async commands."""
    wanted = engine.params["allocation_state"]
    current = host.get("resourcestate")
    if wanted is None or wanted.capitalize() == current:
        return host
    if wanted == "maintenance" and current in PREPARING:
        return host if engine.check_mode else await_maintenance(engine, host)  # asked for already: only wait
    if wanted == "maintenance":
        updated = enter_maintenance(engine, host)
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
    """CloudStack deletes a host only in Maintenance (or Degraded): bring it there first."""
    if host.get("resourcestate") not in ("Maintenance", "Degraded"):
        enter_maintenance(engine, host)
    engine.write("deleteHost", id=host["id"])


def ngine_io_result(engine, result):
    """The result as ngine_io.cloudstack.host returns it: tags as a list, the allocation state in lower case."""
    tags = result.get("host_tags")
    result["host_tags"] = tags.split(",") if isinstance(tags, str) and tags else (tags or [])
    if result.get("resource_state"):
        result["allocation_state"] = result["resource_state"].lower()
    return result


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
    # Result keys as ngine_io.cloudstack.host names them.
    renames={"resourcestate": "resource_state", "clustername": "cluster", "clusterid": "cluster_id",
             "clustertype": "cluster_type", "podname": "pod", "podid": "pod_id", "zonename": "zone",
             "ipaddress": "ip_address", "type": "host_type", "version": "host_version",
             "hypervisorversion": "hypervisor_version", "cpuallocated": "cpu_allocated", "cpunumber": "cpu_number",
             "cpusockets": "cpu_sockets", "cpuspeed": "cpu_speed", "cpuused": "cpu_used",
             "cpuwithoverprovisioning": "cpu_with_overprovisioning", "disksizeallocated": "disk_size_allocated",
             "disksizetotal": "disk_size_total", "hahost": "ha_host", "hasenoughcapacity": "has_enough_capacity",
             "islocalstorageactive": "is_local_storage_active", "lastpinged": "last_pinged",
             "managementserverid": "management_server_id", "memoryallocated": "memory_allocated",
             "memorytotal": "memory_total", "memoryused": "memory_used", "networkkbsread": "network_kbs_read",
             "networkkbswrite": "network_kbs_write", "oscategoryname": "os_category",
             "outofbandmanagement": "out_of_band_management", "suitableformigration": "suitable_for_migration",
             "gpugroup": "gpu_group"},
    waits=True,
    hooks={"find": find_host, "prepare_create": default_url, "converge": converge_allocation,
           "delete": delete_in_maintenance, "result": ngine_io_result},
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
