#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: storage_pool
short_description: Manage CloudStack primary storage pools
description:
  - Add primary storage pools to a cluster or a whole zone (NFS, shared mount point, RBD, CLVM, PreSetup,
    Gluster, SMB and the other types CloudStack knows by the scheme of O(storage_url)), change their tags,
    capacity and allocation state (enabled, disabled, maintenance), and remove them.
  - Tags, capacity in bytes and IOPS change in place; the zone, pod, cluster, scope, hypervisor and provider of an
    existing pool cannot change, and the module fails naming them. O(managed) is used when the pool is added only,
    as CloudStack does not return it.
  - A O(storage_url) whose host or path differs from the pool's moves the pool there (C(updateStoragePool)'s C(url),
    CloudStack 4.19 and later), which CloudStack does only while the pool is in maintenance (see O(storage_url)).
  - CloudStack attaches a new pool through the hosts that reach it, so the cluster (or, zone-wide, the zone) needs
    an C(Up) host of that hypervisor first.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the pool, looked up within O(zone).
    type: str
    required: true
  storage_url:
    description:
      - URL of the storage, required to add the pool; its scheme gives the pool's type, for example
        V(nfs://10.0.0.5/export/primary), V(sharedmountpoint://localhost/mnt/primary),
        V(rbd://cephx-user:secret@ceph-mon/pool), V(clvm://localhost/vg0), V(presetup://localhost/datastore),
        V(gluster://10.0.0.5/volume), V(cifs://10.0.0.5/share), V(iscsi://10.0.0.5/iqn.2010-01.com.example:t/1).
      - CloudStack checks it (an NFS URL needs a host and a path, an iSCSI one a LUN number) and refuses a host
        and path another pool has.
      - On an existing pool, compared by the host and path CloudStack shows (RV(ip_address), RV(path); the path only
        for the schemes whose host CloudStack does not record, such as C(sharedmountpoint), C(clvm), C(presetup));
        credentials, ports and options in the URL cannot be compared and are never a change on their own.
      - A different one changes the pool's URL, of the same type (scheme) only, and only while the pool is in
        maintenance, when no host uses it. The module never puts a pool into maintenance for it on its own. With
        O(allocation_state=maintenance) it enters maintenance first, then changes the URL; a pool already in
        maintenance gets the new URL before O(allocation_state=enabled) or V(disabled) brings it back; otherwise
        the module fails, saying so, and changes nothing.
    type: str
  zone:
    description:
      - Name or id of the zone of the pool; required to add it.
    type: str
  pod:
    description:
      - Name or id of the pod of a cluster-wide pool; required with O(cluster).
    type: str
  cluster:
    description:
      - Name or id of the cluster of a cluster-wide pool.
    type: str
  scope:
    description:
      - V(cluster) (the default when O(cluster) is given) or V(zone) (the default otherwise); a zone-wide pool
        serves every cluster of its O(hypervisor) in the zone, and takes no O(pod) or O(cluster).
    type: str
    choices: [cluster, zone]
  hypervisor:
    description:
      - Hypervisor of a zone-wide pool, required for it (V(KVM), V(VMware), V(Hyperv), V(LXC), V(Simulator) or
        V(Any)); a cluster-wide pool takes its cluster's.
    type: str
  provider:
    description:
      - Storage provider, one of those C(listStorageProviders) lists for primary storage (the module fails
        naming them otherwise).
    type: str
    default: DefaultPrimary
  capacity_bytes:
    description:
      - Capacity of the pool in bytes (CloudStack's C(disksizetotal)); changed in place.
    type: int
  capacity_iops:
    description:
      - IOPS capacity of the pool; changed in place.
    type: int
  managed:
    description:
      - Whether CloudStack manages the storage (with a provider that supports it); used when adding the pool.
    type: bool
  storage_tags:
    description:
      - Tags of the pool, which disk and service offerings select pools by; V([]) removes them.
    type: list
    elements: str
    aliases: [storage_tag]
  allocation_state:
    description:
      - Allocation state of the pool. V(maintenance) asks CloudStack to put it into maintenance (CloudStack
        prepares only enabled pools, so a disabled pool is enabled first) and waits for the job, up to
        O(wait_timeout).
      - V(enabled) and V(disabled) cancel a maintenance first.
    type: str
    choices: [enabled, disabled, maintenance]
  force:
    description:
      - With O(state=absent), also remove a pool that still holds volumes, all of them destroyed (CloudStack
        expunges them). CloudStack never removes a pool holding volumes that are not destroyed.
    type: bool
    default: false
    aliases: [forced]
  state:
    description:
      - State of the pool. V(absent) puts it into maintenance first (CloudStack deletes only pools in
        maintenance), then deletes it; a pool holding volumes fails before that, naming how many, unless
        O(force) is set.
      - V(absent) in a O(zone) that does not exist changes nothing.
    type: str
    default: present
    choices: [present, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Add an NFS pool to a cluster
  cloudstack.cloud.storage_pool:
    name: primary-01
    zone: zone-01
    pod: pod-01
    cluster: kvm-cluster-01
    storage_url: nfs://10.0.0.5/export/primary
    storage_tags: [ssd]

- name: Add a zone-wide Ceph RBD pool for KVM
  cloudstack.cloud.storage_pool:
    name: ceph-01
    zone: zone-01
    scope: zone
    hypervisor: KVM
    storage_url: rbd://cloudstack:{{ ceph_secret | urlencode }}@ceph-mon.example.com/cloudstack

- name: Put the NFS pool into maintenance
  cloudstack.cloud.storage_pool:
    name: primary-01
    zone: zone-01
    allocation_state: maintenance

- name: Move it to another NFS server while in maintenance
  cloudstack.cloud.storage_pool:
    name: primary-01
    zone: zone-01
    storage_url: nfs://10.0.0.6/export/primary
    allocation_state: maintenance

- name: Bring it back
  cloudstack.cloud.storage_pool:
    name: primary-01
    zone: zone-01
    allocation_state: enabled

- name: Remove it
  cloudstack.cloud.storage_pool:
    name: primary-01
    zone: zone-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the pool.
  returned: success
  type: str
  sample: 5f6e5a8c-8a43-4d1f-9c4e-8f2c1e3d4b5a
name:
  description: Name of the pool.
  returned: success
  type: str
  sample: primary-01
type:
  description: Type of the pool, from the scheme of its URL.
  returned: success
  type: str
  sample: NetworkFilesystem
ip_address:
  description: Host of the storage.
  returned: success
  type: str
  sample: 10.0.0.5
path:
  description: Path of the storage on its host (for RBD, the Ceph pool).
  returned: success
  type: str
  sample: /export/primary
scope:
  description: Scope of the pool, in lower case.
  returned: success
  type: str
  sample: cluster
state:
  description: State of the pool (Up, Disabled, PrepareForMaintenance, Maintenance, ErrorInMaintenance...).
  returned: success
  type: str
  sample: Up
allocation_state:
  description: The state as O(allocation_state) names it.
  returned: success
  type: str
  sample: enabled
storage_tags:
  description: Tags of the pool.
  returned: success
  type: list
  elements: str
  sample: [ssd]
provider:
  description: Storage provider of the pool.
  returned: success
  type: str
  sample: DefaultPrimary
hypervisor:
  description: Hypervisor the pool serves.
  returned: when available
  type: str
  sample: KVM
zone:
  description: Name of the pool's zone.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the pool's zone.
  returned: success
  type: str
pod:
  description: Name of the pool's pod.
  returned: when scope is cluster
  type: str
  sample: pod-01
pod_id:
  description: UUID of the pool's pod.
  returned: when scope is cluster
  type: str
cluster:
  description: Name of the pool's cluster.
  returned: when scope is cluster
  type: str
  sample: kvm-cluster-01
cluster_id:
  description: UUID of the pool's cluster.
  returned: when scope is cluster
  type: str
capacity_bytes:
  description: Capacity of the pool in bytes.
  returned: success
  type: int
  sample: 2199023255552
capacity_iops:
  description: IOPS capacity of the pool.
  returned: when available
  type: int
  sample: 50000
disk_size_total:
  description: Capacity of the pool in bytes.
  returned: success
  type: int
  sample: 2199023255552
disk_size_allocated:
  description: Bytes allocated to the volumes on the pool.
  returned: success
  type: int
  sample: 53687091200
disk_size_used:
  description: Bytes the volumes on the pool use.
  returned: success
  type: int
  sample: 13421772800
overprovision_factor:
  description: Overprovisioning factor of the pool.
  returned: success
  type: str
  sample: "2.0"
storage_capabilities:
  description: Capabilities of the pool.
  returned: success
  type: dict
  sample: {VOLUME_SNAPSHOT_QUIESCEVM: "false"}
suitable_for_migration:
  description: Whether a volume can be migrated to the pool.
  returned: when listed for a migration
  type: bool
  sample: false
managed:
  description: Whether CloudStack manages the storage.
  returned: when available (CloudStack 4.19 and later)
  type: bool
  sample: false
created:
  description: When the pool was added.
  returned: success
  type: str
  sample: "2026-11-25T12:00:00+0000"
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible.module_utils.six.moves.urllib.parse import urlsplit
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

# Pool state -> allocation_state, as ngine_io.cloudstack names them.
ALLOCATION_STATES = {"Up": "enabled", "Disabled": "disabled", "Maintenance": "maintenance"}
IN_MAINTENANCE = ("Maintenance", "ErrorInMaintenance", "PrepareForMaintenance", "CancelMaintenance")
# URL schemes whose host CloudStack does not record as the pool's address (it shows localhost, "clustered"...).
HOSTLESS_SCHEMES = ("file", "sharedmountpoint", "clvm", "presetup", "ocfs2", "vmfs", "datastorecluster")


def prepare_create(engine, params):
    """Cluster scope when a cluster is given, else zone scope (as ngine_io); a provider CloudStack has."""
    params.setdefault("scope", "cluster" if params.get("clusterid") else "zone")
    providers = [p["name"] for p in engine.client.list("listStorageProviders", type="primary")]
    wanted = params.get("provider")
    match = [name for name in providers if name.lower() == (wanted or "").lower()]
    if not match:
        engine.fail("provider %r is not a primary storage provider of this cloud; it has %s"
                    % (wanted, ", ".join(sorted(providers))))
    params["provider"] = match[0]
    return params


def set_state(engine, pool, command, resulting_state, **params):
    answer = engine.write(command, id=pool["id"], **params)
    updated = engine.extract(answer) if answer else None
    return updated or dict(pool, state=resulting_state)


def enter_maintenance(engine, pool):
    """CloudStack prepares only Up (or ErrorInMaintenance) pools: a disabled one is enabled first."""
    if pool.get("state") == "Disabled":
        pool = set_state(engine, pool, "updateStoragePool", "Up", enabled=True)
    if pool.get("state") != "Maintenance":
        pool = set_state(engine, pool, "enableStorageMaintenance", "Maintenance")
    if pool.get("state") == "ErrorInMaintenance":
        engine.fail("storage pool %s (%s) is in ErrorInMaintenance: CloudStack could not move everything off it; "
                    "re-run the task, or cancel maintenance with allocation_state: enabled" % (pool["name"], pool["id"]))
    return pool


def converge_allocation(engine, pool):
    """Reach the wanted allocation_state: maintenance is entered and left through its own commands."""
    wanted = engine.params["allocation_state"]
    current = pool.get("state", "Up")  # a pool predicted in check mode starts Up
    if wanted is None or ALLOCATION_STATES.get(current) == wanted:
        return pool
    if wanted == "maintenance":
        updated = enter_maintenance(engine, pool)
    else:
        updated = pool
        if current in IN_MAINTENANCE:
            updated = set_state(engine, updated, "cancelStorageMaintenance", "Up")
        if ALLOCATION_STATES.get(updated.get("state")) != wanted:
            updated = set_state(engine, updated, "updateStoragePool", "Up" if wanted == "enabled" else "Disabled",
                                enabled=wanted == "enabled")
    engine.note("allocation_state", ALLOCATION_STATES.get(current, current.lower()), wanted)
    return updated


def location(scheme, host, path):
    """What a pool's URL and the pool itself can be compared by: its host (for the schemes CloudStack records it of)
    and its path, without the leading "/" CloudStack drops for some types."""
    return (None if scheme in HOSTLESS_SCHEMES else (host or "").lower(), (path or "").lstrip("/"))


def change_url(engine, pool):
    """A storage_url whose host or path differs from the pool's: updateStoragePool's url, in maintenance only."""
    url = engine.params["storage_url"]
    if not url or engine.created:
        return pool
    wanted = urlsplit(url)
    scheme = wanted.scheme.lower()
    if location(scheme, wanted.hostname, wanted.path) == location(scheme, pool.get("ipaddress"), pool.get("path")):
        return pool
    current = "%s://%s/%s" % (scheme, pool.get("ipaddress"), (pool.get("path") or "").lstrip("/"))
    if pool.get("state") != "Maintenance":
        engine.fail("storage pool %s (%s) is %s: CloudStack changes its URL (%s to %s) only while it is in maintenance; "
                    "set allocation_state: maintenance in this task (the module enters maintenance, then changes the "
                    "URL), and allocation_state: enabled in a later one" % (pool["name"], pool["id"], pool.get("state"),
                                                                            current, url))
    engine.note("storage_url", current, url)
    answer = engine.write("updateStoragePool", id=pool["id"], url=url)
    return (engine.extract(answer) if answer else None) or dict(pool, ipaddress=wanted.hostname, path=wanted.path)


def converge(engine, pool):
    """The URL changes in maintenance: after entering it, before leaving it."""
    if engine.params["allocation_state"] == "maintenance":
        return change_url(engine, converge_allocation(engine, pool))
    return converge_allocation(engine, change_url(engine, pool))


def delete_in_maintenance(engine, pool):
    """CloudStack deletes only pools in maintenance, without volumes (unless forced, all destroyed): a pool
    that holds volumes fails before it is put into maintenance."""
    volumes = engine.client.list("listVolumes", storageid=pool["id"], listall=True)
    if volumes and not engine.params["force"]:
        engine.fail("storage pool %s (%s) holds %d volume(s) (%s): CloudStack keeps a pool that holds volumes; move "
                    "or delete them, or set force: true when they are all destroyed"
                    % (pool["name"], pool["id"], len(volumes), ", ".join(sorted(v["name"] for v in volumes)[:5])))
    if pool.get("state") != "Maintenance":
        enter_maintenance(engine, pool)
    engine.write("deleteStoragePool", id=pool["id"], **({"forced": True} if engine.params["force"] else {}))


def ngine_io_result(engine, result):
    """The result as ngine_io.cloudstack.storage_pool returns it: scope and allocation state in lower case."""
    if result.get("scope"):
        result["scope"] = result["scope"].lower()
    if result.get("state"):
        result["allocation_state"] = ALLOCATION_STATES.get(result["state"], result["state"].lower())
    result.setdefault("storage_tags", [])
    if "disk_size_total" in result:
        result.setdefault("capacity_bytes", result["disk_size_total"])
    return result


RESOURCE = Resource(
    "storage pool",
    list_command="listStoragePools", create_command="createStoragePool", update_command="updateStoragePool",
    delete_command="deleteStoragePool", response_key="storagepool",
    fields=[
        Field("name", "name", update=None, required=True),
        Field("storage_url", "url", update=None, compare=False, required=True),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename", required=True),
        Field("pod", "podid", update=None, ref="pod", ref_name="podname", ref_scope={"zoneid": "zone"}),
        Field("cluster", "clusterid", update=None, ref="cluster", ref_name="clustername",
              ref_scope={"zoneid": "zone", "podid": "pod"}),
        Field("scope", "scope", update=None, choices=["cluster", "zone"]),
        Field("hypervisor", "hypervisor", update=None, ignore_case=True),
        Field("provider", "provider", update=None, default="DefaultPrimary", ignore_case=True),
        Field("capacity_bytes", "capacitybytes", returned="disksizetotal", type="int"),
        Field("capacity_iops", "capacityiops", type="int"),
        Field("managed", "managed", update=None, type="bool", compare=False),
        Field("storage_tags", "tags", type="list", aliases=["storage_tag"], result_list=True),
        Field("allocation_state", create=None, update=None, compare=False, choices=["enabled", "disabled", "maintenance"]),
        Field("force", create=None, update=None, compare=False, type="bool", default=False, aliases=["forced"]),
    ],
    scope={"zone": "zoneid"},
    # Result keys as ngine_io.cloudstack.storage_pool names them.
    renames={"zonename": "zone", "podname": "pod", "podid": "pod_id", "clustername": "cluster",
             "clusterid": "cluster_id", "ipaddress": "ip_address", "disksizetotal": "disk_size_total",
             "disksizeallocated": "disk_size_allocated", "disksizeused": "disk_size_used",
             "capacitybytes": "capacity_bytes", "overprovisionfactor": "overprovision_factor",
             "storagecapabilities": "storage_capabilities", "suitableformigration": "suitable_for_migration",
             "istagarule": "is_tag_a_rule", "allocatediops": "allocated_iops", "usediops": "used_iops",
             "nfsmountopts": "nfs_mount_opts", "storageaccessgroups": "storage_access_groups",
             "storagecustomstats": "storage_custom_stats"},
    waits=True,
    since={"updateStoragePool.url": "4.19"},
    hooks={"prepare_create": prepare_create, "converge": converge, "delete": delete_in_maintenance,
           "result": ngine_io_result},
    module_kwargs=dict(required_together=[("pod", "cluster")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
