#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: router
short_description: Manage CloudStack virtual routers
description:
  - Start, stop, reboot and destroy a virtual router, and change its system service offering.
  - CloudStack creates a network's virtual router with the network (M(cloudstack.cloud.network)); this module finds an
    existing one by its name (such as C(r-40-VM)) or id, and fails when there is none.
  - CloudStack changes the offering of a stopped router only; the module stops a running router for the change and
    starts it again afterwards (unless O(state=stopped)).
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Name (case-insensitive) or id of the router.
    type: str
    required: true
  service_offering:
    description:
      - Name or id of the system service offering the router should have (one for routers, system VM type
        C(domainrouter)).
    type: str
  zone:
    description:
      - Name or id of the zone of the router; every zone when not given.
    type: str
  state:
    description:
      - V(present) leaves the router's power state as it is (a router stopped for a change of offering is started
        again); V(started) and V(stopped) start or stop it; V(restarted) reboots a running router and starts a stopped
        one, on every run; V(absent) destroys it.
    type: str
    default: present
    choices: [present, started, stopped, restarted, absent]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Give the router a bigger offering, running or not
  cloudstack.cloud.router:
    name: r-40-VM
    service_offering: System Offering For Software Router

- name: Ensure it runs
  cloudstack.cloud.router:
    name: r-40-VM
    state: started

- name: Stop it
  cloudstack.cloud.router:
    name: r-40-VM
    state: stopped

- name: Destroy it (a restart of its network with cleanup makes a new one)
  cloudstack.cloud.router:
    name: r-40-VM
    state: absent
"""

RETURN = r"""
id:
  description: UUID of the router.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Name of the router.
  returned: success
  type: str
  sample: r-40-VM
state:
  description: State of the router.
  returned: success
  type: str
  sample: Running
created:
  description: When the router was created.
  returned: success
  type: str
  sample: "2014-12-01T14:57:57+0100"
template_version:
  description: Version of the system VM template.
  returned: success
  type: str
  sample: 4.22.1
requires_upgrade:
  description: Whether the router needs to be upgraded to a newer template.
  returned: success
  type: bool
  sample: false
redundant_state:
  description: Redundant state of the router.
  returned: success
  type: str
  sample: UNKNOWN
role:
  description: Role of the router.
  returned: success
  type: str
  sample: VIRTUAL_ROUTER
zone:
  description: Name of the zone of the router.
  returned: success
  type: str
  sample: zone-01
service_offering:
  description: Name of the router's system service offering.
  returned: success
  type: str
  sample: System Offering For Software Router
service_offering_id:
  description: UUID of that offering.
  returned: success
  type: str
network:
  description: Name of the network the router serves.
  returned: success
  type: str
  sample: web
network_id:
  description: UUID of that network.
  returned: success
  type: str
domain:
  description: Domain of the router's owner.
  returned: success
  type: str
  sample: ROOT
account:
  description: Account of the router's owner.
  returned: success
  type: str
  sample: admin
project:
  description: Project of the router's owner.
  returned: when a project owns it
  type: str
job_id:
  description: Id of the last CloudStack job left running (O(wait=false)).
  returned: when a job was left running
  type: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 3
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.appliances import POWER, RENAMES, find_appliance, switch_power
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource


def find_router(engine):
    return find_appliance(engine, "router")


def refuse(engine, params):
    engine.fail("router %r not found; CloudStack creates a network's router with the network "
                "(cloudstack.cloud.network) and restarts of it with cleanup" % engine.params["name"])


def change_offering(engine, router, params):
    """CloudStack changes the offering of a stopped router only: stop it (awaited) first; converge starts it again."""
    engine.resume = router["state"] != "Stopped"
    if engine.resume:
        engine.write("stopRouter", id=router["id"])
    engine.write("changeServiceForRouter", id=router["id"], **params)
    return {}


def reach_state(engine, router):
    """The wanted power state: a start, stop or reboot when the router is not in it (a reboot on every run)."""
    state = engine.params["state"]
    wanted = POWER.get(state) or ("Running" if state == "restarted" or getattr(engine, "resume", False) else None)
    if wanted is None or (router["state"] == wanted and state != "restarted"):
        return router
    command = {"Running": "startRouter", "Stopped": "stopRouter"}[wanted]
    if state == "restarted" and router["state"] == "Running":
        command = "rebootRouter"
    return switch_power(engine, router, wanted, command)


RESOURCE = Resource(
    "router",
    list_command="listRouters", update_command="changeServiceForRouter", delete_command="destroyRouter",
    response_key="router", list_params={"listall": True},
    fields=[
        Field("name", compare=False),
        Field("service_offering", "serviceofferingid", create=None, ref="system_offering", ref_name="serviceofferingname"),
        Field("zone", ref="zone", compare=False),
        Field("domain", ref="domain", compare=False),
        Field("account", compare=False),
        Field("project", ref="project", compare=False),
    ],
    scope={"zone": "zoneid", "domain": "domainid", "account": "account", "project": "projectid"},
    states={"present": {}, "started": {}, "stopped": {}, "restarted": {}},
    renames=RENAMES,
    hooks={"find": find_router, "create": refuse, "prepare_update": change_offering, "converge": reach_state},
    module_kwargs=dict(required_by={"account": "domain"}),
    jobs=True,
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
