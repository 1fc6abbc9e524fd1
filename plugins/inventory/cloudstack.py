# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cloudstack
short_description: Apache CloudStack instances as an inventory
version_added: 0.1.0
description:
  - Lists the instances of one or several Apache CloudStack clouds (regions) and makes them
    inventory hosts with clean, snake_case host variables.
  - The source is a YAML file whose name ends in C(cloudstack.yml) or C(cloudstack.yaml), or in
    C(cloudstack-instances.yml) or C(cloudstack-instances.yaml) as for C(ngine_io.cloudstack.instance).
  - Sources written for C(ngine_io.cloudstack.instance) work with C(plugin) changed. Its options
    O(filter_by_zone), O(filter_by_domain), O(filter_by_project), O(filter_by_vpc), O(filter_by_tags),
    O(hostname) and O(validate_certs) are taken with the same meaning. Its host variables have other
    names here (see the collection's docs/inventory.md).
  - Filters the API can apply (zone, domain, account, project, a single state, tags) are sent
    to it; the rest (several states, the JMESPath O(filter)) is applied locally.
  - The instances are read in pages of 500 with C(listVirtualMachines) (which carry each
    instance's static NAT address), plus one paged C(listPortForwardingRules) per region and
    project selection, and one C(listHosts) per region for the pods when the caller sees hosts.
    No call is made per instance. Requests run concurrently (O(concurrency)), one client per thread.
  - Connection settings come, for each value, from the option, then the environment
    (E(CLOUDSTACK_ENDPOINT), E(CLOUDSTACK_KEY), E(CLOUDSTACK_SECRET), E(CLOUDSTACK_TIMEOUT),
    E(CLOUDSTACK_VERIFY), E(CLOUDSTACK_METHOD), E(CLOUDSTACK_REGION), E(CLOUDSTACK_CONFIG)), then the
    region section of C(cloudstack.ini), as for the modules of this collection.
author:
  - cloudstack.cloud contributors (@cloudstack)
requirements:
  - jmespath (only for O(filter))
extends_documentation_fragment:
  - cloudstack.cloud.cloudstack
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a source for this plugin.
    type: str
    required: true
    choices: [cloudstack.cloud.cloudstack]
  regions:
    description:
      - Several clouds or regions in one source. Each entry takes the connection options above
        (O(api_url), O(api_key), O(api_secret), O(api_region), O(api_config), O(api_timeout),
        O(api_http_method), O(api_verify_ssl_cert), O(validate_certs)), which override the top-level ones, and an
        optional C(name), the value of the C(region) host variable (default the ini region name).
      - Empty means one region given by the top-level options.
    type: list
    elements: dict
    default: []
  zones:
    description: Only instances in these zones (names or ids). Empty means every zone.
    type: list
    elements: str
    default: []
  domains:
    description:
      - Only instances in these domains and their subdomains. A domain is given by id, by path
        (C(ROOT/customers/acme)) or by name when the name is unique. Empty means every domain the
        caller can see.
    type: list
    elements: str
    default: []
  accounts:
    description:
      - Only instances owned by these accounts (names; within O(domains) when given). Project
        instances are owned by their project, so this narrows the instances outside projects.
    type: list
    elements: str
    default: []
  projects:
    description:
      - Instances of these projects (names or ids). C(all) selects every project the caller can
        see, in one query. Empty means no project instances.
    type: list
    elements: str
    default: []
  instances_outside_projects:
    description:
      - Also list the instances that belong to no project.
      - Defaults to V(true) when O(projects) is empty and V(false) otherwise.
    type: bool
  states:
    description:
      - Only instances in one of these states. One state is filtered by the API, several locally.
        Empty means every state.
    type: list
    elements: str
    default: [Running]
    choices: [Running, Stopped, Starting, Stopping, Migrating, Error, Unknown, Shutdown, Destroyed, Expunging]
  tags:
    description: Only instances that carry all these tags (key and value), filtered by the API.
    type: dict
    default: {}
  filter:
    description:
      - A JMESPath expression evaluated over the host variables of each instance (with
        O(hostvars_prefix)); instances for which it is false, null or empty are left out.
      - 'For example V(memory >= `2048` && contains(security_groups, ''web'')).'
    type: str
  hostnames:
    description:
      - Inventory host name, from the first of these sources that is not empty.
      - V(name), V(display_name), V(internal_name) (such as C(i-2-17-VM), root admins only), V(id),
        V(hostname) (the guest host name, the name in lower case), V(public_ip), V(private_ip),
        V(private_ipv6), V(nic:NETWORK) (IPv4 address on the network named NETWORK);
        anything else is a Jinja expression over the host variables, as in O(compose).
      - When none gives a name, the instance id is used.
      - Two instances with the same name both get C(_PROJECT) (or C(_ACCOUNT) outside projects)
        appended, then C(_ID) and C(_REGION) while that still is not unique, whatever the order the
        API lists them in.
    type: list
    elements: str
    default: [name]
  ansible_host_preference:
    description:
      - C(ansible_host) is the first of these addresses that the instance has.
      - V(public_ip) is the static NAT address, else the address of a port forwarding rule (then
        C(ansible_port) is the public port forwarded to O(ssh_port)); V(private_ip) and
        V(private_ipv6) are the addresses of the default NIC; V(hostname) is the instance's guest host
        name (its name in lower case), for name resolution by DNS.
    type: list
    elements: str
    default: [public_ip, private_ip]
    choices: [public_ip, private_ip, private_ipv6, hostname]
  ssh_port:
    description: The instance port that C(ansible_port) is looked up for among port forwarding rules.
    type: int
    default: 22
  include_ids:
    description:
      - Also set the ids of the zone, pod, host, template, service offering, project and domain
        (C(zone_id)...) and the internal name (C(internal_name)). The instance C(id) is always set.
      - Off by default because every string makes C(ansible-inventory --list) slower, about 0.3 s
        per 10,000 hosts each.
    type: bool
    default: false
  hostvars_prefix:
    description:
      - Prefix of the host variable names, for example C(cs_). Expressions (O(filter), O(compose),
        O(groups), O(keyed_groups), O(hostnames)) see the variables with their prefix.
    type: str
    default: ''
  concurrency:
    description: Maximum number of API requests in flight at once.
    type: int
    default: 4
  filter_by_zone:
    description:
      - The option of C(ngine_io.cloudstack.instance) for O(zones) with one zone (name or id).
      - Give one or the other.
    type: str
  filter_by_domain:
    description:
      - The option of C(ngine_io.cloudstack.instance) for O(domains) with one domain (name, path or id).
        Its subdomains are included, as in O(domains).
      - Give one or the other.
    type: str
  filter_by_project:
    description:
      - The option of C(ngine_io.cloudstack.instance) for O(projects) with one project (name or id),
        so only that project's instances.
      - Give one or the other.
    type: str
  filter_by_vpc:
    description:
      - Only instances with a NIC on a tier of this VPC (name or id), filtered by the API.
      - The option of C(ngine_io.cloudstack.instance).
    type: str
  filter_by_tags:
    description:
      - The option of C(ngine_io.cloudstack.instance) for O(tags), as a list of C(key) and C(value).
      - Give one or the other.
    type: list
    elements: dict
  hostname:
    description:
      - The option of C(ngine_io.cloudstack.instance) that picks C(ansible_host) (not the host name).
        V(v4_default_ip) is O(ansible_host_preference=[private_ip]), V(v4_public_ip) is
        O(ansible_host_preference=[public_ip]), V(hostname) is O(ansible_host_preference=[hostname]).
      - Give one or the other.
    type: str
    choices: [v4_default_ip, v4_public_ip, hostname]
"""

EXAMPLES = r"""
# cloudstack.yml: every running instance the credentials of CLOUDSTACK_* or cloudstack.ini can see
plugin: cloudstack.cloud.cloudstack

---
# prod.cloudstack.yml: two regions, some projects, groups by zone and tag, cached for an hour
plugin: cloudstack.cloud.cloudstack
regions:
  - name: eu
    api_region: eu-west
  - name: us
    api_url: https://us.cloud.example.com/client/api
    api_config: ~/.config/cloudstack-us.ini
projects: [web, db]
states: [Running, Stopped]
tags:
  env: prod
filter: "contains(security_groups, 'ssh')"
hostnames:
  - instance_tags.fqdn
  - name
ansible_host_preference: [public_ip, private_ip]
hostvars_prefix: cs_
keyed_groups:
  - key: cs_zone
    prefix: zone
  - key: cs_instance_tags
    prefix: tag
groups:
  big: cs_memory >= 8192
compose:
  ansible_user: "'debian'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ansible-inventory
cache_timeout: 3600
"""

import functools
import json
import re
import threading
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import ansible.template
from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import (
    CS_IMPORT_ERROR, HAS_CS, CloudStackApiError, CloudStackClient)
from ansible_collections.cloudstack.cloud.plugins.module_utils import instances
from ansible_collections.cloudstack.cloud.plugins.module_utils.config import CloudStackConfigError, resolve_config
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import Lookup, LookupFailed

try:
    import jmespath
    HAS_JMESPATH = True
except ImportError:
    HAS_JMESPATH = False

PAGE_SIZE = 500
# CloudStack's answer to a command the caller's role does not allow (or the cloud does not have)
UNAVAILABLE_COMMAND = 432
CACHE_FORMAT = 2
ALL_PROJECTS = "all"
# what listVirtualMachines returns: groups, NICs, security groups, template, offering, affinity
# groups; never stats, volumes or ISOs, which cost the management server a query per instance
VM_DETAILS = "group,nics,secgrp,tmpl,servoff,affgrp"
CONNECTION_OPTIONS = ("api_url", "api_key", "api_secret", "api_region", "api_config", "api_timeout",
                      "api_http_method", "api_verify_ssl_cert", "validate_certs")
# a bare variable reference such as ``zone`` or ``instance_tags.env``, looked up without Jinja
VARIABLE_PATH = re.compile(r"^\s*[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\s*$")
VARIABLE_NAME = re.compile(r"^[A-Za-z_]\w*$")
JINJA_LITERALS = ("true", "false", "none", "True", "False", "None")
# set only with include_ids: each string value costs ansible-inventory about 30 us per host to write out
ID_FACTS = frozenset(("internal_name", "zone_id", "pod_id", "host_id", "template_id", "service_offering_id",
                      "project_id", "domain_id"))
# ngine_io.cloudstack.instance's options -> (ours, how a value of theirs becomes one of ours)
NGINE_IO_ANSIBLE_HOST = {"v4_default_ip": "private_ip", "v4_public_ip": "public_ip", "hostname": "hostname"}
NGINE_IO_OPTIONS = {
    "filter_by_zone": ("zones", lambda zone: [zone]),
    "filter_by_domain": ("domains", lambda domain: [domain]),
    "filter_by_project": ("projects", lambda project: [project]),
    "filter_by_tags": ("tags", lambda tags: dict((tag.get("key"), tag.get("value")) for tag in tags)),
    "hostname": ("ansible_host_preference", lambda source: [NGINE_IO_ANSIBLE_HOST[source]]),
}
# hostnames keyword -> host variable
HOSTNAME_FACTS = {"name": "instance_name", "display_name": "display_name", "internal_name": "internal_name", "id": "id",
                  "public_ip": "public_ip", "private_ip": "default_ip", "private_ipv6": "default_ip6"}
# ansible_host_preference keyword -> host variable
ADDRESS_FACTS = {"public_ip": "public_ip", "private_ip": "default_ip", "private_ipv6": "default_ip6"}


def could_be_template(text):
    """Whether Jinja could run ``text``: it holds a delimiter character, or a ``#jinja2:`` header that sets others."""
    return "{" in text or "}" in text or "#jinja2:" in text


# ansible-core 2.19 and later tag data: a string is templated only when tagged trusted, and
# ansible-inventory --list writes every string not tagged trusted as {"__ansible_unsafe": ...}
DATA_TAGGING = hasattr(ansible.template, "trust_as_template")

if DATA_TAGGING:
    from ansible.template import trust_as_template

    # one tagged copy of each text: zones, templates, offerings, states... repeat on every host
    plain_text = functools.lru_cache(maxsize=1 << 16)(trust_as_template)

    def untrusted_text(text):
        return text

    SAFE_SCALARS = (bool, int, float)
else:
    from ansible.utils.unsafe_proxy import AnsibleUnsafe, AnsibleUnsafeText as untrusted_text

    def plain_text(text):
        return text

    SAFE_SCALARS = (AnsibleUnsafe, bool, int, float)


def as_data(value):
    """``value`` (strings, lists and dicts of them, keys too) as data that no template can come out of.

    A string that could be a template (could_be_template) is left untrusted: under ansible-core
    2.19 by not tagging it trusted, under older cores (which template any string that reaches a
    play) by wrapping it as AnsibleUnsafeText, as community.general's make_unsafe does. Any other
    string cannot run, whatever it is templated with: under 2.19 it is tagged trusted, as a static
    source's strings are, so that ``ansible-inventory --list --export`` (what AWX imports) writes it
    as a plain string instead of ``{"__ansible_unsafe": ...}``; older cores leave it plain. The
    exact types the API gives are tested first: this runs for every value of every host.
    """
    kind = type(value)
    if kind is str:
        return untrusted_text(value) if could_be_template(value) else plain_text(value)
    if kind is dict:
        return {as_data(key): as_data(item) for key, item in value.items()}
    if kind is list:
        return [as_data(item) for item in value]
    if value is None or isinstance(value, SAFE_SCALARS):
        return value
    if isinstance(value, str):  # a str subclass: from Jinja under older cores; under 2.19 tagged by it, kept so
        return value if DATA_TAGGING else as_data(str.__str__(value))
    if isinstance(value, Mapping):
        return {as_data(key): as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(item) for item in value]
    return value


def instance_facts(vm, region):
    """The host variables of one listVirtualMachines item: the instance's vocabulary (instances.facts), with the
    names Ansible reserves renamed (name, tags), and where it is (region, pod) and its port forwarding."""
    facts = instances.facts(vm)
    facts["instance_name"] = facts.pop("name")
    facts["instance_tags"] = facts.pop("tags")
    facts.update(region=region, pod=None, pod_id=None, port_forwarding=[])
    return facts


def add_public_addresses(facts, forwarding_rules, ssh_port):
    """Set port_forwarding from the region's rules, and public_ip when the instance has no static NAT.

    public_ip is the static NAT address listVirtualMachines gives; else the address of a rule to
    ``ssh_port``; else the address of any rule (the lowest, so the choice does not depend on API order).
    """
    rules = sorted(({
        "public_ip": rule.get("ipaddress"),
        "public_port": int(rule.get("publicport")),
        "public_end_port": int(rule.get("publicendport") or rule.get("publicport")),
        "private_port": int(rule.get("privateport")),
        "private_end_port": int(rule.get("privateendport") or rule.get("privateport")),
        "protocol": rule.get("protocol"),
    } for rule in forwarding_rules.get(facts["id"], [])),
        key=lambda r: (r["public_ip"], r["public_port"], r["protocol"]))
    facts["port_forwarding"] = rules
    if not facts["public_ip"] and rules:
        ssh_rules = [r for r in rules if forwards(r, ssh_port)]
        facts["public_ip"] = (ssh_rules or rules)[0]["public_ip"]


def forwards(rule, port):
    return (rule["protocol"] or "").lower() == "tcp" and rule["private_port"] <= port <= rule["private_end_port"]


def forwarded_port(facts, address, ssh_port):
    """The public port that reaches ``ssh_port`` of the instance through ``address``, or None."""
    for rule in facts["port_forwarding"]:
        if rule["public_ip"] == address and forwards(rule, ssh_port):
            return rule["public_port"] + ssh_port - rule["private_port"]
    return None


def unique_names(names, facts_list):
    """Make clashing host names unique whatever the listing order.

    Every name that clashes gets the owner (project, else account) appended, then, if it still
    clashes, the instance id, then the region (clouds cloned from one another share ids).
    """
    qualifiers = (lambda facts: facts.get("project") or facts.get("account"), lambda facts: facts["id"],
                  lambda facts: facts["region"])
    for qualifier in qualifiers:
        counts = Counter(names)
        names = [name if counts[name] == 1 else "%s_%s" % (name, qualifier(facts))
                 for name, facts in zip(names, facts_list)]
    return names


class Region:
    """One cloud endpoint: a label (the ``region`` host variable) and the settings for cs."""

    def __init__(self, label, config):
        self.label = label
        self.config = config


class ThreadClients:
    """One CloudStackClient per thread and region (a cs client is not shared between threads)."""

    def __init__(self, logger):
        self.logger = logger
        self.local = threading.local()
        self.lock = threading.Lock()
        self.created = []

    def get(self, region):
        clients = self.local.__dict__.setdefault("clients", {})
        if region.label not in clients:
            clients[region.label] = CloudStackClient(region.config, logger=self.logger)
            with self.lock:
                self.created.append(clients[region.label])
        return clients[region.label]

    @property
    def calls(self):
        return sum(client.calls for client in self.created)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "cloudstack.cloud.cloudstack"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ("cloudstack.yml", "cloudstack.yaml", "cloudstack-instances.yml", "cloudstack-instances.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        if not HAS_CS:
            raise AnsibleError("the cloudstack.cloud.cloudstack inventory needs the Python library cs: %s" % CS_IMPORT_ERROR)
        config = self._read_config_data(path)
        unknown = sorted(set(config) - set(self._options))
        if unknown:  # Ansible ignores them: a misspelt filter would silently list everything
            raise AnsibleError("%s: unknown option(s) %s; see ansible-doc -t inventory %s"
                               % (path, ", ".join(unknown), self.NAME))
        self.map_ngine_io_options(config)
        self.validate_options()

        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        instances = None
        if use_cache:
            cached = self._cache.get(cache_key)
            if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT:
                instances = json.loads(cached["instances"])
            else:
                update_cache = True
        if instances is None:
            instances = self.fetch_instances()
        if update_cache:
            # One JSON document: cache plugins walk every value they store and load, seconds at
            # 10,000 instances; a single string costs them nothing.
            self._cache[cache_key] = {"format": CACHE_FORMAT, "instances": json.dumps(instances)}
        self.populate(instances)

    # configuration

    def map_ngine_io_options(self, config):
        """Set our options from ngine_io.cloudstack.instance's (a source written for it keeps its meaning)."""
        for theirs, (ours, convert) in NGINE_IO_OPTIONS.items():
            if config.get(theirs) is None:
                continue
            if ours in config:
                raise AnsibleError("%s and %s mean the same; give only one" % (theirs, ours))
            if theirs == "filter_by_tags" and not all(isinstance(tag, Mapping) and set(tag) == {"key", "value"}
                                                      for tag in config[theirs]):
                raise AnsibleError("filter_by_tags: each entry must be {key: ..., value: ...}, got %r" % (config[theirs],))
            self.set_option(ours, convert(self.get_option(theirs)))

    def validate_options(self):
        if not VARIABLE_NAME.match(self.get_option("hostvars_prefix") + "x"):
            raise AnsibleError("hostvars_prefix: %r does not make valid variable names; use letters, digits and _, "
                               "not starting with a digit" % self.get_option("hostvars_prefix"))
        if self.get_option("concurrency") < 1:
            raise AnsibleError("concurrency must be at least 1, got %s" % self.get_option("concurrency"))
        self.filter = None
        if self.get_option("filter"):
            if not HAS_JMESPATH:
                raise AnsibleError("filter needs the Python library jmespath")
            try:
                self.filter = jmespath.compile(self.get_option("filter"))
            except jmespath.exceptions.JMESPathError as exc:
                raise AnsibleError("filter: %r is not a valid JMESPath expression: %s" % (self.get_option("filter"), exc))
        for source in self.get_option("hostnames"):
            if source.startswith("nic:") and not source[4:]:
                raise AnsibleError("hostnames: %r names no network; write nic:NETWORK_NAME" % source)
        self.regions = self.configured_regions()

    def configured_regions(self):
        top = dict((option, self.get_option(option)) for option in CONNECTION_OPTIONS)
        entries = self.get_option("regions") or [{}]
        regions = []
        for index, entry in enumerate(entries):
            where = "regions[%d]" % index if self.get_option("regions") else "connection"
            if not isinstance(entry, dict):
                raise AnsibleError("%s: expected a mapping of connection options, got %r" % (where, entry))
            unknown = sorted(set(entry) - set(CONNECTION_OPTIONS) - set(["name"]))
            if unknown:
                raise AnsibleError("%s: unknown option(s) %s; allowed: name, %s" % (where, ", ".join(unknown), ", ".join(CONNECTION_OPTIONS)))
            options = dict(top)
            options.update((key, value) for key, value in entry.items() if key != "name" and value is not None)
            try:
                config = resolve_config(options)
            except CloudStackConfigError as exc:
                raise AnsibleError("%s: %s" % (where, exc))
            regions.append(Region(str(entry.get("name") or config["name"]), config))
        labels = Counter(region.label for region in regions)
        clashing = sorted(label for label, count in labels.items() if count > 1)
        if clashing:
            raise AnsibleError("regions: several entries are named %s; give each a distinct name" % ", ".join(clashing))
        return regions

    # reading the clouds

    def fetch_instances(self):
        """Every instance in scope, as host variable dicts with public addresses and pods set."""
        self.clients = ThreadClients(self.display.vvvv)
        with ThreadPoolExecutor(max_workers=self.get_option("concurrency")) as pool:
            self.pool = pool
            try:
                return self.read_regions()
            except CloudStackApiError as exc:
                raise AnsibleError("CloudStack inventory: %s" % exc)
            finally:
                self.display.vvv("cloudstack inventory: %d API calls" % self.clients.calls)

    def read_regions(self):
        scopes = []
        for region, region_scopes in zip(self.regions, self.pool.map(self.region_scopes, self.regions)):
            scopes.extend((region, params) for params in region_scopes)

        pending = {}
        for index, (region, params) in enumerate(scopes):
            pending[self.pool.submit(self.vm_page, region, params, 1)] = ("vms", region, index, 1)
        # port forwarding rules: one listing per region and project selection
        project_selections = sorted(set((region.label, params.get("projectid")) for region, params in scopes), key=str)
        by_label = dict((region.label, region) for region in self.regions)
        for label, projectid in project_selections:
            pending[self.pool.submit(self.forwarding_rules, by_label[label], projectid)] = ("forwarding", by_label[label], None, None)

        pages, forwarding, pods, hosts_asked = {}, {}, {}, set()
        while pending:
            done = wait(pending, return_when=FIRST_COMPLETED).done
            for future in done:
                kind, region, index, page = pending.pop(future)
                result = future.result()
                if kind == "vms":
                    count, facts = result
                    pages[(index, page)] = facts
                    if page == 1:
                        for more in range(2, -(-count // PAGE_SIZE) + 1):
                            pending[self.pool.submit(self.vm_page, region, scopes[index][1], more)] = ("vms", region, index, more)
                    if region.label not in hosts_asked and any(f["host_id"] for f in facts):
                        hosts_asked.add(region.label)
                        pending[self.pool.submit(self.host_pods, region)] = ("pods", region, None, None)
                elif kind == "forwarding":
                    for vm_id, rules in result.items():
                        forwarding.setdefault(region.label, {}).setdefault(vm_id, []).extend(rules)
                else:
                    pods[region.label] = result

        instances, seen = [], set()
        for key in sorted(pages):
            for facts in pages[key]:
                if (facts["region"], facts["id"]) in seen:  # overlapping scopes (a domain and its subdomain)
                    continue
                seen.add((facts["region"], facts["id"]))
                add_public_addresses(facts, forwarding.get(facts["region"], {}), self.get_option("ssh_port"))
                facts["pod_id"], facts["pod"] = pods.get(facts["region"], {}).get(facts["host_id"], (None, None))
                instances.append(facts)
        return instances

    def region_scopes(self, region):
        """The listVirtualMachines parameter sets that together cover the configured scope."""
        lookup = Lookup(self.clients.get(region), where="region %s" % region.label)
        base = {"listall": True, "details": VM_DETAILS}
        if len(self.get_option("states")) == 1:
            base["state"] = self.get_option("states")[0]
        if self.get_option("tags"):
            base["tags"] = [{"key": key, "value": value} for key, value in sorted(self.get_option("tags").items())]

        zones = [{}]
        if self.get_option("zones"):
            zones = [{"zoneid": zone["id"]} for zone in self.select(lookup, "zones", "zone", self.get_option("zones"))]

        domains = self.select(lookup, "domains", "domain", self.get_option("domains")) if self.get_option("domains") else []
        owners = [{"domainid": domain["id"], "isrecursive": True} for domain in domains] or [{}]
        if self.get_option("accounts"):
            owners = [{"account": account["name"], "domainid": account["domainid"]}
                      for account in self.select_accounts(lookup, domains)]

        if self.get_option("filter_by_vpc"):
            [vpc] = self.select(lookup, "filter_by_vpc", "vpc", [self.get_option("filter_by_vpc")])
            base["vpcid"] = vpc["id"]

        projects = []
        names = [name for name in self.get_option("projects") if name != ALL_PROJECTS]
        if ALL_PROJECTS in self.get_option("projects"):
            projects.append({"projectid": "-1"})
        if names:
            projects.extend({"projectid": project["id"]} for project in self.select(lookup, "projects", "project", names))
        outside = self.get_option("instances_outside_projects")
        if outside is None:
            outside = not self.get_option("projects")

        scopes = []
        for zone in zones:
            if outside:
                scopes.extend(dict(base, **dict(zone, **owner)) for owner in owners)
            for project in projects:
                # accounts own no project instances: only their domains narrow a project scope
                owner_domains = [{"domainid": d["id"], "isrecursive": True} for d in domains] or [{}]
                scopes.extend(dict(base, **dict(zone, **dict(owner, **project))) for owner in owner_domains)
        return scopes

    @staticmethod
    def select(lookup, option, kind, values):
        """The resources the option names, resolved as the modules resolve references (lookup.Lookup.select)."""
        try:
            return lookup.select(kind, values)
        except LookupFailed as exc:
            raise AnsibleError("%s: %s" % (option, exc))

    def select_accounts(self, lookup, domains):
        """Every account of each name within ``domains`` and their subdomains (a name may be in several)."""
        accounts = lookup.listing("account")
        if domains:
            paths = [domain["path"] for domain in domains]
            accounts = [account for account in accounts if any(
                (account.get("domainpath") or "") == path or (account.get("domainpath") or "").startswith(path + "/")
                for path in paths)]
        found = []
        for name in self.get_option("accounts"):
            matches = [account for account in accounts if account.get("name") == name]
            if not matches:
                raise AnsibleError("accounts: account %r not found%s in %s; existing: %s" % (
                    name, " in domains %s" % ", ".join(self.get_option("domains")) if domains else "", lookup.where,
                    ", ".join(sorted(set(account.get("name") for account in accounts))) or "none"))
            found.extend(matches)
        return found

    def vm_page(self, region, params, page):
        data = self.clients.get(region).call("listVirtualMachines", page=page, pagesize=PAGE_SIZE, **params)
        return data.get("count", 0), [instance_facts(vm, region.label) for vm in data.get("virtualmachine", [])]

    def optional_list(self, region, command, what, **params):
        """A listing that only adds details: a role without the command means going without them."""
        try:
            return self.clients.get(region).list(command, **params)
        except CloudStackApiError as exc:
            if exc.errorcode != UNAVAILABLE_COMMAND:
                raise
            self.display.warning("cloudstack inventory: %s is not available to this user in region %s, so %s are not "
                                 "known" % (command, region.label, what))
            return []

    def forwarding_rules(self, region, projectid):
        """instance id -> its port forwarding rules."""
        rules = {}
        for rule in self.optional_list(region, "listPortForwardingRules", "port forwarding addresses",
                                       listall=True, projectid=projectid):
            if rule.get("virtualmachineid"):
                rules.setdefault(rule["virtualmachineid"], []).append(rule)
        return rules

    def host_pods(self, region):
        """hypervisor host id -> (pod id, pod name)."""
        hosts = self.optional_list(region, "listHosts", "pods", type="Routing")
        return dict((host["id"], (host.get("podid"), host.get("podname"))) for host in hosts)

    # building the inventory

    def _compose(self, template, variables, disable_lookups=...):
        """Look bare variable references (``zone``, ``instance_tags.env``) up directly.

        Ansible compiles an expression anew for every host, about a millisecond each: at 10,000
        hosts that is seconds per keyed group. Anything else, or a reference that is not there
        (for the error or undefined behaviour), goes to Jinja as usual, and what it builds from
        the API's strings (host names, composed variables, keyed group keys) stays untrusted.
        (Group names cannot carry a template: constructed replaces every non-word character.)
        """
        if isinstance(template, str) and VARIABLE_PATH.match(template) and not self.get_option("use_extra_vars"):
            value, parts = variables, template.strip().split(".")
            if parts[0] not in JINJA_LITERALS:
                for part in parts:
                    # Jinja prefers attributes (dict methods such as items) to keys: leave those to it
                    if not isinstance(value, Mapping) or part not in value or hasattr(dict, part):
                        break
                    value = value[part]
                else:
                    return value
        return as_data(super(InventoryModule, self)._compose(template, variables))

    def populate(self, instances):
        states = set(self.get_option("states"))
        prefix = self.get_option("hostvars_prefix")
        strict = self.get_option("strict")
        omitted = () if self.get_option("include_ids") else ID_FACTS
        selected = []
        for facts in instances:
            if states and facts["state"] not in states:
                continue
            facts = as_data(facts)  # once per value, fresh or cached, before anything reads it
            hostvars = dict(facts)
            for key in omitted:
                del hostvars[key]
            if prefix:
                hostvars = dict((prefix + key, value) for key, value in hostvars.items())
            if self.filter is not None and not self.filter.search(hostvars):
                continue
            selected.append((facts, hostvars))

        names = unique_names([self.host_name(facts, hostvars, strict) for facts, hostvars in selected],
                             [facts for facts, hostvars in selected])
        for name, (facts, hostvars) in zip(names, selected):
            name = as_data(name)  # inventory_hostname: Ansible templates it when a play reads it
            self.inventory.add_host(name)
            # Straight into the host's variables: InventoryManager's set_variable deep-copies every
            # value to tag its origin and checks every name, about 0.7 ms per host here. The names
            # are valid (hostvars_prefix is checked) and the values went through as_data: never templated.
            host = self.inventory.get_host(name)
            host.vars.update(hostvars)
            self.set_ansible_host(host, facts)
            self._set_composite_vars(self.get_option("compose"), hostvars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, name, strict=strict)

    def host_name(self, facts, hostvars, strict):
        for source in self.get_option("hostnames"):
            if source in HOSTNAME_FACTS:
                value = facts[HOSTNAME_FACTS[source]]
            elif source == "hostname":
                value = (facts["instance_name"] or "").lower()
            elif source.startswith("nic:"):
                value = next((nic["ip"] for nic in facts["nics"] if nic["network"] == source[4:]), None)
            else:
                try:
                    value = self._compose(source, hostvars)
                except Exception as exc:
                    if strict:
                        raise AnsibleError("hostnames: %r failed for instance %s: %s" % (source, facts["id"], exc))
                    value = None
            if value:
                return str(value)
        return facts["id"]

    def set_ansible_host(self, host, facts):
        ssh_port = self.get_option("ssh_port")
        for source in self.get_option("ansible_host_preference"):
            address = as_data((facts["instance_name"] or "").lower()) if source == "hostname" else facts[ADDRESS_FACTS[source]]
            if address:
                host.set_variable("ansible_host", address)
                port = forwarded_port(facts, address, ssh_port) if source == "public_ip" else None
                if port is not None:
                    host.set_variable("ansible_port", port)
                return
