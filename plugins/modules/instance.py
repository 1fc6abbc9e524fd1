#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance
short_description: Manage CloudStack instances (virtual machines)
description:
  - Deploy, update, scale, start, stop, restart, destroy, recover and expunge instances.
  - An instance is found by O(name) (case-insensitive) among the instances of the caller, or of
    O(account)/O(domain) or O(project) when given, in every zone.
  - Updated in place when they differ, whatever the power state - O(display_name), O(group),
    O(ha_enabled) and O(user_data) (through C(updateVirtualMachine); the guest reads new user data
    from the metadata service or config drive, which CloudStack refreshes), and O(tags) (through
    C(createTags)/C(deleteTags); tags not listed are removed, O(tags) not given leaves them alone).
  - Set only at deployment; a difference fails naming the option - O(template), O(zone),
    O(networks), O(ip_address), O(security_groups), O(affinity_groups), O(ssh_key), O(ssh_keys),
    O(hypervisor). O(root_disk_size), O(disk_offering), O(disk_size), O(details), O(keyboard),
    O(host), O(pod) and O(cluster) are used at deployment only and never compared.
  - Changing O(service_offering) (or O(cpu), O(cpu_speed), O(memory) of a custom offering) scales
    the instance. A stopped instance changes offering at once (C(changeServiceForVirtualMachine)).
    A running instance is scaled live (C(scaleVirtualMachine)) when CloudStack can do it - the
    instance is dynamically scalable, the new offering has dynamic scaling enabled, the zone's
    C(enable.dynamic.scale.vm) setting is true, and no CPU count, speed or memory decreases.
    Otherwise the module stops it, changes the offering and starts it again, but only with
    O(force=true) (or O(state=stopped), which stops it anyway); without, it fails and says why.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Host name of the instance; identifies it.
    type: str
    required: true
  display_name:
    description:
      - Display name of the instance; CloudStack uses O(name) when not given at deployment.
    type: str
  group:
    description:
      - Instance group the instance belongs to.
    type: str
  ha_enabled:
    description:
      - Whether CloudStack restarts the instance when its host fails (needs an HA-enabled service offering).
    type: bool
  state:
    description:
      - V(present) deploys the instance (started) when missing, recovers it when destroyed, and
        otherwise leaves its power state alone.
      - V(started), V(stopped) and V(restarted) also reach that power state (V(restarted) reboots a
        running instance and starts a stopped one).
      - V(destroyed) (or V(absent)) destroys the instance; an administrator can recover it (with
        V(present)) until CloudStack expunges it. V(expunged) removes it for good.
    type: str
    default: present
    choices: [present, started, stopped, restarted, destroyed, expunged, absent]
  service_offering:
    description:
      - Service offering (name or id); required to deploy. A change scales the instance (see above).
    type: str
  cpu:
    description:
      - Number of CPUs, for a custom (dynamic) service offering.
    type: int
  cpu_speed:
    description:
      - CPU speed in MHz, for a custom (dynamic) service offering.
    type: int
  memory:
    description:
      - Memory in MB, for a custom (dynamic) service offering.
    type: int
  force:
    description:
      - Allow the module to stop and start a running instance when a change of service offering
        cannot be applied live.
    type: bool
    default: false
  wait:
    description:
      - Whether to wait until CloudStack has deployed, started, stopped, rebooted or destroyed the
        instance and changed its tags.
      - With V(false) the module returns once CloudStack has accepted the job; the result shows the
        instance as it is then (for example V(Starting)) and RV(job_id). Deploy several instances
        this way and CloudStack builds them in parallel; wait for them with
        M(cloudstack.cloud.instance_info) (see the examples).
      - Steps that must follow one another (a stop, a change of offering, a start) are always awaited.
      - A password CloudStack generates is only in the finished job, so it is not returned with V(false).
      - A job that fails after the module returned is not reported by this task - the instance
        then shows the state CloudStack leaves it in (V(Error) for a failed deployment) to
        M(cloudstack.cloud.instance_info).
    type: bool
    default: true
    aliases: [poll_async]
  template:
    description:
      - Template (name or id) to deploy from; required to deploy.
    type: str
  template_filter:
    description:
      - Which templates O(template) is looked up among first (the C(templatefilter) of
        C(listTemplates)), for example V(self) when a community template has the same name; when
        none of them matches, every template the caller can deploy is searched.
    type: str
    default: executable
    choices: [all, featured, self, selfexecutable, sharedexecutable, executable, community]
  hypervisor:
    description:
      - Hypervisor to deploy on, when the template does not fix it (for example V(KVM), V(Simulator)).
    type: str
  keyboard:
    description:
      - Keyboard layout of the instance's console.
    type: str
    choices: [de, de-ch, es, fi, fr, fr-be, fr-ch, is, it, jp, nl-be, "no", pt, uk, us]
  zone:
    description:
      - Zone (name or id) to deploy in; required to deploy.
    type: str
  networks:
    description:
      - Networks (names or ids) of the instance; the first is its default network.
      - In an Advanced zone without networks, CloudStack uses the account's isolated network of the
        zone, and creates it on the first deployment.
    type: list
    elements: str
    aliases: [network]
  ip_address:
    description:
      - IPv4 address of the instance in its default network.
    type: str
  ip6_address:
    description:
      - IPv6 address of the instance in its default network.
    type: str
  ip_to_networks:
    description:
      - The networks of the instance with the addresses to take in each, the default network
        first - a list of mappings with C(network) (name or id) and any of C(ip), C(ipv6) and C(mac).
      - Used at deployment only and never compared. Mutually exclusive with O(networks) and O(ip_address).
    type: list
    elements: dict
    aliases: [ip_to_network]
  security_groups:
    description:
      - Security groups (names or ids), in zones with security groups.
    type: list
    elements: str
    aliases: [security_group]
  affinity_groups:
    description:
      - Affinity groups (names or ids) of the instance.
    type: list
    elements: str
    aliases: [affinity_group]
  ssh_key:
    description:
      - Name of the SSH key pair to install on the instance.
    type: str
  ssh_keys:
    description:
      - Names of several SSH key pairs to install on the instance.
    type: list
    elements: str
  user_data:
    description:
      - User data (plain text, for example a cloud-init document); the module base64-encodes it.
      - Over 2 KB of encoded data, use O(api_http_method=post).
    type: str
  disk_offering:
    description:
      - Disk offering (name or id) of a data disk created with the instance.
    type: str
  disk_size:
    description:
      - Size in GB of that data disk, for a custom disk offering.
    type: int
  root_disk_size:
    description:
      - Size in GB of the root disk, when larger than the template's.
    type: int
  details:
    description:
      - Extra deployment parameters (CloudStack's C(details) map).
    type: dict
  host:
    description:
      - Host (name or id) to deploy on; root administrators only.
    type: str
  pod:
    description:
      - Pod (name or id) of O(zone) to deploy in; root administrators only.
    type: str
  cluster:
    description:
      - Cluster (name or id) of O(zone) to deploy in; root administrators only.
    type: str
  tags:
    description:
      - Tags of the instance as a map; V({}) removes every tag.
    type: dict
  domain:
    description:
      - Domain (name, path or id) of O(account); required with it.
    type: str
  account:
    description:
      - Account owning the instance; the caller's account when not given.
    type: str
  project:
    description:
      - Project (name or id) owning the instance.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.attributes
notes:
  - A generated password (templates with password reset enabled) is returned as RV(password); its
    presence hides the task result from the output of every callback, the registered variable
    still holds it.
"""

EXAMPLES = r"""
- name: Deploy a web server in an isolated network
  cloudstack.cloud.instance:
    name: web-01
    zone: zone-01
    template: Debian 12
    service_offering: Small Instance
    networks: [web]
    ssh_key: deploy
    user_data: |
      #cloud-config
      packages: [nginx]
    tags:
      role: web

- name: Deploy three workers in parallel (the module does not wait for each)
  cloudstack.cloud.instance:
    name: "{{ item }}"
    zone: zone-01
    template: Debian 12
    service_offering: Small Instance
    ssh_key: deploy
    tags:
      role: worker
    wait: false
  loop: [worker-1, worker-2, worker-3]

- name: Wait until they all run
  cloudstack.cloud.instance_info:
    tags:
      role: worker
  register: workers
  until: workers.instances | selectattr('state', 'equalto', 'Running') | list | length == 3
  retries: 60
  delay: 5

- name: Scale it up, allowing a stop when it cannot be scaled live
  cloudstack.cloud.instance:
    name: web-01
    service_offering: Medium Instance
    force: true

- name: Stop it
  cloudstack.cloud.instance:
    name: web-01
    state: stopped

- name: Destroy it (an administrator can still recover it)
  cloudstack.cloud.instance:
    name: web-01
    state: destroyed

- name: Recover it
  cloudstack.cloud.instance:
    name: web-01

- name: Remove it for good
  cloudstack.cloud.instance:
    name: web-01
    state: expunged
"""

RETURN = r"""
id:
  description: UUID of the instance.
  returned: success
  type: str
  sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
name:
  description: Host name of the instance.
  returned: success
  type: str
  sample: web-01
display_name:
  description: Display name of the instance.
  returned: success
  type: str
  sample: web-01
state:
  description: State of the instance (Running, Stopped, Destroyed, ...).
  returned: success
  type: str
  sample: Running
zone:
  description: Name of the zone.
  returned: success
  type: str
  sample: zone-01
template:
  description: Name of the template.
  returned: success
  type: str
service_offering:
  description: Name of the service offering.
  returned: success
  type: str
  sample: Small Instance
cpu:
  description: Number of CPUs.
  returned: success
  type: int
cpu_speed:
  description: CPU speed in MHz.
  returned: success
  type: int
memory:
  description: Memory in MB.
  returned: success
  type: int
default_ip:
  description: IPv4 address of the default NIC.
  returned: success and the instance has one
  type: str
  sample: 10.1.1.23
default_ip6:
  description: IPv6 address of the default NIC.
  returned: success and the instance has one
  type: str
public_ip:
  description: Public IP address associated with the instance through static NAT.
  returned: success and the instance has one
  type: str
  sample: 192.168.2.10
networks:
  description: Names of the networks of the instance's NICs, the default network first.
  returned: success
  type: list
  elements: str
nic:
  description: NICs of the instance as CloudStack returns them.
  returned: success
  type: list
  elements: dict
security_groups:
  description: Names of the instance's security groups.
  returned: success
  type: list
  elements: str
affinity_groups:
  description: Names of the instance's affinity groups.
  returned: success
  type: list
  elements: str
ssh_keys:
  description: Names of the SSH key pairs installed on the instance.
  returned: success
  type: list
  elements: str
tags:
  description: Tags of the instance as a map.
  returned: success
  type: dict
  sample: {role: web}
user_data:
  description: User data of the instance, decoded.
  returned: when the task set O(user_data)
  type: str
host:
  description: Name of the host the instance runs on (administrators only).
  returned: success and running
  type: str
password:
  description: Password CloudStack generated at deployment. Secret; hides the task result from callbacks.
  returned: when the template has password reset enabled and the task deployed the instance
  type: str
job_id:
  description: Id of the CloudStack job still working on the instance (with O(wait=false)).
  returned: when a job was left running
  type: str
  sample: 5e7f4d31-7bd1-4c41-9d8c-0d2a4fa0a1e4
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 4
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError
from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import RENAMES, comparable, encode, shape
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, Resource

RUNNING = ("Running", "Starting")
STOPPED = ("Stopped", "Stopping")
DESTROYED = ("Destroyed", "Destroying")
GONE = ("Expunging", "Expunged")
# cpu, cpu_speed, memory of a custom offering: (option, API field, key in the details map).
CUSTOM_SIZES = (("cpu", "cpunumber", "cpuNumber"), ("cpu_speed", "cpuspeed", "cpuSpeed"), ("memory", "memory", "memory"))


def owner_params(engine):
    """The list parameters that scope the search to the owner the task names."""
    params = {}
    if engine.params.get("project"):
        params["projectid"] = engine.lookup.id("project", engine.params["project"])
    if engine.params.get("account"):
        params["account"] = engine.params["account"]
        params["domainid"] = engine.lookup.id("domain", engine.params["domain"])
    return params


def find_instance(engine):
    name = engine.params["name"]
    params = dict(owner_params(engine), name=name)
    if engine.params.get("user_data") is not None:
        params["userdata"] = True
    found = [vm for vm in engine.client.list("listVirtualMachines", **params)
             if vm.get("name", "").lower() == name.lower() and vm.get("state") not in GONE]
    if len(found) > 1:
        engine.fail("instance name %r is ambiguous: %d instances have it (%s); name the account or project" % (
            name, len(found), ", ".join("%s in %s" % (vm["id"], vm.get("project") or vm.get("account")) for vm in found)))
    return comparable(found[0]) if found else None


def refresh(engine, current):
    """The instance as CloudStack now has it; in check mode, what we predicted."""
    if engine.check_mode or not current.get("id"):
        return current
    return engine.find() or current


def check_key_pairs(engine):
    """deployVirtualMachine takes key pairs by name: say which are missing, and what the owner has."""
    names = [name for name in [engine.params.get("ssh_key")] + (engine.params.get("ssh_keys") or []) if name]
    if not names:
        return
    existing = sorted(key["name"] for key in engine.client.list("listSSHKeyPairs", **owner_params(engine)))
    missing = [name for name in names if name not in existing]
    if missing:
        engine.fail("SSH key pair %s not found; existing: %s" % (", ".join(repr(name) for name in missing), ", ".join(existing) or "none"))


def prepare_deploy(engine, params):
    """Check the key pairs exist (by name, as deployVirtualMachine takes them); sizes of a custom offering go
    in the details map; user data base64-encoded; no start when stopped is wanted."""
    check_key_pairs(engine)
    details = dict(params.pop("details", None) or {})
    for _option, api, detail in CUSTOM_SIZES:
        if params.get(api) is not None:
            details[detail] = params.pop(api)
    if details:
        params["details"] = details
    if params.get("userdata") is not None:
        params["userdata"] = encode(params["userdata"])
    if engine.params["state"] == "stopped":
        params["startvm"] = False
    if engine.params.get("ip_to_networks"):
        params["iptonetworklist"] = ip_to_network_list(engine, params)
    return params


IP_TO_NETWORK_KEYS = ("network", "ip", "ipv6", "mac")


def ip_to_network_list(engine, params):
    """ip_to_networks as deployVirtualMachine's iptonetworklist, networks found as the networks option finds them."""
    mappings = engine.params["ip_to_networks"]
    for index, mapping in enumerate(mappings):
        unknown = sorted(set(mapping) - set(IP_TO_NETWORK_KEYS))
        if unknown or not mapping.get("network"):
            engine.fail("ip_to_networks[%d]: %s; each mapping has a network and any of ip, ipv6, mac" % (
                index, "unknown key(s) %s" % ", ".join(unknown) if unknown else "no network"))
    scope = dict(zoneid=params["zoneid"], projectid=params.get("projectid"))
    ids = engine.resolve(engine.resource.by_option["networks"], [m["network"] for m in mappings], scope)
    return [dict([("networkid", network_id)] + [(key, str(m[key])) for key in IP_TO_NETWORK_KEYS[1:] if m.get(key)])
            for network_id, m in zip(ids, mappings)]


def deploy(engine, params):
    """deployVirtualMachine; the new instance is compared in the same form as a found one. Without
    waiting, it is read back as CloudStack has it while the job runs."""
    answer = engine.write("deployVirtualMachine", wait=engine.params["wait"], **params)
    if answer and not engine.params["wait"]:
        return dict(virtualmachine=dict(engine.find() or {"id": answer["id"]}, jobid=answer["jobid"]))
    vm = engine.extract(answer)
    if vm and params.get("userdata"):
        vm = dict(vm, userdata=params["userdata"])  # CloudStack returns user data only when listing asks for it
    return dict(virtualmachine=comparable(vm)) if vm else None


def recover(engine, current):
    """A destroyed instance wanted present comes back (Stopped, as CloudStack recovers it)."""
    if current.get("state") not in DESTROYED:
        return current
    engine.write("recoverVirtualMachine", id=current["id"])
    show_state(engine, current["state"], "Stopped")
    return dict(current, state="Stopped") if engine.check_mode else refresh(engine, current)


def dynamic_scaling_enabled(engine, vm):
    """The switch a live scale needs: the zone's value, else the global one (unreadable means off)."""
    name = "enable.dynamic.scale.vm"
    try:
        settings = (engine.client.list("listConfigurations", name=name, zoneid=vm["zoneid"])
                    or engine.client.list("listConfigurations", name=name))
    except CloudStackApiError:  # a non-admin caller may not read settings: CloudStack would refuse the scale then
        return False
    return any(str(item.get("value")).lower() == "true" for item in settings if item.get("name") == name)


def live_scale_refusal(engine, vm, offering, details):
    """Why CloudStack would refuse to scale this running instance live, or None when it can."""
    new = dict(cpunumber=int(details.get("cpuNumber") or offering.get("cpunumber") or 0),
               cpuspeed=int(details.get("cpuSpeed") or offering.get("cpuspeed") or 0),
               memory=int(details.get("memory") or offering.get("memory") or 0))
    old = dict((key, int(vm.get(key) or 0)) for key in new)
    if not vm.get("isdynamicallyscalable"):
        return "the instance is not dynamically scalable"
    if offering.get("dynamicscalingenabled") is False:
        return "service offering %r has dynamic scaling disabled" % offering.get("name")
    if any(new[key] < old[key] for key in new) or new == old:
        return "a running instance can only be scaled up (from %s to %s)" % (old, new)
    if not dynamic_scaling_enabled(engine, vm):
        return "enable.dynamic.scale.vm is false in zone %s" % vm.get("zonename")
    return None


def show_state(engine, before, after):
    """Put a power state change in the --diff (the first state before, the last after)."""
    engine.before = dict(engine.before or {})
    engine.before.setdefault("state", before)
    engine.after = dict(engine.after or {}, state=after)


def power(engine, vm, command, wait=True):
    """Start or stop; returns the instance in its new state (predicted in check mode)."""
    job = left_running(engine.write(command, id=vm["id"], wait=wait))
    state = "Running" if command == "startVirtualMachine" else "Stopped"
    show_state(engine, vm.get("state"), state)
    return dict(vm, state=state) if engine.check_mode else dict(refresh(engine, vm), **job)


def left_running(answer):
    """{"jobid": ...} for a job the module did not wait for, else {}."""
    return dict(jobid=answer["jobid"]) if isinstance(answer, dict) and "jobid" in answer else {}


def custom_sizes(engine, current, offering):
    """A custom offering needs every size: the task's, else the instance's; a fixed offering none."""
    if not offering.get("iscustomized"):
        return {}
    sizes = dict((detail, engine.params[option] if engine.params.get(option) is not None else current.get(api))
                 for option, api, detail in CUSTOM_SIZES)
    return dict((detail, value) for detail, value in sizes.items() if value is not None)


def change_offering(engine, current, offering_id):
    """Apply a new service offering or size: live, at once when stopped, or around a stop when allowed."""
    offering = engine.lookup.find("service_offering", offering_id)
    details = custom_sizes(engine, current, offering)
    change = dict(id=current["id"], serviceofferingid=offering_id)
    if details:
        change["details"] = details
    if current.get("state") in RUNNING:
        refusal = live_scale_refusal(engine, current, offering, details)
        if refusal is None:
            engine.write("scaleVirtualMachine", **change)
            return refresh(engine, current)
        restart = engine.params["state"] != "stopped"
        if restart and not engine.params["force"]:
            engine.fail("changing the service offering of running instance %r from %r to %r needs a stop, as it cannot "
                        "be scaled live: %s; set force=true to let the module stop and start it, or stop it first" % (
                            current["name"], current.get("serviceofferingname"), offering.get("name"), refusal))
        current = power(engine, current, "stopVirtualMachine")
        engine.write("changeServiceForVirtualMachine", **change)
        return power(engine, current, "startVirtualMachine") if restart else refresh(engine, current)
    engine.write("changeServiceForVirtualMachine", **change)
    return refresh(engine, current)


def prepare_update(engine, current, params):
    """Scale when the offering or custom sizes change; what is left goes to updateVirtualMachine."""
    current = recover(engine, current)
    resized = [params.pop(api) for _option, api, _detail in CUSTOM_SIZES if api in params]
    offering_id = params.pop("serviceofferingid", None)
    if offering_id or resized:
        change_offering(engine, current, offering_id or current["serviceofferingid"])
    if params.get("userdata") is not None:
        params["userdata"] = encode(params["userdata"])
    return params


def tag_list(tags):
    return [dict(key=key, value=value) for key, value in sorted(tags.items())]


def converge_tags(engine, vm):
    """Make the instance's tags the wanted map: delete what differs or is extra, create what is missing."""
    wanted = engine.params.get("tags")
    if wanted is None:
        return vm
    wanted = dict((str(k), str(v)) for k, v in wanted.items())
    current = dict((tag["key"], tag["value"]) for tag in vm.get("tags") or [])
    stale = dict((k, v) for k, v in current.items() if wanted.get(k) != v)
    missing = dict((k, v) for k, v in wanted.items() if current.get(k) != v)
    if not stale and not missing:
        return vm
    engine.before = dict(engine.before or {}, tags=current)
    engine.after = dict(engine.after or {}, tags=wanted)
    target = dict(resourceids=vm.get("id"), resourcetype="UserVm")
    wait = engine.params["wait"]
    if stale:  # awaited before a create: a key that changes value must be gone first
        engine.write("deleteTags", tags=tag_list(stale), wait=wait or bool(missing), **target)
    if missing:
        engine.write("createTags", tags=tag_list(missing), wait=wait, **target)
    return dict(vm, tags=tag_list(wanted))  # as CloudStack now has them: no need to list the instance again


def converge(engine, vm):
    """Recover, tag, then reach the wanted power state; keep a password the deployment returned."""
    if not vm.get("id"):  # check mode, not deployed yet
        return dict(vm, state="Stopped" if engine.params["state"] == "stopped" else "Running")
    password = vm.get("password")
    vm = power_state(engine, converge_tags(engine, recover(engine, vm)))
    return dict(vm, password=password) if password else vm


def power_state(engine, vm):
    state = engine.params["state"]
    if vm.get("state") == "Error":
        engine.fail("instance %r is in state Error; destroy or expunge it and deploy again" % vm["name"])
    wait = engine.params["wait"]
    if state in ("started", "restarted") and vm.get("state") in STOPPED:
        return power(engine, vm, "startVirtualMachine", wait)
    if state == "restarted":
        job = left_running(engine.write("rebootVirtualMachine", id=vm["id"], wait=wait))
        return dict(refresh(engine, vm), **job)
    if state == "stopped" and vm.get("state") in RUNNING:
        return power(engine, vm, "stopVirtualMachine", wait)
    return vm


def remove(engine, vm):
    """destroyed/absent: destroy (recoverable); expunged: remove for good. The --diff says which."""
    wait = engine.params["wait"]
    if engine.params["state"] == "expunged":
        if vm.get("state") in DESTROYED:
            job = left_running(engine.write("expungeVirtualMachine", id=vm["id"], wait=wait))
        else:
            job = left_running(engine.write("destroyVirtualMachine", id=vm["id"], expunge=True, wait=wait))
        engine.before = dict(engine.before, state=vm.get("state"))
        return dict(vm, state="Expunged", **job)
    if vm.get("state") in DESTROYED:
        engine.before = engine.after = {}
        return vm
    job = left_running(engine.write("destroyVirtualMachine", id=vm["id"], wait=wait))
    engine.before = dict(engine.before, state=vm.get("state"))
    engine.after = dict(engine.before, state="Destroyed")
    return dict(vm, state="Destroyed") if engine.check_mode else dict(refresh(engine, vm), **job)


def result(engine, vm):
    """Friendly keys; user data only when the task manages it; the password only when CloudStack generated one."""
    vm = shape(vm)
    for helper in ("ip_address", "ip6_address"):  # comparison values (default_ip and default_ip6 say it)
        vm.pop(helper, None)
    for unset in ("user_data", "password"):
        if not vm.get(unset) or (unset == "user_data" and engine.params.get("user_data") is None):
            vm.pop(unset, None)
    return vm


RESOURCE = Resource(
    "instance",
    list_command="listVirtualMachines", create_command="deployVirtualMachine",
    update_command="updateVirtualMachine", response_key="virtualmachine",
    fields=[
        Field("name", "name", required=True, update=None),
        Field("display_name", "displayname"),
        Field("group", "group"),
        Field("ha_enabled", "haenable", create=None, type="bool"),
        Field("user_data", "userdata"),
        Field("service_offering", "serviceofferingid", ref="service_offering", ref_name="serviceofferingname", required=True),
        Field("cpu", "cpunumber", type="int"),
        Field("cpu_speed", "cpuspeed", type="int"),
        Field("memory", "memory", type="int"),
        Field("force", type="bool", default=False, compare=False),
        Field("wait", type="bool", default=True, compare=False, aliases=["poll_async"]),
        Field("template", "templateid", ref="template", ref_name="templatename", update=None, required=True,
              ref_scope={"zoneid": "zone", "templatefilter": "template_filter"}),
        Field("template_filter", default="executable", compare=False,
              choices=["all", "featured", "self", "selfexecutable", "sharedexecutable", "executable", "community"]),
        Field("hypervisor", "hypervisor", update=None, ignore_case=True),
        Field("keyboard", "keyboard", update=None, compare=False,
              choices=["de", "de-ch", "es", "fi", "fr", "fr-be", "fr-ch", "is", "it", "jp", "nl-be", "no", "pt", "uk", "us"]),
        Field("zone", "zoneid", ref="zone", ref_name="zonename", update=None, required=True),
        # A project's networks and groups are listed only when the project is named.
        Field("networks", "networkids", type="list", ref="network", ref_scope={"zoneid": "zone", "projectid": "project"},
              update=None, aliases=["network"]),
        Field("ip_address", "ipaddress", update=None),
        Field("ip6_address", "ip6address", update=None),
        Field("ip_to_networks", type="list", elements="dict", compare=False, aliases=["ip_to_network"]),  # see ip_to_network_list
        Field("security_groups", "securitygroupids", type="list", ref="security_group", ref_scope={"projectid": "project"},
              update=None, aliases=["security_group"]),
        Field("affinity_groups", "affinitygroupids", type="list", ref="affinity_group", ref_scope={"projectid": "project"},
              update=None, aliases=["affinity_group"]),
        Field("ssh_key", "keypair", update=None, returned="keypairs"),
        Field("ssh_keys", "keypairs", type="list", update=None),
        # Deployment-only values that the instance does not report back as given: never compared.
        Field("disk_offering", "diskofferingid", ref="disk_offering", update=None, compare=False),
        Field("disk_size", "size", type="int", update=None, compare=False),
        Field("root_disk_size", "rootdisksize", type="int", update=None, compare=False),
        Field("details", "details", type="dict", update=None, compare=False),
        Field("host", "hostid", ref="host", update=None, compare=False),  # a VM moves between hosts
        Field("pod", "podid", ref="pod", ref_scope={"zoneid": "zone"}, update=None, compare=False),
        Field("cluster", "clusterid", ref="cluster", ref_scope={"zoneid": "zone"}, update=None, compare=False),
        Field("tags", type="dict", compare=False),  # converged by converge_tags
        Field("domain", "domainid", ref="domain", ref_name="domain", update=None),
        Field("account", "account", update=None),
        Field("project", "projectid", ref="project", ref_name="project", update=None),
    ],
    states={"present": {}, "started": {}, "stopped": {}, "restarted": {}},
    absent_states=("destroyed", "expunged", "absent"),
    renames=RENAMES,
    hooks={"find": find_instance, "prepare_create": prepare_deploy, "create": deploy, "prepare_update": prepare_update,
           "converge": converge, "delete": remove, "result": result},
    waits=True,
    module_kwargs=dict(required_by={"account": "domain"}, mutually_exclusive=[
        ("ssh_key", "ssh_keys"), ("networks", "ip_to_networks"), ("ip_address", "ip_to_networks")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
