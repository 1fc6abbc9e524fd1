#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: instance_fleet
short_description: Converge many CloudStack instances in one task
description:
  - Deploys, starts, stops or removes a fleet of instances, named in O(instances) or by O(count) and
    O(name_pattern).
  - One C(listVirtualMachines) finds what exists, by name (case-insensitive). The names of the common
    settings (zone, template, offering, networks, groups) are resolved once; an instance that overrides
    one is resolved apart (each distinct value once).
  - Every deployment (and every start, stop or removal) is sent without waiting (four requests at a time), then one wait covers all
    their jobs, so CloudStack builds the instances side by side; a fleet that is as wanted costs one API call.
  - Existing instances are not changed beyond their power state; their settings that differ from the task
    are reported in RV(differences). The M(cloudstack.cloud.instance) module updates an instance.
  - A job that fails fails the task once every other job has ended, naming the instance and CloudStack's error.
version_added: 0.1.0
author:
  - cloudstack.cloud contributors (@cloudstack)
options:
  instances:
    description:
      - The instances of the fleet, in order; each a mapping with C(name) (required) and any of C(display_name),
        C(zone), C(template), C(service_offering), C(networks), C(security_groups), C(affinity_groups),
        C(ssh_keys), C(tags) and C(user_data), which override the options of the same name.
      - Mutually exclusive with O(count); one of them is required.
    type: list
    elements: dict
  count:
    description:
      - Number of instances of the fleet, named by O(name_pattern) with indexes 1 to O(count).
    type: int
  name_pattern:
    description:
      - Python format string naming the instances from their C({index}), for example V(web-{index:02d}).
      - Required with O(count).
    type: str
  state:
    description:
      - V(present) (or V(started)) deploys the missing instances and starts the stopped ones (recovering
        destroyed ones); V(stopped) deploys the missing ones stopped and stops the running ones; V(absent)
        destroys and expunges every instance of the fleet.
    type: str
    default: present
    choices: [present, started, stopped, absent]
  zone:
    description:
      - Zone (name or id) to deploy in; required to deploy (here or per instance). Only the instances of
        this zone are found when every instance has it.
    type: str
  template:
    description:
      - Template (name or id) to deploy from; required to deploy.
    type: str
  service_offering:
    description:
      - Service offering (name or id); required to deploy.
    type: str
  networks:
    description:
      - Networks (names or ids) of new instances; the first is their default network.
    type: list
    elements: str
    aliases: [network]
  security_groups:
    description:
      - Security groups (names or ids) of new instances, in zones with security groups.
    type: list
    elements: str
    aliases: [security_group]
  affinity_groups:
    description:
      - Affinity groups (names or ids) of new instances.
    type: list
    elements: str
    aliases: [affinity_group]
  ssh_keys:
    description:
      - Names of the SSH key pairs of new instances.
    type: list
    elements: str
    aliases: [ssh_key]
  tags:
    description:
      - Tags of new instances, a map (or a list of mappings with C(key) and C(value)).
    type: raw
    aliases: [tag]
  user_data:
    description:
      - User data of new instances (plain text); the module base64-encodes it.
    type: str
  display_name:
    description:
      - Display name of new instances; CloudStack uses the name when not given. Usually set per instance.
    type: str
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - cloudstack.cloud.owner
  - cloudstack.cloud.cloudstack.wait
  - cloudstack.cloud.cloudstack.jobs
  - cloudstack.cloud.cloudstack.attributes
notes:
  - The --diff shows the names and states of the fleet's instances before and after.
  - O(domain)/O(account) and O(project) cost one lookup each.
"""

EXAMPLES = r"""
- name: Ten web servers, web-01 to web-10
  cloudstack.cloud.instance_fleet:
    count: 10
    name_pattern: web-{index:02d}
    zone: zone-01
    template: Debian 12
    service_offering: Small Instance
    networks: [web]
    ssh_key: deploy
    tags:
      role: web

- name: Named instances, one of them bigger
  cloudstack.cloud.instance_fleet:
    zone: zone-01
    template: Debian 12
    service_offering: Small Instance
    instances:
      - name: db-1
        service_offering: Large Instance
      - name: app-1
      - name: app-2

- name: Stop the web servers
  cloudstack.cloud.instance_fleet:
    count: 10
    name_pattern: web-{index:02d}
    state: stopped

- name: Remove them for good
  cloudstack.cloud.instance_fleet:
    count: 10
    name_pattern: web-{index:02d}
    state: absent
"""

RETURN = r"""
instances:
  description:
    - Every instance of the fleet, in order, with the keys of M(cloudstack.cloud.instance)'s result (C(id), C(name),
      C(state), C(zone), C(template), C(service_offering), C(networks), C(default_ip), C(tags), ...).
    - In check mode, an instance to deploy has only C(name), C(display_name) and C(state). After V(absent), an
      empty list.
  returned: success
  type: list
  elements: dict
  sample: [{"id": "04589590-ac63-4ffc-93f5-b698b8ac38b6", "name": "web-01", "state": "Running", "zone": "zone-01"}]
created:
  description: Names of the instances deployed (to deploy, in check mode).
  returned: success
  type: list
  elements: str
  sample: [web-01, web-02]
removed:
  description: Names of the instances expunged (to expunge, in check mode).
  returned: success
  type: list
  elements: str
  sample: []
started:
  description: Names of the existing instances started (or recovered).
  returned: success
  type: list
  elements: str
  sample: []
stopped:
  description: Names of the existing instances stopped.
  returned: success
  type: list
  elements: str
  sample: []
differences:
  description:
    - Existing instances whose settings differ from the task (left as they are), by name - each setting with
      its C(current) and C(wanted) value.
  returned: success
  type: dict
  sample: {"web-02": {"service_offering": {"current": "Small Instance", "wanted": "Medium Instance"}}}
failures:
  description: Every command of the task that failed, with the C(instance) (or the ids of the instances tagged) and
    CloudStack's C(error).
  returned: failure
  type: list
  elements: dict
job_ids:
  description: Ids of the jobs left running, with O(wait=false).
  returned: when jobs were left running
  type: list
  elements: str
api_calls:
  description: Number of CloudStack API requests the task made.
  returned: always
  type: int
  sample: 1
"""

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError
from ansible_collections.cloudstack.cloud.plugins.module_utils.instance_states import SETTLES_TO, TRANSITIONS
from ansible_collections.cloudstack.cloud.plugins.module_utils.instances import encode, facts
from ansible_collections.cloudstack.cloud.plugins.module_utils.module import CloudStackModule
from ansible_collections.cloudstack.cloud.plugins.module_utils.tags import tag_list, tags_map

# Per-instance settings: option -> (reference kind or None, API field of deployVirtualMachine).
SETTINGS = {
    "display_name": (None, "displayname"),
    "zone": ("zone", "zoneid"),
    "template": ("template", "templateid"),
    "service_offering": ("service_offering", "serviceofferingid"),
    "networks": ("network", "networkids"),
    "security_groups": ("security_group", "securitygroupids"),
    "affinity_groups": ("affinity_group", "affinitygroupids"),
    "ssh_keys": (None, "keypairs"),
    "tags": (None, None),
    "user_data": (None, "userdata"),
}
LISTS = ("networks", "security_groups", "affinity_groups", "ssh_keys")
GONE = ("Expunging", "Expunged")
SHOWN_FAILURES = 5  # in the message; every failure is in the failures return key
# The fleet's states as the instance module's state machine names them.
WALKS = {"present": "started", "started": "started", "stopped": "stopped", "absent": "expunged"}


def argument_spec():
    return dict(
        instances=dict(type="list", elements="dict"),
        count=dict(type="int"),
        name_pattern=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "started", "stopped", "absent"]),
        zone=dict(type="str"),
        template=dict(type="str"),
        service_offering=dict(type="str"),
        networks=dict(type="list", elements="str", aliases=["network"]),
        security_groups=dict(type="list", elements="str", aliases=["security_group"]),
        affinity_groups=dict(type="list", elements="str", aliases=["affinity_group"]),
        ssh_keys=dict(type="list", elements="str", aliases=["ssh_key"], no_log=False),
        tags=dict(type="raw", aliases=["tag"]),
        user_data=dict(type="str"),
        display_name=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
    )


class Fleet:
    """One run: the wanted instances, what exists, and the jobs that bring one to the other."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.lookup = module.lookup
        self.client = module.client
        self.changed = False
        self.wanted = self.wanted_instances()
        self.owner = self.owner_params()

    def fail(self, msg, **result):
        self.module.fail(msg, changed=self.changed, **result)

    def wanted_instances(self):
        """The fleet as a list of {name, settings...}: the common options overridden per instance."""
        common = dict((option, self.params[option]) for option in SETTINGS)
        if self.params["count"] is not None:
            if self.params["count"] < 0:
                self.fail("count must be 0 or more, got %s" % self.params["count"])
            try:
                names = [self.params["name_pattern"].format(index=index) for index in range(1, self.params["count"] + 1)]
            except (KeyError, IndexError, ValueError) as exc:
                self.fail("name_pattern %r: %s; it is a Python format string with {index}, e.g. web-{index:02d}" % (
                    self.params["name_pattern"], exc))
            given = [dict(name=name) for name in names]
        else:
            given = self.params["instances"]
        wanted, seen = [], set()
        for position, item in enumerate(given):
            unknown = sorted(set(item) - set(SETTINGS) - set(("name",)))
            if unknown or not item.get("name"):
                self.fail("instances[%d]: %s; each instance has a name and any of %s" % (
                    position, "unknown key(s) %s" % ", ".join(unknown) if unknown else "no name", ", ".join(sorted(SETTINGS))))
            name = str(item["name"])
            if name.lower() in seen:
                self.fail("instance name %r is given twice" % name)
            seen.add(name.lower())
            instance = dict(common, name=name, **dict((k, v) for k, v in item.items() if k != "name" and v is not None))
            for option in LISTS:
                if isinstance(instance[option], str):
                    instance[option] = [instance[option]]
            instance["tags"] = self.tag_map(instance["tags"], name)
            wanted.append(instance)
        return wanted

    def tag_map(self, tags, name):
        if tags is None or isinstance(tags, dict):
            return tags if tags is None else dict((str(k), str(v)) for k, v in tags.items())
        if isinstance(tags, list) and all(isinstance(tag, dict) and set(tag) == set(("key", "value")) for tag in tags):
            return tags_map(tags)
        self.fail("tags of instance %r must be a map of key: value, or a list of mappings with key and value; got %r" % (name, tags))

    def owner_params(self):
        params = {}
        if self.params["project"]:
            params["projectid"] = self.lookup.id("project", self.params["project"])
        if self.params["account"]:
            params["account"] = self.params["account"]
            params["domainid"] = self.lookup.id("domain", self.params["domain"])
        elif self.params["domain"]:
            params["domainid"] = self.lookup.id("domain", self.params["domain"])
        return params

    def existing(self):
        """The fleet's instances that exist, by lower-cased name, from one listing of the owner's instances (an
        instance given a zone is matched in that zone, by its name or id)."""
        scope = dict(self.owner) if self.owner else {"listall": True}
        if self.owner and "projectid" not in self.owner:
            scope["listall"] = True
        listed = self.client.list("listVirtualMachines", **scope) if self.wanted else []
        names = dict((instance["name"].lower(), instance) for instance in self.wanted)
        found = {}
        for vm in listed:
            instance = names.get(str(vm.get("name")).lower())
            if instance is None or vm.get("state") in GONE:
                continue
            if instance["zone"] and instance["zone"] not in (vm.get("zoneid"), vm.get("zonename")):
                continue
            if instance["name"].lower() in found:
                self.fail("instance name %r is ambiguous: several instances have it (%s, %s); name the account, project or zone" % (
                    instance["name"], found[instance["name"].lower()]["id"], vm["id"]))
            found[instance["name"].lower()] = vm
        return found

    def differences(self, instance, vm):
        """The task's settings that the existing instance does not have, compared by name or id (no lookup)."""
        out = {}
        current = facts(vm)
        singles = (("display_name", "displayname", "displayname"), ("zone", "zonename", "zoneid"),
                   ("template", "templatename", "templateid"), ("service_offering", "serviceofferingname", "serviceofferingid"))
        for option, name_key, id_key in singles:
            if instance[option] is not None and instance[option] not in (vm.get(name_key), vm.get(id_key)):
                out[option] = dict(current=vm.get(name_key), wanted=instance[option])
        groups = (("networks", [(n.get("networkname"), n.get("networkid")) for n in vm.get("nic") or []]),
                  ("security_groups", [(g.get("name"), g.get("id")) for g in vm.get("securitygroup") or []]),
                  ("affinity_groups", [(g.get("name"), g.get("id")) for g in vm.get("affinitygroup") or []]),
                  ("ssh_keys", [(key, key) for key in current["ssh_keys"]]))
        for option, pairs in groups:
            if instance[option] is not None and sorted(instance[option]) != sorted(
                    next((value for value in instance[option] if value in pair), pair[0]) for pair in pairs):
                out[option] = dict(current=[pair[0] for pair in pairs], wanted=instance[option])
        if instance["tags"] is not None and instance["tags"] != current["tags"]:
            out["tags"] = dict(current=current["tags"], wanted=instance["tags"])
        return out

    def deploy_params(self, instance):
        """deployVirtualMachine's parameters; the lookup's cache resolves each distinct value once."""
        for option in ("zone", "template", "service_offering"):
            if not instance[option]:
                self.fail("%s is required to deploy the instance %r" % (option, instance["name"]))
        zoneid = self.lookup.id("zone", instance["zone"])
        scopes = {"template": dict(zoneid=zoneid), "network": dict(zoneid=zoneid, projectid=self.owner.get("projectid")),
                  "security_group": dict(projectid=self.owner.get("projectid")),
                  "affinity_group": dict(projectid=self.owner.get("projectid"))}
        params = dict(self.owner, name=instance["name"])
        for option, (kind, api) in SETTINGS.items():
            value = instance[option]
            if value is None or api is None:
                continue
            if kind and option in LISTS:
                value = self.lookup.ids(kind, value, **scopes.get(kind, {}))
            elif kind:
                value = self.lookup.id(kind, value, **scopes.get(kind, {}))
            params[api] = ",".join(value) if isinstance(value, list) else value
        if params.get("userdata") is not None:
            params["userdata"] = encode(params["userdata"])
        if self.params["state"] == "stopped":
            params["startvm"] = False
        return params

    def submit(self, commands, failures):
        """Send every (key, command, params) without waiting; their jobs join ``self.jobs`` (awaited together by
        settle()). Refusals are collected as (key, error). Returns {key: CloudStack's answer}."""
        self.changed = self.changed or bool(commands)
        answers, sent = {}, dict((key, command) for key, command, _params in commands)
        for key, answer in self.client.submit_all(commands).items():
            if isinstance(answer, CloudStackApiError):
                failures.append((key, str(answer)))
                continue
            answers[key] = answer
            if isinstance(answer, dict) and answer.get("jobid"):
                self.jobs[key] = (sent[key], answer["jobid"])
        return answers

    def settle(self, failures):
        """With wait, one wait for every job submitted: {key: the job's result}, failures collected as (key, error);
        without, the job ids are returned (job_ids) and nothing is awaited."""
        jobs, self.jobs = self.jobs, {}
        if not self.params["wait"]:
            self.job_ids.extend(jobid for _command, jobid in jobs.values())
            return dict((key, {}) for key in jobs)
        done = {}
        for key, outcome in self.client.outcomes(jobs, self.params["wait_timeout"]).items():
            if isinstance(outcome, CloudStackApiError):
                failures.append((key, str(outcome)))
            else:
                done[key] = outcome
        return done

    def walk(self, found, failures):
        """The state changes of the existing instances, step by step: each step sent to every instance that needs it,
        then awaited together. Returns the names changed."""
        transitions = TRANSITIONS[WALKS[self.params["state"]]]
        plans = {}
        for key, vm in found.items():
            state = SETTLES_TO.get(vm.get("state"), vm.get("state"))
            if self.params["state"] != "absent" and state == "Error":
                failures.append((vm["name"], "instance is in state Error; expunge it (state=absent) and deploy again"))
            elif transitions.get(state):
                plans[key] = list(transitions[state])
        walked = list(plans)
        while plans and not self.module.check_mode:
            submissions = []
            for key in list(plans):
                step = plans[key].pop(0)
                submissions.append((found[key]["name"], step.command, dict(step.params, **{step.id_param: found[key]["id"]})))
                if not plans[key]:
                    del plans[key]
            answers = self.submit(submissions, failures)
            done = dict(answers, **self.settle(failures))
            plans = dict((key, steps) for key, steps in plans.items()
                         if found[key]["name"] in done and not any(failure[0] == found[key]["name"] for failure in failures))
        return [found[key]["name"] for key in walked]

    def tag_new(self, created, failures):
        """One createTags for each distinct tag set of the new instances (which exist as soon as CloudStack accepted
        their deployment): their jobs run with the deployments'."""
        groups = {}
        for instance in self.wanted:
            if instance["name"] in created and instance["tags"]:
                groups.setdefault(tuple(sorted(instance["tags"].items())), []).append(created[instance["name"]])
        commands = [(", ".join(ids), "createTags", dict(resourceids=",".join(ids), resourcetype="UserVm", tags=tag_list(dict(tags))))
                    for tags, ids in groups.items()]
        self.submit(commands, failures)

    def run(self):
        self.job_ids, self.jobs = [], {}
        found = self.existing()
        absent = self.params["state"] == "absent"
        missing = [] if absent else [instance for instance in self.wanted if instance["name"].lower() not in found]
        before = [dict(name=vm["name"], state=vm.get("state")) for vm in found.values()]
        differences = {} if absent else dict(
            (instance["name"], diff) for instance in self.wanted if instance["name"].lower() in found
            for diff in [self.differences(instance, found[instance["name"].lower()])] if diff)
        failures = []
        deployments = [(instance["name"], "deployVirtualMachine", self.deploy_params(instance)) for instance in missing]
        created = {}
        if not self.module.check_mode:
            answers = self.submit(deployments, failures)
            created = dict((name, answer.get("id")) for name, answer in answers.items() if answer.get("id"))
            self.tag_new(created, failures)
            settled = self.settle(failures)
            created = dict((name, vm_id) for name, vm_id in created.items() if name in settled or not self.params["wait"])
        walked = self.walk(found, failures)
        self.changed = self.changed or bool(missing or walked)
        instances = self.final(found, missing, walked)
        result = dict(
            changed=self.changed, instances=instances, differences=differences,
            created=[instance["name"] for instance in missing if self.module.check_mode or instance["name"] in created],
            removed=walked if absent else [],
            started=walked if self.params["state"] in ("present", "started") else [],
            stopped=walked if self.params["state"] == "stopped" else [],
            diff=dict(before=dict(instances=before),
                      after=dict(instances=[dict(name=vm["name"], state=vm["state"]) for vm in instances])))
        if self.job_ids:
            result["job_ids"] = self.job_ids
        if failures:
            shown = "; ".join("instance %s: %s" % failure for failure in failures[:SHOWN_FAILURES])
            more = " and %d more (see failures)" % (len(failures) - SHOWN_FAILURES) if len(failures) > SHOWN_FAILURES else ""
            self.module.fail("%d of the fleet's commands failed: %s%s" % (len(failures), shown, more),
                             failures=[dict(instance=key, error=error) for key, error in failures], **result)
        self.module.exit(**result)

    def final(self, found, missing, walked):
        """The fleet as it is now: read again once when something was sent, predicted in check mode."""
        if self.params["state"] == "absent":
            return []
        state = "Stopped" if self.params["state"] == "stopped" else "Running"
        if self.changed and not self.module.check_mode:
            found = self.existing()
        elif self.module.check_mode:
            found = dict((key, dict(vm, state=state) if vm["name"] in walked else vm) for key, vm in found.items())
        out = []
        for instance in self.wanted:
            vm = found.get(instance["name"].lower())
            if vm is not None:
                out.append(facts(vm))
            elif self.module.check_mode:
                out.append(dict(name=instance["name"], display_name=instance["display_name"] or instance["name"], state=state))
        return out


def main():
    module = CloudStackModule(
        argument_spec(), jobs=True, supports_check_mode=True,
        mutually_exclusive=[("instances", "count")], required_one_of=[("instances", "count")],
        required_together=[("count", "name_pattern")], required_by={"account": "domain"})
    fleet = None
    with module.errors(lambda: dict(changed=bool(fleet and fleet.changed))):
        fleet = Fleet(module)
        fleet.run()


if __name__ == "__main__":
    main()
