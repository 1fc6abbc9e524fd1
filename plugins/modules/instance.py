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
    O(account)/O(domain) or O(project) when given, in every zone; with O(match_display_name) (the
    default, as in ngine_io.cloudstack) its display name may match O(name) too.
  - Updated in place when they differ, whatever the power state - O(display_name), O(group),
    O(ha_enabled), O(user_data), O(user_data_name) and O(user_data_details) (through
    C(updateVirtualMachine); the guest reads new user data from the metadata service or config
    drive, which CloudStack refreshes), O(tags) (through C(createTags)/C(deleteTags); tags not listed
    are removed, O(tags) not given leaves them alone) and O(root_disk_size) (C(resizeVolume) of the
    ROOT volume; a smaller size only with O(allow_root_disk_shrink)).
  - Changed on a stopped instance only, as CloudStack requires - O(ssh_keys)
    (C(resetSSHKeyForVirtualMachine)) and O(security_groups) (C(updateVirtualMachine)). A running
    instance is stopped and started around the change with O(force=true) (or with O(state=stopped),
    which stops it anyway); without, the module fails and says why.
  - Set only at deployment; a difference fails naming the option - O(zone), O(networks),
    O(ip_address), O(affinity_groups), O(hypervisor). O(template) changes only with
    O(state=restored). O(iso), O(disk_offering), O(disk_size), O(details), O(keyboard), O(pod) and
    O(cluster) are used at deployment only and never compared.
  - O(host) places a new instance; a running instance on another host is migrated there
    (C(migrateVirtualMachine), as ngine_io.cloudstack's cs_instance does; root administrators only).
  - Changing O(service_offering) (or O(cpu), O(cpu_speed), O(memory) of a custom offering) scales
    the instance. A stopped instance changes offering at once (C(changeServiceForVirtualMachine)).
    A running instance is scaled live (C(scaleVirtualMachine)); when CloudStack refuses because the
    instance would have to be stopped (a decrease, an instance or offering without dynamic scaling,
    the zone's C(enable.dynamic.scale.vm) setting off, a hypervisor that cannot), the module stops
    it, changes the offering and starts it again with O(force=true); without, it fails quoting
    CloudStack's refusal. O(cpu), O(cpu_speed) and O(memory) with a fixed offering are refused
    before anything is deployed or changed.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  name:
    description:
      - Host name of the instance; identifies it (see O(match_display_name)).
      - Without it, O(display_name) identifies the instance (as a name or a display name, as in
        ngine_io.cloudstack), and CloudStack names a new one (the display name when it is a valid host
        name, else C(VM-<uuid>)). One of O(name) and O(display_name) is required.
    type: str
  match_display_name:
    description:
      - Whether an instance whose display name is O(name) is found too. Two instances matching
        (one by name, one by display name) is an error that names both.
    type: bool
    default: true
  display_name:
    description:
      - Display name of the instance; CloudStack uses O(name) when not given at deployment.
      - Identifies the instance when O(name) is not given.
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
      - V(present) (or V(deployed), its ngine_io.cloudstack name) deploys the instance (started) when
        missing, recovers it when destroyed, and otherwise leaves its power state alone.
      - V(started), V(stopped) and V(restarted) also reach that power state (V(restarted) reboots a
        running instance and starts a stopped one; a just deployed one is left as it is).
      - V(restored) re-installs an existing instance (C(restoreVirtualMachine)) - its root disk is
        re-created from O(template) when given and different, else from its own template; it
        reports a change on every run, as V(restarted) does.
      - V(destroyed) (or V(absent)) destroys the instance; an administrator can recover it (with
        V(present)) until CloudStack expunges it. V(expunged) removes it for good.
    type: str
    default: present
    choices: [present, deployed, started, stopped, restarted, restored, destroyed, expunged, absent]
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
      - Allow the module to stop and start a running instance for a change CloudStack makes only
        on a stopped instance (a service offering it cannot scale live, O(ssh_keys),
        O(security_groups)).
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
      - With V(true), an instance found in a passing state (V(Starting), V(Stopping)) is awaited until
        CloudStack's job moves it on, for up to O(wait_timeout) seconds.
      - A password CloudStack generates is only in the finished job, so it is not returned with V(false),
        nor when the answer to the deployment was lost (the module warns, and says how to reset it).
      - A job that fails after the module returned is not reported by this task - the instance
        then shows the state CloudStack leaves it in (V(Error) for a failed deployment) to
        M(cloudstack.cloud.instance_info).
    type: bool
    default: true
    aliases: [poll_async]
  template:
    description:
      - Template (name or id) to deploy from; O(template) or O(iso) is required to deploy.
      - A different template of an existing instance is applied only with O(state=restored).
    type: str
  iso:
    description:
      - ISO (name or id) to deploy from instead of a template; CloudStack then needs O(hypervisor) and
        a O(disk_offering) for the root disk. Used at deployment only.
    type: str
  template_filter:
    description:
      - Which templates (or ISOs) O(template) (or O(iso)) is looked up among first (the
        C(templatefilter) of C(listTemplates), the C(isofilter) of C(listIsos)), for example V(self)
        when a community template has the same name; when none of them matches, every one the
        caller can deploy is searched.
    type: str
    default: executable
    choices: [all, featured, self, selfexecutable, sharedexecutable, executable, community]
    aliases: [iso_filter]
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
  ssh_keys:
    description:
      - Names of the SSH key pairs of the instance (one name is fine).
      - A change resets them (on a stopped instance only, see O(force)).
    type: list
    elements: str
    aliases: [ssh_key]
  user_data:
    description:
      - User data (plain text, for example a cloud-init document); the module base64-encodes it.
      - Over 2 KB of encoded data, use O(api_http_method=post). Mutually exclusive with O(user_data_name).
    type: str
  user_data_name:
    description:
      - Registered user data (name or id, C(registerUserData)) of the owner, instead of O(user_data).
    type: str
  user_data_details:
    description:
      - Values of the variables of the registered user data, a map.
    type: dict
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
      - For an existing instance, a different size resizes its ROOT volume (C(resizeVolume)).
    type: int
  allow_root_disk_shrink:
    description:
      - Allow O(root_disk_size) to make the root disk of an existing instance smaller (CloudStack's
        C(shrinkok)); without, a smaller size fails.
    type: bool
    default: false
  details:
    description:
      - Extra deployment parameters (CloudStack's C(details) map).
    type: dict
  host:
    description:
      - Host (name or id) to deploy on; root administrators only.
      - A running instance on another host is migrated to it (C(migrateVirtualMachine)); CloudStack moves it
        within its cluster only (unless all its volumes are on zone-wide storage), and only when the host has room.
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
      - Tags of the instance as a map, or as a list of mappings with C(key) and C(value)
        (ngine_io.cloudstack's form); V({}) or V([]) removes every tag.
    type: raw
    aliases: [tag]
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
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

- name: Re-install it from another template (its root disk is re-created)
  cloudstack.cloud.instance:
    name: web-01
    template: Debian 13
    state: restored

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
cpu_number:
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
  description: IPv4 address of the default NIC (null without one).
  returned: success
  type: str
  sample: 10.1.1.23
default_ip6:
  description: IPv6 address of the default NIC (null without one).
  returned: success
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
nics:
  description: The instance's NICs, the default first (the same as the inventory's host variable).
  returned: success
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
  description:
    - Tags of the instance, as key/value items sorted by key (the form ngine_io.cloudstack returns);
      C(tags | items2dict) makes them a map.
  returned: success
  type: list
  elements: dict
  sample: [{key: role, value: web}]
  contains:
    key:
      description: The tag's key.
      type: str
    value:
      description: The tag's value.
      type: str
user_data:
  description: User data of the instance, decoded.
  returned: when the task set O(user_data)
  type: str
user_data_name:
  description: Name of the registered user data of the instance.
  returned: when it has registered user data
  type: str
user_data_details:
  description: Values of the variables of the registered user data.
  returned: when it has some
  type: dict
  sample: {name: web}
iso:
  description: Name of the ISO the instance was deployed from.
  returned: when deployed from an ISO
  type: str
template_display_text:
  description: Display text of the template.
  returned: success
  type: str
created:
  description: When the instance was created.
  returned: success
  type: str
  sample: "2026-12-01T14:57:57+0000"
account:
  description: Account owning the instance.
  returned: success
  type: str
domain:
  description: Domain of the owner.
  returned: success
  type: str
project:
  description: Project owning the instance.
  returned: when it belongs to a project
  type: str
group:
  description: Instance group.
  returned: when it has one
  type: str
hypervisor:
  description: Hypervisor of the instance.
  returned: success
  type: str
  sample: KVM
internal_name:
  description:
    - Internal name of the instance (root administrators), the inventory's host variable of that name.
    - ngine_io.cloudstack returns it as C(instance_name); the inventory's C(instance_name) is the instance's name.
  returned: success
  type: str
  sample: i-2-14-VM
os_type:
  description: Name of the instance's guest OS type.
  returned: success
  type: str
  sample: Debian GNU/Linux 12 (64-bit)
password_enabled:
  description: Whether the template has password reset enabled.
  returned: success
  type: bool
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

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackTransportError
from ansible_collections.cloudstack.cloud.plugins.module_utils.instance_states import DEPLOYED_STATE, StateMachine
from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import comparable, described, encode, is_named
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Field, LostSecret, Resource
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import converge_tags, wanted_tags

GONE = ("Expunging", "Expunged")
GIB = 1024 ** 3
# cpu, cpu_speed, memory of a custom offering: (option, API field, key in the details map).
CUSTOM_SIZES = (("cpu", "cpunumber", "cpuNumber"), ("cpu_speed", "cpuspeed", "cpuSpeed"), ("memory", "memory", "memory"))
# How CloudStack words its refusals of a live scale that a stopped instance does not meet (UserVmManagerImpl,
# VmScaleManager): a decrease, the dynamic scaling of the instance or offering, the zone's setting, the hypervisor.
NEEDS_STOP = ("only scaling up", "only scalling up", "dynamic scaling", "dynamically scaling",
              "scaling the vm dynamically", "unable to live scale")


def owner_params(engine):
    """The list parameters that scope the search to the owner the task names."""
    params = {}
    if engine.params.get("project"):
        params["projectid"] = engine.lookup.id("project", engine.params["project"])
    if engine.params.get("account"):
        params["account"] = engine.params["account"]
        params["domainid"] = engine.lookup.id("domain", engine.params["domain"])
    return params


def states(engine):
    """The run's state machine: one per run, as it remembers the state the run found (for the --diff)."""
    if not hasattr(engine, "states"):
        engine.states = StateMachine(engine)
    return engine.states


def identifier(engine):
    """What names the instance in the task: its name, else its display name."""
    return engine.params["name"] or engine.params["display_name"]


def find_instance(engine):
    """By name (case-insensitive), or by display name too with match_display_name, within the owner; without a name,
    by display name (as a name or a display name)."""
    wanted_tags(engine)  # a bad tags value is refused before anything changes
    name = identifier(engine)
    by_display = engine.params["match_display_name"] or not engine.params["name"]
    params = dict(owner_params(engine), **{"keyword" if by_display else "name": name})
    if engine.params.get("user_data") is not None:
        params["userdata"] = True
    found = [vm for vm in engine.client.list("listVirtualMachines", **params)
             if vm.get("state") not in GONE and is_named(vm, name, by_display)]
    if len(found) > 1:
        engine.fail("instance name %r is ambiguous: %d instances have it%s (%s); name the account or project%s" % (
            name, len(found), " as name or display name" if by_display else "",
            ", ".join("%s %r in %s" % (vm["id"], vm.get("name"), vm.get("project") or vm.get("account")) for vm in found),
            ", or set match_display_name=false" if by_display and engine.params["name"] else ""))
    return comparable(found[0]) if found else None


def check_key_pairs(engine):
    """Key pairs go by name: say which are missing, and what the owner has."""
    names = engine.params.get("ssh_keys") or []
    if not names:
        return
    existing = sorted(key["name"] for key in engine.client.list("listSSHKeyPairs", **owner_params(engine)))
    missing = [name for name in names if name not in existing]
    if missing:
        engine.fail("SSH key pair %s not found; existing: %s" % (", ".join(repr(name) for name in missing), ", ".join(existing) or "none"))


def check_sizes(engine, offering_id):
    """cpu, cpu_speed and memory fit a custom offering only: refused before anything is deployed or changed."""
    given = [option for option, _api, _detail in CUSTOM_SIZES if engine.params.get(option) is not None]
    if not given:
        return None
    offering = engine.lookup.find("service_offering", offering_id)
    if not offering.get("iscustomized"):
        engine.fail("%s can only be set with a custom service offering; service offering %r has fixed sizes "
                    "(%s CPU at %s MHz, %s MB)" % (", ".join(given), offering.get("name"), offering.get("cpunumber"),
                                                   offering.get("cpuspeed"), offering.get("memory")))
    return offering


def user_data_id(engine, name):
    """Registered user data (user_data_name) by id, or by name among the owner's."""
    if UUID.match(name):
        return name
    registered = engine.client.list("listUserData", **owner_params(engine))
    found = [item for item in registered if item.get("name") == name]
    if not found:
        engine.fail("user_data_name: registered user data %r not found; existing: %s" % (
            name, ", ".join(sorted(item["name"] for item in registered)) or "none"))
    return found[0]["id"]


def prepare_deploy(engine, params):
    """Check what CloudStack would refuse late; sizes of a custom offering go in the details map; user data
    base64-encoded; no start when stopped is wanted."""
    if not params.get("templateid"):
        engine.fail("template or iso is required to deploy the instance %r" % identifier(engine))
    check_key_pairs(engine)
    check_sizes(engine, params["serviceofferingid"])
    details = dict(params.pop("details", None) or {})
    for _option, api, detail in CUSTOM_SIZES:
        if params.get(api) is not None:
            details[detail] = params.pop(api)
    if details:
        params["details"] = details
    if params.get("userdata") is not None:
        params["userdata"] = encode(params["userdata"])
    if params.get("userdataid"):
        params["userdataid"] = user_data_id(engine, params["userdataid"])
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
    """deployVirtualMachine; the new instance is compared in the same form as a found one. Without waiting, it
    is read back as CloudStack has it while the job runs."""
    try:
        answer = engine.write("deployVirtualMachine", wait=engine.params["wait"], **params)
    except CloudStackTransportError:
        found = engine.find()
        if found is None:
            raise
        return dict(virtualmachine=answer_lost(engine, found))
    if answer and not engine.params["wait"]:
        return dict(virtualmachine=dict(engine.find() or {"id": answer["id"]}, jobid=answer["jobid"]))
    vm = engine.extract(answer)
    if vm and params.get("userdata"):
        vm = dict(vm, userdata=params["userdata"])  # CloudStack returns user data only when listing asks for it
    return dict(virtualmachine=comparable(vm)) if vm else None


def answer_lost(engine, vm):
    """The deployment reached CloudStack but its answer was lost: await it as any deployment (with wait). A password
    CloudStack generated was only in that answer."""
    if vm.get("passwordenabled"):
        engine.warn_lost_secret(vm)
    return states(engine).settle(vm)


def needs_stop(error):
    return any(words in str(error.errortext).lower() for words in NEEDS_STOP)


def custom_sizes(engine, current, offering):
    """A custom offering needs every size: the task's, else the instance's; a fixed offering none."""
    if not offering.get("iscustomized"):
        return {}
    sizes = dict((detail, engine.params[option] if engine.params.get(option) is not None else current.get(api))
                 for option, api, detail in CUSTOM_SIZES)
    return dict((detail, value) for detail, value in sizes.items() if value is not None)


def change_offering(engine, vm, offering_id):
    """Apply a new service offering or size: at once when stopped; live when CloudStack scales the running instance;
    else a change for a stopped instance (CloudStack's refusal says why)."""
    offering = engine.lookup.find("service_offering", offering_id)
    change = dict(id=vm["id"], serviceofferingid=offering_id)
    details = custom_sizes(engine, vm, offering)
    if details:
        change["details"] = details
    if states(engine).state(vm) != "Running":
        engine.write("changeServiceForVirtualMachine", **change)
        return []
    try:
        engine.write("scaleVirtualMachine", **change)
        return []
    except CloudStackApiError as refusal:
        if not needs_stop(refusal):
            raise
        return [("service_offering", "CloudStack refused to scale it live: %s" % refusal.errortext,
                 lambda vm: engine.write("changeServiceForVirtualMachine", **change))]


def reset_ssh_keys(engine, keypairs):
    check_key_pairs(engine)
    return ("ssh_keys", "CloudStack resets the SSH keys of a stopped instance only",
            lambda vm: engine.write("resetSSHKeyForVirtualMachine", id=vm["id"], keypairs=keypairs, **owner_params(engine)))


def change_security_groups(engine, groups):
    return ("security_groups", "CloudStack changes the security groups of a stopped instance only",
            lambda vm: engine.write("updateVirtualMachine", id=vm["id"], securitygroupids=groups))


def prepare_update(engine, current, params):
    """Recover a destroyed instance; scale, reset keys and security groups (around a stop when CloudStack needs
    one); what is left goes to updateVirtualMachine."""
    resized = [params.pop(api) for _option, api, _detail in CUSTOM_SIZES if api in params]
    offering_id = params.pop("serviceofferingid", None) or (current["serviceofferingid"] if resized else None)
    check_sizes(engine, offering_id or current["serviceofferingid"])
    template_id = params.pop("templateid", None)
    if template_id and engine.params["state"] != "restored":
        engine.fail("cannot change template of the existing instance %r from %r to %r; state=restored re-installs it "
                    "from another template (its root disk is re-created)" % (
                        current["name"], current.get("templatename"), engine.params["template"]))
    if template_id:
        states(engine).step_params["restoreVirtualMachine"] = dict(templateid=template_id)
    vm = states(engine).reach(current, "stopped" if engine.params["state"] == "stopped" else "present", wait=True)
    stopped_only = change_offering(engine, vm, offering_id) if offering_id else []
    if "keypairs" in params:
        stopped_only.append(reset_ssh_keys(engine, params.pop("keypairs")))
    if "securitygroupids" in params:
        stopped_only.append(change_security_groups(engine, params.pop("securitygroupids")))
    states(engine).stopped_for(vm, stopped_only)
    if params.get("userdata") is not None:
        params["userdata"] = encode(params["userdata"])
    if params.get("userdataid"):
        params["userdataid"] = user_data_id(engine, params["userdataid"])
    if "userdatadetails" in params:
        params.setdefault("userdataid", current.get("userdataid"))  # CloudStack takes the values with the user data
    return params


def resize_root_disk(engine, vm):
    """root_disk_size of an existing instance: resize its ROOT volume; shrinking only with allow_root_disk_shrink."""
    size = engine.params.get("root_disk_size")
    if size is None or engine.created:
        return
    roots = engine.client.list("listVolumes", virtualmachineid=vm["id"], type="ROOT", listall=True, **owner_params(engine))
    if not roots or roots[0]["size"] == size * GIB:
        return
    current = roots[0]["size"] / float(GIB)
    shrink = size * GIB < roots[0]["size"]
    if shrink and not engine.params["allow_root_disk_shrink"]:
        engine.fail("root_disk_size %s GB is smaller than the root disk of instance %r (%g GB); set "
                    "allow_root_disk_shrink=true to shrink it" % (size, vm["name"], current))
    engine.note("root_disk_size", current, size)
    resize = dict(id=roots[0]["id"], size=size)
    if shrink:
        resize["shrinkok"] = True
    engine.write("resizeVolume", **resize)


def migrate_to_host(engine, vm):
    """A running instance on another host than O(host): migrateVirtualMachine to it, as ngine_io's cs_instance does."""
    wanted = engine.params.get("host")
    if not wanted or engine.created or vm.get("state") != "Running":
        return vm
    host_id = engine.lookup.id("host", wanted)
    if vm.get("hostid") == host_id:
        return vm
    engine.note("host", vm.get("hostname"), wanted)
    moved = engine.extract(engine.write_own("migrateVirtualMachine", virtualmachineid=vm["id"], hostid=host_id))
    return moved or dict(vm, hostid=host_id, hostname=wanted)


def converge(engine, vm):
    """Recover, resize the root disk, tag, reach the wanted state, then migrate to O(host); keep a password the
    deployment returned."""
    if not vm.get("id"):  # check mode, not deployed yet
        return dict(vm, state=DEPLOYED_STATE.get(engine.params["state"], "Running"))
    check_sizes(engine, vm.get("serviceofferingid"))
    password = vm.get("password")
    vm = states(engine).reach(vm, "present", wait=True)
    resize_root_disk(engine, vm)
    vm = migrate_to_host(engine, states(engine).reach(converge_tags(engine, vm, "UserVm")))
    return dict(vm, password=vm.get("password") or password) if password else vm


def remove(engine, vm):
    """destroyed/absent: destroy, recoverable (the --diff shows it left destroyed); expunged: remove for good."""
    vm = states(engine).reach(vm)
    if engine.params["state"] != "expunged":
        engine.remains(vm)
    return vm


def result(engine, vm):
    """The instance's vocabulary (renames=described); user data only when the task manages it; the password only
    when CloudStack generated one."""
    for unset in ("user_data", "password"):
        if not vm.get(unset) or (unset == "user_data" and engine.params.get("user_data") is None):
            vm.pop(unset, None)
    return vm


RESOURCE = Resource(
    "instance",
    list_command="listVirtualMachines", create_command="deployVirtualMachine",
    update_command="updateVirtualMachine", response_key="virtualmachine",
    fields=[
        Field("name", "name", update=None, compare=False),  # what finds it (find_instance), not compared
        Field("display_name", "displayname"),
        Field("match_display_name", type="bool", default=True, compare=False),
        Field("group", "group"),
        Field("ha_enabled", "haenable", create=None, type="bool"),
        Field("user_data", "userdata"),
        Field("user_data_name", "userdataid", returned="userdataname"),  # resolved by user_data_id
        Field("user_data_details", "userdatadetails", type="dict"),
        Field("service_offering", "serviceofferingid", ref="service_offering", ref_name="serviceofferingname", required=True),
        Field("cpu", "cpunumber", type="int"),
        Field("cpu_speed", "cpuspeed", type="int"),
        Field("memory", "memory", type="int"),
        Field("force", type="bool", default=False, compare=False),
        Field("wait", type="bool", default=True, compare=False, aliases=["poll_async"]),
        # A different template is applied only by state=restored (restoreVirtualMachine), see prepare_update.
        Field("template", "templateid", ref="template", ref_name="templatename",
              ref_scope={"zoneid": "zone", "templatefilter": "template_filter"}),
        Field("iso", "templateid", ref="iso", update=None, compare=False, ref_scope={"zoneid": "zone", "isofilter": "template_filter"}),
        Field("template_filter", default="executable", compare=False, aliases=["iso_filter"],
              choices=["all", "featured", "self", "selfexecutable", "sharedexecutable", "executable", "community"]),
        Field("hypervisor", "hypervisor", update=None, ignore_case=True),
        Field("keyboard", "keyboard", update=None, compare=False,
              choices=["de", "de-ch", "es", "fi", "fr", "fr-be", "fr-ch", "is", "it", "jp", "nl-be", "no", "pt", "uk", "us"]),
        Field("zone", "zoneid", ref="zone", ref_name="zonename", update=None, required=True),
        # A project's networks and groups are listed only when the project is named.
        Field("networks", "networkids", type="list", ref="network", ref_name="networknames",
              ref_scope={"zoneid": "zone", "projectid": "project"}, update=None, aliases=["network"]),
        Field("ip_address", "ipaddress", update=None),
        Field("ip6_address", "ip6address", update=None),
        Field("ip_to_networks", type="list", elements="dict", compare=False, aliases=["ip_to_network"]),  # see ip_to_network_list
        # Changed on a stopped instance only (prepare_update): security groups and SSH keys.
        Field("security_groups", "securitygroupids", type="list", ref="security_group", ref_scope={"projectid": "project"},
              aliases=["security_group"]),
        Field("affinity_groups", "affinitygroupids", type="list", ref="affinity_group", ref_scope={"projectid": "project"},
              update=None, aliases=["affinity_group"]),
        Field("ssh_keys", "keypairs", type="list", aliases=["ssh_key"]),
        # Deployment-only values that the instance does not report back as given: never compared.
        Field("disk_offering", "diskofferingid", ref="disk_offering", update=None, compare=False),
        Field("disk_size", "size", type="int", update=None, compare=False),
        Field("root_disk_size", "rootdisksize", type="int", update=None, compare=False),  # resized by resize_root_disk
        Field("allow_root_disk_shrink", type="bool", default=False, compare=False),
        Field("details", "details", type="dict", update=None, compare=False),
        Field("host", "hostid", ref="host", update=None, compare=False),  # migrated to by migrate_to_host
        Field("pod", "podid", ref="pod", ref_scope={"zoneid": "zone"}, update=None, compare=False),
        Field("cluster", "clusterid", ref="cluster", ref_scope={"zoneid": "zone"}, update=None, compare=False),
        Field("tags", type="raw", compare=False, aliases=["tag"]),  # a map or a list of {key, value}: converge_tags
        Field("domain", "domainid", ref="domain", ref_name="domain", update=None),
        Field("account", "account", update=None),
        Field("project", "projectid", ref="project", ref_name="project", update=None),
    ],
    states={"present": {}, "deployed": {}, "started": {}, "stopped": {}, "restarted": {}, "restored": {}},
    absent_states=("destroyed", "expunged", "absent"),
    renames=described,
    hooks={"find": find_instance, "prepare_create": prepare_deploy, "create": deploy, "prepare_update": prepare_update,
           "converge": converge, "delete": remove, "result": result},
    lost_secret=LostSecret("password CloudStack generated", "to get a new one, stop the instance and reset its password "
                           "(resetPasswordForVirtualMachine)"),
    waits=True,
    module_kwargs=dict(required_by={"account": "domain"}, required_one_of=[("name", "display_name")], mutually_exclusive=[
        ("template", "iso"), ("user_data", "user_data_name"), ("networks", "ip_to_networks"),
        ("ip_address", "ip_to_networks")]),
)


def main():
    RESOURCE.run()


if __name__ == "__main__":
    main()
