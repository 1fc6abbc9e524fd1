#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cluster
short_description: Manage CloudStack host clusters
description:
  - Add, update, enable, disable and delete clusters of a pod.
  - Zone, pod and hypervisor of an existing cluster cannot be changed; the module fails naming them.
  - Credentials, URL and switch settings are used when adding the cluster only, and not compared afterwards.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name of the cluster; identifies it (within O(zone) and O(pod) when given) unless O(id) is given,
        then it renames it.
    type: str
  id:
    description:
      - UUID of an existing cluster, to find it by id rather than by name.
    type: str
  zone:
    description:
      - Name or id of the zone of the cluster; required to add it.
    type: str
  pod:
    description:
      - Name or id of the pod of the cluster; required to add it.
    type: str
  state:
    description:
      - V(present) ensures the cluster exists, V(enabled) and V(disabled) also set its allocation state.
    type: str
    default: present
    choices: [present, enabled, disabled, absent]
  hypervisor:
    description:
      - Hypervisor of the cluster, for example V(KVM), V(VMware), V(XenServer), V(Simulator); required to add it.
    type: str
  cluster_type:
    description:
      - Type of the cluster; V(CloudManaged) when not given at creation.
    type: str
    choices: [CloudManaged, ExternalManaged]
  url:
    description:
      - URL of the cluster (VMware vCenter cluster path, for example).
    type: str
  username:
    description:
      - Username to add the cluster with.
    type: str
  password:
    description:
      - Password to add the cluster with.
    type: str
  guest_vswitch_name:
    description:
      - Virtual switch for guest traffic, overriding the zone-wide traffic label (VMware).
    type: str
  guest_vswitch_type:
    description:
      - Type of the virtual switch for guest traffic (VMware).
    type: str
    choices: [vmwaresvs, vmwaredvs]
  public_vswitch_name:
    description:
      - Virtual switch for public traffic, overriding the zone-wide traffic label (VMware).
    type: str
  public_vswitch_type:
    description:
      - Type of the virtual switch for public traffic (VMware).
    type: str
    choices: [vmwaresvs, vmwaredvs]
  ovm3_pool:
    description:
      - Whether Ovm3 native pooling is enabled for the cluster.
    type: str
  ovm3_cluster:
    description:
      - Whether Ovm3 native OCFS2 clustering is enabled for the cluster.
    type: str
  ovm3_vip:
    description:
      - Ovm3 VIP of the pool (and cluster).
    type: str
  vms_ip_address:
    description:
      - IP address of the Nexus VSM of the cluster.
    type: str
  vms_username:
    description:
      - Username of the Nexus VSM of the cluster.
    type: str
  vms_password:
    description:
      - Password of the Nexus VSM of the cluster.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Ensure a KVM cluster
  cloudstack.cloud.cluster:
    name: kvm-cluster-01
    zone: zone-01
    pod: pod-01
    hypervisor: KVM

- name: Disable it
  cloudstack.cloud.cluster:
    name: kvm-cluster-01
    state: disabled

- name: Remove it
  cloudstack.cloud.cluster:
    name: kvm-cluster-01
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the cluster.
  returned: success
  type: str
  sample: 1f5b7e5b-7d2e-4b1e-9a8e-d0f3a2c1b9e7
name:
  description: Name of the cluster.
  returned: success
  type: str
  sample: kvm-cluster-01
hypervisor:
  description: Hypervisor of the cluster.
  returned: success
  type: str
  sample: KVM
cluster_type:
  description: Type of the cluster.
  returned: success
  type: str
  sample: CloudManaged
allocation_state:
  description: Allocation state of the cluster.
  returned: success
  type: str
  sample: Enabled
managed_state:
  description: Whether CloudStack manages the cluster.
  returned: success
  type: str
  sample: Managed
pod:
  description: Name of the cluster's pod.
  returned: success
  type: str
  sample: pod-01
pod_id:
  description: UUID of the cluster's pod.
  returned: success
  type: str
zone:
  description: Name of the cluster's zone.
  returned: success
  type: str
  sample: zone-01
zone_id:
  description: UUID of the cluster's zone.
  returned: success
  type: str
cpu_overcommit_ratio:
  description: CPU overcommit ratio of the cluster.
  returned: success
  type: str
  sample: "1.0"
memory_overcommit_ratio:
  description: Memory overcommit ratio of the cluster.
  returned: success
  type: str
  sample: "1.0"
ovm3_vip:
  description: Ovm3 VIP of the cluster.
  returned: success and set
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import CLUSTER_RENAMES


def default_cluster_type(engine, params):
    params.setdefault("clustertype", "CloudManaged")
    return params


# Settings used to add the cluster that CloudStack does not return: sent once, never compared.
ADD_ONLY = [("url", "url"), ("username", "username"), ("password", "password"),
            ("guest_vswitch_name", "guestvswitchname"), ("public_vswitch_name", "publicvswitchname"),
            ("ovm3_pool", "ovm3pool"), ("ovm3_cluster", "ovm3cluster"), ("vms_ip_address", "vsmipaddress"),
            ("vms_username", "vsmusername"), ("vms_password", "vsmpassword")]

RESOURCE = Resource(
    "cluster",
    list_command="listClusters", create_command="addCluster", update_command="updateCluster",
    delete_command="deleteCluster",
    fields=[
        Field("id", create=None, update=None, returned="id"),
        Field("name", "clustername", returned="name", required=True),
        Field("zone", "zoneid", update=None, ref="zone", ref_name="zonename", required=True),
        Field("pod", "podid", update=None, ref="pod", ref_name="podname", ref_scope={"zoneid": "zone"}, required=True),
        Field("hypervisor", "hypervisor", update=None, returned="hypervisortype", required=True, ignore_case=True),
        Field("cluster_type", "clustertype", choices=["CloudManaged", "ExternalManaged"]),
        Field("guest_vswitch_type", "guestvswitchtype", update=None, compare=False, choices=["vmwaresvs", "vmwaredvs"]),
        Field("public_vswitch_type", "publicvswitchtype", update=None, compare=False, choices=["vmwaresvs", "vmwaredvs"]),
        Field("ovm3_vip", "ovm3vip", update=None),
        Field("allocation_state", "allocationstate", internal=True, ignore_case=True),
    ] + [Field(option, api, update=None, compare=False, no_log=option.endswith("password")) for option, api in ADD_ONLY],
    scope={"zone": "zoneid", "pod": "podid"},
    states={"present": {}, "enabled": {"allocation_state": "Enabled"}, "disabled": {"allocation_state": "Disabled"}},
    # Result keys as ngine_io.cloudstack.cluster names them.
    renames=CLUSTER_RENAMES,
    hooks={"prepare_create": default_cluster_type},
    module_kwargs=dict(required_one_of=[("name", "id")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
