#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cluster_info
short_description: Gather information about CloudStack clusters
description:
  - Lists every cluster, those of one zone or pod, or the one named by O(name).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name or id of the cluster. Information about every cluster (of O(zone) and O(pod), if given) is returned
        when not given.
      - No cluster of that name gives an empty list.
    type: str
  zone:
    description:
      - Name or id of the zone whose clusters are listed.
      - A zone that does not exist is an error.
    type: str
  pod:
    description:
      - Name or id of the pod whose clusters are listed.
      - A pod that does not exist is an error. A pod name that several zones use needs O(zone) (or the pod's id).
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.info_attributes
"""

EXAMPLES = r"""
- name: Gather information about every cluster
  cloudstack.cloud.cluster_info:
  register: result

- name: Gather information about the clusters of one pod
  cloudstack.cloud.cluster_info:
    zone: zone-01
    pod: pod-01
  register: result

- name: Gather information about one cluster
  cloudstack.cloud.cluster_info:
    name: kvm-cluster-01
  register: result
"""

RETURN = r"""
clusters:
  description: The clusters, with the keys of the M(cloudstack.cloud.cluster) module's result.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: UUID of the cluster.
      type: str
      sample: 1f5b7e5b-7d2e-4b1e-9a8e-d0f3a2c1b9e7
    name:
      description: Name of the cluster.
      type: str
      sample: kvm-cluster-01
    hypervisor:
      description: Hypervisor of the cluster.
      type: str
      sample: KVM
    cluster_type:
      description: Type of the cluster.
      type: str
      sample: CloudManaged
    allocation_state:
      description: Allocation state of the cluster.
      type: str
      sample: Enabled
    managed_state:
      description: Whether CloudStack manages the cluster.
      type: str
      sample: Managed
    pod:
      description: Name of the cluster's pod.
      type: str
      sample: pod-01
    pod_id:
      description: UUID of the cluster's pod.
      type: str
    zone:
      description: Name of the cluster's zone.
      type: str
      sample: zone-01
    zone_id:
      description: UUID of the cluster's zone.
      type: str
    cpu_overcommit_ratio:
      description: CPU overcommit ratio of the cluster.
      type: str
      sample: "1.0"
    memory_overcommit_ratio:
      description: Memory overcommit ratio of the cluster.
      type: str
      sample: "1.0"
    ovm3_vip:
      description: Ovm3 VIP of the cluster, when it has one.
      type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Info
from ansible_collections.cloudstack.cloud.plugins.module_utils.zones import CLUSTER_RENAMES


def pod_in_zone(module, params):
    """The pod option's name or id, resolved within the zone when one is given: pod names are unique per zone only."""
    if "podid" in params:
        params["podid"] = module.lookup.id("pod", params["podid"], zoneid=params.get("zoneid"))
    return params


INFO = Info(
    "cluster", "listClusters", "clusters",
    match=Field("name", "name"),
    filters=[Field("zone", "zoneid", ref="zone"), Field("pod", "podid")],  # the pod is resolved by pod_in_zone
    renames=CLUSTER_RENAMES,
    prepare=pod_in_zone,
)


def main():
    INFO.run()


if __name__ == "__main__":
    main()
