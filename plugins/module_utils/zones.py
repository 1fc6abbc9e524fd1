# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the zone, pod and cluster modules share with their info modules: results as ngine_io.cloudstack returns them."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def with_tag_pairs(zone):
    """The zone's resource tags as key/value pairs (none when the API listed none)."""
    zone["tags"] = [{"key": tag["key"], "value": tag["value"]} for tag in zone.get("tags") or []]
    return zone


# A pod's and a cluster's response keys -> ngine_io's result keys (the rest go through snake_case).
POD_RENAMES = {"zonename": "zone", "startip": "start_ip", "endip": "end_ip"}
CLUSTER_RENAMES = {
    "hypervisortype": "hypervisor", "clustertype": "cluster_type", "ovm3vip": "ovm3_vip", "managedstate": "managed_state",
    "podname": "pod", "podid": "pod_id", "zonename": "zone",
    "cpuovercommitratio": "cpu_overcommit_ratio", "memoryovercommitratio": "memory_overcommit_ratio",
}


def first_range(caller, pod):
    """CloudStack lists a pod's start and end addresses per range; ngine_io returns those of the first.

    A ``result`` hook of the pod module and a ``transform`` of pod_info (``caller``, engine or module, is unused).
    """
    for key in ("start_ip", "end_ip"):
        if isinstance(pod.get(key), list):
            pod[key] = pod[key][0] if pod[key] else None
    return pod
