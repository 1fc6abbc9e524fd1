# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: a module declares its resource as data, the engine does the rest.

A declaration is a ``Resource`` made of ``Field`` objects::

    RESOURCE = Resource(
        "zone", list_command="listZones", create_command="createZone",
        update_command="updateZone", delete_command="deleteZone",
        fields=[
            Field("name", "name", required=True),            # create and update: name
            Field("network_type", "networktype", update=None, choices=["Basic", "Advanced"]),
            Field("dhcp_provider", "dhcpprovider", create=None),  # update only
            Field("domain", "domainid", ref="domain", update=None),  # a name resolved to an id
        ],
        states={"present": {}, "enabled": {"allocation_state": "Enabled"}},
    )

    def main():
        RESOURCE.run()

The engine then gives: the argument spec (fields + ``state`` + connection options), finding the
resource (by ``id`` when the declaration has an ``id`` field and it is given, else by exact
``name`` within the ``scope`` list parameters), check mode, ``--diff`` (before/after of the
declared fields), idempotency (only fields whose wanted value differs from what the API returns
are sent), create-only fields (a difference fails naming the field, current and wanted value),
update-only fields (sent by a follow-up update after the create), references by name resolved to
ids, and a uniform result: the resource with snake_case keys, ``changed``, ``api_calls``.

In check mode, a reference that resolves to nothing (``lookup.NotFound``: a zone, a physical network, a
pod...) does not fail a present state: an earlier task of the same check run may only have pretended to
create it, so the engine predicts the resource's creation from the task's options, with a warning naming
what is missing (``Engine.awaiting_parent``). A whole data center can so be planned with ``--check --diff``.

A ``Field(option, api, ...)``:
- ``api``: the parameter name for create and update; ``create=``/``update=`` override it for one
  of them, ``None`` meaning "not accepted there" (``update=None``: create-only field).
- ``returned``: the response key compared with the option (default: the api name).
- ``type``/``elements``/``choices``/``aliases``/``default``/``no_log``: the argument spec (``no_log`` is
  declared for every option, False unless the field says it is secret);
  ``required``: needed to create (not to find or delete). Strings compare exactly, except with ``choices`` (case-insensitive) or
  ``ignore_case=True``; lists compare as sorted sets and are sent comma-joined; ``dict`` is a map, compared as a
  subset of what the API returns (CloudStack adds keys of its own), or whole with ``whole=True`` (a map the
  update replaces: a key the task leaves out is a difference); ``clear``: the update's flag that empties the map
  (CloudStack ignores an empty one), sent ``true`` for an empty map.
- ``options`` (a ``dict``, or a ``list`` of ``dict`` elements): the argument spec of its suboptions, which Ansible then
  validates (types, choices, defaults); a hook interprets the value (e.g. a security group's rules).
- ``key_value_list=True`` (a ``dict``): the option also takes a list of ``{key: K, value: V}`` dicts (ngine_io's form;
  CloudStack reads both); either is sent as one map.
- ``result_list=True`` (a ``list``): the result holds the comma-separated value the API returns as a list.
- ``ref``: a kind known to lookup.REFERENCES; the option holds name(s) or id(s), the API gets ids.
- ``ref_name``: the response key naming the referenced resource (``zonename``; for a ``list``, the key of the
  names in the order of the ids): when the found resource already holds the wanted reference (by that name or by
  id), its id is taken without a lookup. Create-only references that are never compared are only resolved to
  create. A scope reference of a kind that only narrows a listing (a zone, pod, cluster or physical network) given
  by name is then not looked up to find the resource either: the listing leaves it out and matches that key
  (``Engine.deferrable``), so a re-run that changes nothing makes one list call.
- ``ref_scope``: {list parameter: option}: look the reference up first among those of the task's
  other values (an instance's networks in its zone and project), then among all the caller sees
  (a shared network is not listed under a project); those options are resolved first.
- ``compare=False``: a value the API never returns (a password): sent at creation, never compared. A ``no_log``
  field that is compared (a secret the API returns) shows in --diff only as changed, never with its value.
- ``empty``: what an update sends for an empty list (``public`` for an offering's domains, ``all``
  for its zones); a create leaves empty lists out.
- ``internal=True`` fields have no module option: only ``states`` set them (e.g. allocation state).
- ``read``/``write``: a value CloudStack returns elsewhere than under one key (a zone's DNS search order, kept in its
  ``resourcedetails``): ``read(resource)`` gives it, ``write(resource, value)`` puts a predicted one there; ``returned``
  then names the response key it is read from (never renamed after the option in the result).
- ``unreturned=True``: a value the update command takes but the API never returns (a zone's sort key): never
  compared, so never a change on its own; sent with the follow-up update after a create and with any other update.
- ``ordered=True`` (a ``list``): the order matters (a DNS search order): compared as a sequence, not as a set.

A ``Resource`` also declares (see its ``__init__``):
- ``unique_name=True``: names are meant to be unique but CloudStack does not enforce it (offerings). After a
  create, the engine lists the name again; when two runs created it at once, the run whose resource is the later
  one (by ``created``, then id) deletes its own and reports the survivor, with a warning. ``created`` counts
  seconds: on a tie, the earlier by id waits up to ``TIE_WAIT`` for the other run to delete its own (see
  ``Engine.settle_duplicates``). A create whose answer was lost never deletes: it cannot tell which is its own.
- ``chosen_id=True``: the ``id`` option is chosen at creation (a region's number), so an unknown id creates the
  resource with it instead of failing.
- ``required=("option", ...)``: options every task must give, whatever its state (the role of a role permission);
  a field's ``required`` only says what creating needs.
- ``renames``: {response key: result key} (the rest go through snake_case), or a function that builds the result
  from the resource as CloudStack returns it (a vocabulary shared with other plugins, e.g. instances.described).
- ``name_param="keyword"``: the list parameter that finds the resource by name when the list command has no ``name``
  (CloudStack's ``keyword`` matches part of the name; the engine keeps the exact matches).
- ``identity="username"``: the option that names the resource when it is not ``name`` (a user's username, a
  domain's path): required, like ``name`` is; a ``find`` hook finds the resource by it.
- ``since={"command" or "command.parameter": "version"}``: what the module uses that CloudStack 4.18, the
  oldest supported, does not have, with the version that brought it (tests check everything else against 4.18).
- ``recreate="force"``: the option (a bool field) that lets a task whose create-only fields differ delete the
  resource and create it anew (another id) instead of failing; a ``prepare_create`` hook finds the deleted one in
  ``engine.replaced`` (to keep what the task leaves to CloudStack, such as an address).
- ``jobs=True``: the create, update and delete commands are CloudStack jobs; the module takes ``wait`` (alias
  ``poll_async``, ngine_io's name) with ``wait_timeout`` and ``poll_interval`` (doc fragments
  ``cloudstack.cloud.cloudstack.wait`` and ``cloudstack.cloud.cloudstack.jobs``). With ``wait=false`` the engine
  sends them without awaiting their jobs, reads the resource back as CloudStack has it meanwhile and returns the
  last job's id as ``job_id``; hooks choose for their own commands (``engine.write(..., wait=engine.waiting)``).
- ``lost_secret=LostSecret(what, renew, unless=None)``: the create's answer carries a secret CloudStack never
  returns again (an SSH private key, a generated password). When that answer is lost but the create was
  applied (the engine finds the resource on its re-check), the run reports the resource with a warning that
  says how to get a new secret (``renew``); ``unless`` names an option that means no secret was made.

Hooks (``hooks={"name": callable}``) plug in behaviour that truly differs; each gets the
``Engine`` (``engine.params``, ``engine.client``, ``engine.lookup``, ``engine.check_mode``,
``engine.write(command, wait=True, **params)`` which marks the run changed and does nothing in check
mode (``wait=False`` returns an async command's ``{"jobid", "id"}`` without waiting for the job),
``engine.write_all([(command, params), ...])`` (writes CloudStack can work on at once: sent, then awaited together),
``engine.scope_params(named)`` and ``engine.in_scope(item, named)`` (a ``find`` hook's search within the scope),
``engine.find()`` (``engine.find_listed()``: the search a ``find`` hook replaces), ``engine.extract(answer)`` (the resource in a command's answer),
``engine.note(option, before, after)`` (record a change in --diff), ``engine.remains(resource)`` (a delete
hook leaves the resource in place, e.g. a destroyed but recoverable instance: --diff shows it as left),
``engine.warn(msg)``, ``engine.fail(msg)``):
- ``find(engine) -> dict|None``: locate the resource another way (e.g. within an account).
- ``read(engine, resource) -> dict``: the resource as its fields compare it, applied to every resource listed or
  answered by a create or update (e.g. values CloudStack returns inside a map of details, as fields of their own).
- ``create(engine, params) -> response``: create it another way (e.g. pick the command by the options).
- ``prepare_create(engine, params) -> params``: adjust the create parameters (defaults, encoding).
- ``find_created(engine) -> dict|None``: find what a create made when its answer was lost (or held no resource) and
  ``find`` cannot tell it from others (a resource without a name, e.g. a public address: the one that was not there
  before, which ``prepare_create`` noted in ``engine.before_create``).
- ``prepare_update(engine, current, params) -> params``: handle some changed fields with their own
  commands (e.g. an instance's scaling) and return what is left for the update command; a hook
  that handled everything returns ``{}`` (the update command is then not called).
- ``converge(engine, current) -> dict``: after the resource is present and up to date, reach
  the wanted ``state`` (e.g. an instance's power state); return the resulting resource.
- ``delete(engine, current) -> dict|None``: remove the resource another way (e.g. destroy with expunge);
  what it returns, if anything, is the result (e.g. a destroyed but recoverable instance).
- ``result(engine, resource) -> dict``: post-process the returned resource (e.g. hide a secret).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackTransportError
from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import UUID, LookupFailed, NotFound
from ansible_collections.cloudstack.cloud.plugins.module_utils.module import CloudStackModule

SAME = object()  # Field(create=/update=) default: the field's api name
TIE_WAIT, TIE_POLL = 5.0, 0.5  # unique_name: how long a run waits for another that created the name in the same second
SECRET_BEFORE, SECRET_AFTER = "(secret)", "(secret, changed)"  # what --diff shows of a secret that changes
CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
# Concatenated API keys that recur across resources -> snake_case result keys.
COMMON_RENAMES = {
    "displaytext": "display_text", "displayname": "display_name", "domainid": "domain_id",
    "domainname": "domain_name", "zoneid": "zone_id", "zonename": "zone_name", "projectid": "project_id",
    "accountid": "account_id", "allocationstate": "allocation_state", "networktype": "network_type",
    "hasannotations": "has_annotations", "serviceofferingid": "service_offering_id",
    "serviceofferingname": "service_offering_name", "templateid": "template_id", "templatename": "template_name",
    "diskofferingid": "disk_offering_id", "diskofferingname": "disk_offering_name",
}


def snake(key):
    return COMMON_RENAMES.get(key) or CAMEL.sub(r"_\1", key).lower()


def owner_of(resource):
    """The parameters naming a resource's owner to a command: its project, else its account and domain."""
    if resource.get("projectid"):
        return dict(projectid=resource["projectid"])
    return dict((k, resource[k]) for k in ("account", "domainid") if resource.get(k))


def default_display_text(engine, params):
    """A ``prepare_create`` hook: the display text CloudStack requires defaults to the name."""
    params.setdefault("displaytext", params["name"])
    return params


class Field:
    """One module option and how it maps to the API (see the module docstring)."""

    def __init__(self, option, api=None, create=SAME, update=SAME, returned=None, type="str", elements=None,
                 choices=None, aliases=None, default=None, no_log=False, required=False, ref=None, ref_scope=None, ref_name=None,
                 ignore_case=None, internal=False, empty="", compare=True, key_value_list=False, result_list=False,
                 options=None, read=None, write=None, unreturned=False, ordered=False, whole=False, clear=None):
        self.option = option
        self.read = read
        self.write = write
        self.unreturned = unreturned
        self.ordered = ordered
        self.whole = whole
        self.clear = clear
        self.options = options
        self.key_value_list = key_value_list
        self.result_list = result_list
        self.compare = compare and not unreturned
        self.empty = empty
        self.internal = internal
        self.create = api if create is SAME else create
        self.update = api if update is SAME else update
        self.returned = returned or api or self.create or self.update
        self.type = type
        self.elements = elements or ("str" if type == "list" else None)
        self.choices = choices
        self.aliases = aliases
        self.default = default
        self.no_log = no_log
        self.required = required
        self.ref = ref
        self.ref_scope = ref_scope or {}
        self.ref_name = ref_name
        self.ignore_case = bool(choices) if ignore_case is None else ignore_case

    def argspec(self):
        spec = dict(type="raw" if self.key_value_list else self.type)
        for key in ("elements", "choices", "aliases", "default", "options"):
            if getattr(self, key) is not None:
                spec[key] = getattr(self, key)
        spec["no_log"] = self.no_log  # declared per option, never guessed from its name
        return spec

    def normalize(self, value):
        """The comparable form of an option value or of what the API returned."""
        if self.type == "list":
            items = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else str(value).split(","))
            items = [str(item).strip() for item in items if str(item).strip()]
            items = items if self.ordered else sorted(set(items))
            return [item.lower() for item in items] if self.ignore_case else items
        if value is None or value == "":
            return None
        if self.type == "bool":
            return value if isinstance(value, bool) else str(value).lower() == "true"
        if self.type in ("int", "float"):
            try:
                return int(value) if self.type == "int" else float(value)
            except (TypeError, ValueError):
                return value
        if self.type == "dict":
            return self.mapping(value)
        if isinstance(value, list):  # e.g. a pod's startip, a list since CloudStack 4.22
            value = ",".join(str(item) for item in value)
        return str(value).lower() if self.ignore_case else str(value)

    def mapping(self, value):
        """A map of strings from a map or, with ``key_value_list``, a list of dicts; ValueError otherwise."""
        if isinstance(value, dict):
            return dict((str(k), str(v)) for k, v in value.items())
        if not (self.key_value_list and isinstance(value, list) and all(isinstance(item, dict) for item in value)):
            raise ValueError("%s must be a mapping of keys to values%s, got %r" % (
                self.option, " or a list of {key, value} dicts" if self.key_value_list else "", value))
        pairs = {}
        for item in value:  # as CloudStack reads a map parameter: a {key, value} pair, else each entry as it is
            pairs.update({item["key"]: item["value"]} if sorted(item) == ["key", "value"] else item)
        return dict((str(k), str(v)) for k, v in pairs.items())

    def current(self, resource):
        """The field's value in a resource as the API returns it (``read`` for one kept elsewhere)."""
        return self.read(resource) if self.read else resource.get(self.returned)

    def put(self, resource, value):
        """Set the field's value in a (predicted) resource, where ``current`` reads it."""
        if self.write:
            self.write(resource, value)
        elif self.returned:
            resource[self.returned] = ",".join(value) if self.type == "list" else value

    def differs(self, wanted, current):
        """Whether the wanted value differs from what the API returned (a map: wanted keys not all held)."""
        wanted, current = self.normalize(wanted), self.normalize(current)
        if self.type == "dict" and self.whole:
            return wanted != (current or {})
        if self.type == "dict":
            return any((current or {}).get(k) != v for k, v in wanted.items())
        return wanted != current

    def update_param(self, value):
        """(parameter, value) of an update: an empty map as the ``clear`` flag."""
        if self.clear and value == {}:
            return self.clear, True
        return self.update, self.to_api(value)

    def to_api(self, value):
        """Lists go comma-joined; an empty list as ``empty`` (it clears the value instead of being dropped)."""
        if self.type != "list":
            return value
        return ",".join(str(v) for v in value) or self.empty


class LostSecret:
    """A secret only the create's answer carries: what it is, how to get a new one, and the option that,
    when set, means none was made (an SSH key pair registered from a given public key)."""

    def __init__(self, what, renew, unless=None):
        self.what = what
        self.renew = renew
        self.unless = unless


class Resource:
    """A resource kind, declared as data; ``run()`` is a module's whole main()."""

    def __init__(self, name, fields, list_command, create_command=None, update_command=None, delete_command=None,
                 list_params=None, scope=None, states=None, renames=None, hooks=None, response_key=None,
                 delete_params=None, module_kwargs=None, absent_states=("absent",), waits=False, unique_name=False,
                 lost_secret=None, since=None, chosen_id=False, required=(), jobs=False,
                 identity=None, name_param="name", recreate=None):
        self.name = name
        self.recreate = recreate  # the option that allows deleting and re-creating (module docstring)
        self.name_param = name_param  # the list parameter that finds by name (``keyword`` where the list has no name)
        self.chosen_id = chosen_id  # the id option names the resource to create (module docstring)
        self.required = required  # options the argument spec requires (module docstring)
        self.identity = identity  # the option naming the resource instead of ``name`` (module docstring)
        self.since = since or {}  # API newer than CloudStack 4.18 (module docstring)
        self.unique_name = unique_name  # settle two runs that created the same name at once (module docstring)
        self.lost_secret = lost_secret  # a LostSecret, or None
        self.fields = fields
        self.list_command = list_command
        self.create_command = create_command
        self.update_command = update_command
        self.delete_command = delete_command
        self.list_params = list_params or {}
        self.scope = scope or {}  # option -> list parameter that narrows the search
        self.states = states if states is not None else {"present": {}}
        self.absent_states = absent_states  # states that remove the resource (each told apart by the delete hook)
        self.renames = renames or {}
        self.hooks = hooks or {}
        self.response_key = response_key or name
        self.delete_params = delete_params or {}
        self.module_kwargs = module_kwargs or {}
        self.waits = waits  # the module waits for jobs or states: wait_timeout and poll_interval options
        self.jobs = jobs  # its own commands are jobs the task may leave running: the wait option (module docstring)
        self.by_option = dict((f.option, f) for f in fields)

    def argument_spec(self):
        spec = dict((f.option, f.argspec()) for f in self.fields if not f.internal)
        identifies = [group for group in self.module_kwargs.get("required_one_of", []) if "name" in group]
        if self.identity:
            spec[self.identity]["required"] = True  # the option that names it instead of name
        elif "id" not in self.by_option and "name" in spec and not identifies:
            spec["name"]["required"] = True  # without an id option (or another, see required_one_of), the name identifies it
        if self.chosen_id:
            spec["id"]["required"] = True  # a chosen id is what identifies it
        for option in self.required:
            spec[option]["required"] = True
        spec["state"] = dict(type="str", default=next(iter(self.states)), choices=list(self.states) + list(self.absent_states))
        return spec

    def run(self):
        module = CloudStackModule(self.argument_spec(), supports_check_mode=True, waits=self.waits, jobs=self.jobs,
                                  **self.module_kwargs)
        Engine(self, module).run()


class Engine:
    """One module run over one resource declaration."""

    def __init__(self, resource, module):
        self.resource = resource
        self.module = module
        self.params = module.params
        self.client = module.client
        self.lookup = module.lookup
        self.check_mode = module.check_mode
        self.changed = False
        self.created = False
        self.before = {}
        self.after = {}
        self.waiting = self.params["wait"] if resource.jobs else True  # await the jobs of its own commands
        self.job_id = None  # the last job left running (wait=false)
        self.replaced = None  # the resource deleted to be created anew (Resource.recreate)
        self.before_create = None  # what a prepare_create hook noted for its find_created hook
        self._wanted = {}  # {field: API value} (wanted())
        self._deferred = []  # scope references found by name in the listing, not looked up (deferrable())

    def fail(self, msg):
        self.module.fail(msg, changed=self.changed)

    def warn(self, msg):
        self.module.module.warn(msg)

    def hook(self, name):
        return self.resource.hooks.get(name)

    # --- wanted values -------------------------------------------------------------------------
    def wanted(self, fields=None, current=None):
        """{field: API value} for the fields the task sets (state values included), refs resolved,
        those the ``current`` resource already holds without a lookup (see ``ref_name``)."""
        values = dict((f.option, self.params.get(f.option)) for f in self.resource.fields if not f.internal)
        values.update(self.resource.states.get(self.params["state"], {}))
        wanted = {}
        for field in sorted(self.resource.fields if fields is None else fields, key=lambda f: bool(f.ref_scope)):  # scoped refs last
            value = values.get(field.option)
            if value is None or (field.ref and current is not None and not field.update and not field.compare):
                continue
            if field.type == "dict":
                try:
                    value = field.mapping(value)
                except ValueError as exc:
                    self.fail(str(exc))
            if field.ref:
                scope = dict((param, wanted[self.resource.by_option[option]]) for param, option in field.ref_scope.items()
                             if self.resource.by_option[option] in wanted)
                held = self.held(field, value, current)
                value = held if held is not None else self.resolve(field, value, scope)
            wanted[field] = value
        return wanted

    def held(self, field, value, current):
        """The id (ids, for a list) of a reference the current resource already holds, given by id or by name; else
        None. A list is held when each value is among the current ids or their names (``ref_name``: the list of names
        in the same order) and no name stands for two ids."""
        if current is None or current.get(field.returned) is None:
            return None
        if field.type != "list":
            names = [current[field.returned]] + ([current.get(field.ref_name)] if field.ref_name else [])
            return current[field.returned] if str(value) in [str(name) for name in names] else None
        ids_by_name = {}
        for name, held_id in zip(current.get(field.ref_name) or [], current[field.returned]):
            ids_by_name.setdefault(str(name), set()).add(held_id)
        held = dict((name, ids.pop()) for name, ids in ids_by_name.items() if len(ids) == 1)
        held.update((str(held_id), held_id) for held_id in current[field.returned])
        return [held[str(v)] for v in value] if all(str(v) in held for v in value) else None

    def resolve(self, field, value, scope):
        return resolve_ref(self.lookup, field, value, scope)

    # --- finding -------------------------------------------------------------------------------
    def scope_params(self, named=None):
        """The list parameters that narrow the search: the declaration's and the task's scope options.

        A caller that matches the listed items itself passes ``named`` (then ``in_scope``): the scope references
        given by name that need no lookup (``deferred``) are left out of the parameters and put there instead, as
        {response key: name}. Without it, they are looked up now."""
        params = dict(self.resource.list_params)
        scope = [self.resource.by_option[option] for option in self.resource.scope]
        if named is None and any(field not in self._wanted for field in self._deferred):
            self._wanted.update(self.wanted(scope))
        for field in scope:
            if field in self._wanted:
                params[self.resource.scope[field.option]] = self._wanted[field]
            elif field in self._deferred:
                named[field.ref_name] = self.params[field.option]
        return params

    @staticmethod
    def in_scope(item, named):
        """Whether a listed item is within the scope references ``scope_params`` left to the caller."""
        return all(item.get(key) == name for key, name in named.items())

    def deferrable(self, scope):
        """The scope references whose lookup the search can do without: given by name, of a kind that only narrows a
        listing (``Reference.narrows``: a zone, a pod...), named in the list's response (``ref_name``), and no other
        scope reference to look up within them. A re-run then finds the resource with its one list call, and takes
        their ids from it (``held``)."""
        def by_name(field):
            value = self.params.get(field.option)
            return (field.ref_name and getattr(self.lookup.references.get(field.ref), "narrows", False)
                    and isinstance(value, str) and not UUID.match(value))
        named = [field for field in scope if by_name(field)]
        needed = set(option for field in scope if field not in named and self.params.get(field.option) is not None
                     for option in field.ref_scope.values())
        return [field for field in named if field.option not in needed]

    def find(self):
        return self.read(self.hook("find")(self) if self.hook("find") else self.find_listed())

    def read(self, resource):
        """A resource found or answered, as the ``read`` hook presents it to the fields."""
        return self.hook("read")(self, resource) if resource and self.hook("read") else resource

    def find_listed(self):
        """The resource by ``id``, else by exact ``name``, within the scope: ``find`` without a hook."""
        named = {}
        params = self.scope_params(named)
        if self.params.get("id"):
            found = [item for item in self.client.list(self.resource.list_command, id=self.params["id"], **params)
                     if self.in_scope(item, named)]
            return found[0] if found else None
        name = self.params.get("name")
        if not name:
            self.fail("name (or id) is required to find the %s" % self.resource.name)

        def listed():
            return [item for item in self.client.list(self.resource.list_command, **dict(params, **{self.resource.name_param: name}))
                    if item.get("name") == name and self.in_scope(item, named)]
        found = self.racers_settled(listed)
        if len(found) > 1:
            self.fail("%s name %r is ambiguous: %d match (ids %s); give the id" % (
                self.resource.name, name, len(found), ", ".join(str(item.get("id")) for item in found)))
        return found[0] if found else None

    def racers_settled(self, listed):
        """``listed()``, the resources of the task's name. Several of a ``unique_name`` name may be runs racing to
        create it, which delete all but the earliest (settle_duplicates): only those still there TIE_WAIT seconds
        later are duplicates."""
        found = listed()
        deadline = time.time() + TIE_WAIT
        while self.resource.unique_name and len(found) > 1 and time.time() < deadline:
            time.sleep(TIE_POLL)
            found = listed()
        return found

    # --- writes --------------------------------------------------------------------------------
    def write(self, command, wait=True, **params):
        """Send a create/update/delete-like command; marks the run changed; a no-op in check mode.

        A command CloudStack refused changed nothing. Once accepted (or sent without an answer, so
        perhaps applied) it counts as a change, even if its async job then fails. Without ``wait``
        an async command's job is left running and its ``{"jobid", "id"}`` answer returned.
        """
        if not self.check_mode:
            try:
                response = self.client.call(command, wait=False, **params)
            except CloudStackTransportError:
                self.changed = True
                raise
        self.changed = True
        if self.check_mode:
            return None
        if isinstance(response, dict) and "jobid" in response and wait:
            return self.client.await_job(command, response["jobid"])
        return response

    def write_all(self, writes):
        """``write`` every (command, params) of ``writes`` without awaiting, then await their jobs together: CloudStack
        runs them side by side. The first failed job raises (after all have ended). Returns the answers in order."""
        answers = [self.write(command, wait=False, **params) for command, params in writes]
        jobs = dict((index, (command, answer["jobid"])) for index, ((command, _params), answer) in enumerate(zip(writes, answers))
                    if isinstance(answer, dict) and "jobid" in answer)
        ended = self.client.outcomes(jobs) if jobs else {}
        failed = [outcome for outcome in ended.values() if isinstance(outcome, Exception)]
        if failed:
            raise failed[0]
        return [ended.get(index, answer) for index, answer in enumerate(answers)]

    def write_own(self, command, **params):
        """The resource's create, update or delete command, awaited unless the task says ``wait=false``. A job
        left running is kept as ``job_id`` and gives None: the resource is then read back as it is meanwhile."""
        response = self.write(command, wait=self.waiting, **params)
        if not self.waiting and isinstance(response, dict) and "jobid" in response:
            self.job_id = response["jobid"]
            return None
        return response

    def note(self, option, before, after):
        """Record a change a hook makes in the --diff (no ``before`` for a resource just created)."""
        if not self.created:
            self.before[option] = before
        self.after[option] = after

    def remains(self, resource):
        """The delete left the resource in place (destroyed, recoverable): the --diff after shows it as it is left."""
        self.after = dict(self.view(resource, self.resource.fields, only_returned=True), **self.after)

    def extract(self, response):
        """The resource object inside a create/update answer, or None when it has none."""
        return self.read(self.answered(response))

    def answered(self, response):
        if not isinstance(response, dict):
            return None
        inner = response.get(self.resource.response_key)
        if isinstance(inner, list) and len(inner) == 1:
            inner = inner[0]  # some add* commands answer with a one-item list
        if isinstance(inner, dict):
            return inner
        dicts = [v for v in response.values() if isinstance(v, dict)]
        return dicts[0] if len(dicts) == 1 else (response if "id" in response else None)

    def predicted(self, current, params_by_field):
        """What the resource will look like once the wanted values are applied (check mode)."""
        resource = dict(current or {})
        for field, value in params_by_field.items():
            field.put(resource, value)  # nothing for an option a hook applies (e.g. a host's allocation state)
        return resource

    def view(self, resource, fields, only_returned=False):
        """Fields of a resource keyed by option, normalized (the --diff before/after); unreturned = None. A secret
        (``no_log``) is never shown: ``update`` notes only that it changes."""
        return dict((f.option, f.normalize(f.current(resource))) for f in fields
                    if f.compare and not f.no_log and (not only_returned or (f.current(resource) is not None if f.read else f.returned in resource)))

    def create(self, wanted):
        fields = [f for f, v in wanted.items() if f.create and v != []]
        missing = [f.option for f in self.resource.fields if f.required and f not in wanted]
        if missing:
            self.fail("%s required to create the %s %r" % (" and ".join(missing) + (" is" if len(missing) == 1 else " are"),
                                                           self.resource.name, self.params.get(self.resource.identity or "name")))
        params = dict((f.create, f.to_api(wanted[f])) for f in fields)
        if self.hook("prepare_create"):
            params = self.hook("prepare_create")(self, params)
        self.after = self.view(self.predicted({}, wanted), wanted)
        self.created = True
        try:
            create = self.hook("create")
            created = self.extract(create(self, params) if create else self.write_own(self.resource.create_command, **params))
        except CloudStackTransportError:
            # The create may have reached CloudStack: look before saying it failed, never re-send.
            created = self.find_created()
            if created is None:
                raise
            self.warn_lost_secret(created)
            return created  # which of two same-named ones is this run's is unknown: never delete either
        except CloudStackApiError as exc:
            # Refused, perhaps because another run (a fork of the same play) created it since this one looked.
            # A job that failed or is still running (``jobid``) was this run's own: its error stands.
            created = None if getattr(exc, "jobid", None) else self.find()
            if created is None:
                raise
            self.created = False  # that run's, as it is: this one changed nothing
            return created
        if self.check_mode:
            return self.predicted({}, dict((f, wanted[f]) for f in fields))
        if not created:  # an answer without the resource in it
            return self.find_created()
        return self.settle_duplicates(created) if self.resource.unique_name else created

    def find_created(self):
        """The resource just created, found again; with ``unique_name``, the earliest of that name; with a
        ``find_created`` hook, as that finds it."""
        if self.hook("find_created"):
            return self.read(self.hook("find_created")(self))
        if not self.resource.unique_name:
            return self.find()
        same = self.same_name()
        return same[0] if same else None

    def same_name(self):
        """Every resource of the wanted name within the scope, the earliest created first."""
        name = self.params["name"]
        found = [self.read(item) for item in self.client.list(self.resource.list_command, **dict(self.scope_params(), **{self.resource.name_param: name}))
                 if item.get("name") == name]
        return sorted(found, key=lambda item: (item.get("created") or "", str(item.get("id"))))

    def settle_duplicates(self, created):
        """Two runs created the name at once: the run whose resource is the later one deletes it and
        reports the earlier one.

        The later creator always sees both; the earlier one may have looked before the other existed and
        kept its own. ``created`` has one-second resolution: on a tie, the earliest by id waits for the
        other run to delete its own (it saw both), and deletes its own if that does not happen (the other
        run looked first and kept its own).
        """
        same = self.same_name()
        ids = [item["id"] for item in same]
        if len(same) < 2 or created["id"] not in ids:
            return created
        own = same[ids.index(created["id"])]
        first = self.earliest(same)
        if first is not own:
            return self.delete_own(own, first)
        tied = [item for item in same if item is not own and item.get("created") == own.get("created")]
        if tied and not self.others_gone(tied):
            return self.delete_own(own, tied[0])
        return created

    @staticmethod
    def earliest(items):
        return min(items, key=lambda item: (item.get("created") or "", str(item.get("id"))))

    def others_gone(self, others):
        """Whether the other runs delete their same-named resources within TIE_WAIT seconds."""
        deadline = time.time() + TIE_WAIT
        ids = set(item["id"] for item in others)
        while time.time() < deadline:
            time.sleep(TIE_POLL)
            if not ids & set(item["id"] for item in self.same_name()):
                return True
        return False

    def delete_own(self, own, survivor):
        if self.hook("delete"):
            self.hook("delete")(self, own)
        else:
            self.write(self.resource.delete_command, id=own["id"], **self.resource.delete_params)
        self.warn("another run created the %s %r at the same time; this run deleted its own (id %s) and reports the "
                  "other (id %s)" % (self.resource.name, self.params["name"], own["id"], survivor["id"]))
        self.created = False  # the survivor's values were not set by this run: differences are reported as such
        return survivor

    def warn_lost_secret(self, created):
        secret = self.resource.lost_secret
        if secret and not (secret.unless and self.params.get(secret.unless)):
            self.warn("the %s %r was created, but CloudStack's answer was lost, and with it the %s, which CloudStack "
                      "does not return again; %s" % (self.resource.name, created.get("name", self.params.get("name")),
                                                     secret.what, secret.renew))

    def differences(self, current, wanted):
        # CloudStack leaves out fields that are not set: a missing field compares as unset.
        return dict((f, v) for f, v in wanted.items() if f.compare and f.differs(v, f.current(current)))

    def update(self, current, wanted):
        changes = self.differences(current, wanted)
        frozen = [f for f in changes if not f.update]
        if frozen and self.resource.recreate and self.params.get(self.resource.recreate) and not self.created:
            return self.recreated(current, wanted)
        if frozen and self.created:
            # Just created: CloudStack stored its own form of these values; nothing to correct.
            changes = dict((f, v) for f, v in changes.items() if f.update)
        elif frozen:
            self.fail("cannot change %s of the existing %s %r: %s; these are set only at creation (delete and re-create it)" % (
                " and ".join(f.option for f in frozen), self.resource.name, current.get("name", current.get("id")),
                "; ".join("%s is %r, wanted %r" % (f.option, (f.ref_name and current.get(f.ref_name)) or f.current(current),
                                                   self.params.get(f.option) or changes[f])
                          for f in frozen)))
        if changes or self.created:  # values CloudStack never returns go along (after a create: its follow-up update)
            changes.update((f, v) for f, v in wanted.items() if f.unreturned and f.update)
        if not changes:
            return current
        if not self.before and not self.changed:
            self.before = self.view(current, wanted)
        self.after = dict(self.after or self.view(current, wanted), **self.view(self.predicted({}, changes), changes))
        for field in changes:
            if field.no_log:  # a secret that the API returns (a VPN's preshared key): its change, not its value
                self.note(field.option, SECRET_BEFORE, SECRET_AFTER)
        params = dict(f.update_param(v) for f, v in changes.items())
        if self.hook("prepare_update"):
            params = self.hook("prepare_update")(self, current, params)
        if params:
            try:
                # A resource predicted in check mode has no id yet (write does nothing then).
                updated = self.extract(self.write_own(self.resource.update_command, id=current.get("id"), **params))
            except CloudStackTransportError:
                self.fail("updating the %s %s got no answer; it may have been applied, re-run the task to converge" % (
                    self.resource.name, current["id"]))
            if not self.check_mode:
                return updated or self.find()
        return self.predicted(current, changes) if self.check_mode else (self.find() or current)

    def recreated(self, current, wanted):
        """Create-only fields differ and the task allows it: delete the resource (awaiting its job, the new one may
        take what it frees) and create it anew; --diff shows the one before and the one after."""
        before = self.view(current, wanted)
        self.write(self.resource.delete_command, id=current["id"], **self.resource.delete_params)
        self.replaced = current
        created = self.create(wanted)
        self.before = before
        return created

    def present(self, current, wanted):
        if current is None:
            if self.params.get("id") and not self.resource.chosen_id:
                self.fail("no %s with id %s exists (an id cannot be chosen at creation)" % (self.resource.name, self.params["id"]))
            current = self.create(wanted)
        current = self.update(current, wanted)
        if self.hook("converge"):
            current = self.hook("converge")(self, current)
        return current

    def absent(self, current):
        if current is None:
            return {}
        self.before = self.view(current, self.resource.fields, only_returned=True)
        self.after = {}
        if self.hook("delete"):
            return self.hook("delete")(self, current) or current
        self.write_own(self.resource.delete_command, id=current["id"], **self.resource.delete_params)
        return current

    def result(self, resource):
        if callable(self.resource.renames):
            out = self.resource.renames(resource or {})
        else:
            renames = dict((f.returned, f.option) for f in self.resource.fields if not f.ref and not f.read and f.returned)
            renames.update(self.resource.renames)
            out = dict((renames.get(k) or snake(k), v) for k, v in (resource or {}).items())
        for field in self.resource.fields:
            if field.result_list and isinstance(out.get(field.option), str):
                out[field.option] = [item.strip() for item in out[field.option].split(",") if item.strip()]
        if self.hook("result"):
            out = self.hook("result")(self, out)
        return out

    def converge(self):
        try:
            scope = [self.resource.by_option[option] for option in self.resource.scope]
            self._deferred = self.deferrable(scope)
            self._wanted = self.wanted([field for field in scope if field not in self._deferred])
            current = self.find()
            self._wanted = self.wanted(current=current)
        except NotFound:
            if self.params["state"] not in self.resource.absent_states:
                raise
            current = None  # in a zone, pod, cluster... that does not exist, it cannot exist either
        if self.params["state"] in self.resource.absent_states:
            return self.absent(current)
        return self.present(current, self._wanted)

    def awaiting_parent(self, missing):
        """Check mode: a referenced resource does not exist (yet). An earlier task of the same check run may only
        have pretended to create it (a zone, then its pod): predict this resource's creation, with a warning."""
        name = self.params.get("name")
        self.warn("%s; in check mode this task assumes an earlier task creates it and predicts the %s%s created in it"
                  % (missing, self.resource.name, " %r" % name if name else ""))
        self.changed = self.created = True
        given = [f for f in self.resource.fields
                 if not f.internal and f.compare and not f.no_log and self.params.get(f.option) is not None]
        self.before = {}
        self.after = dict((f.option, f.normalize(self.params[f.option])) for f in given)
        return dict((f.option if f.ref else f.returned, self.params[f.option]) for f in given)

    def run(self):
        with self.module.errors(lambda: {"changed": self.changed}):
            try:
                resource = self.converge()
            except NotFound as missing:
                if not self.check_mode or self.params["state"] in self.resource.absent_states:
                    raise
                resource = self.awaiting_parent(missing)
            result = self.result(resource)
        result["changed"] = self.changed
        if self.job_id:
            result["job_id"] = self.job_id
        if self.module.module._diff:
            result["diff"] = dict(before=self.before, after=self.after)
        self.module.exit(**result)


def resolve_ref(lookup, field, value, scope):
    """The id(s) a reference option names: first among those within ``scope`` (see ``ref_scope``), then among all."""
    find = lookup.ids if field.type == "list" else lookup.id
    if scope:
        try:
            return find(field.ref, value, **scope)
        except LookupFailed:
            pass  # not among the task's own: a shared or public one, or an error naming what exists
    return find(field.ref, value)


class Info:
    """An info module, declared as data: a list command, its filters, the result key.

    ``match``: the option that names one resource by name or id (e.g. ``zone``); ``filters``: Fields
    whose ``api`` is a list parameter (``ref`` ones are resolved to ids first); ``renames``: response
    keys -> result keys (the rest go through snake_case), or a function building the result item from the
    response item (as for a ``Resource``); ``since`` as for a ``Resource``. Hooks for what plain filters cannot say:
    ``prepare(module, params) -> params`` adjusts the list parameters (e.g. a tags map);
    ``transform(module, item) -> dict`` post-processes each result item (after renaming);
    ``find(module, params, wanted) -> items`` finds what the ``match`` option names another way (e.g. an
    instance by its name or its display name); ``select(module, items) -> items`` keeps those of the listed
    (response) items that meet what no list parameter says (e.g. the instance an address has static NAT to).
    A filter's ``ref_scope`` ({list parameter: option}) looks its reference up first within the other filters'
    values, as for a ``Resource``.
    """

    def __init__(self, name, list_command, result_key, match=None, filters=None, list_params=None, renames=None,
                 prepare=None, transform=None, find=None, select=None, since=None):
        self.name = name
        self.since = since or {}
        self.list_command = list_command
        self.result_key = result_key
        self.match = match
        self.filters = filters or []
        self.list_params = list_params or {}
        self.renames = renames or {}
        self.prepare = prepare
        self.transform = transform
        self.find = find
        self.select = select

    def argument_spec(self):
        spec = dict((f.option, f.argspec()) for f in self.filters)
        if self.match:
            spec[self.match.option] = self.match.argspec()
        return spec

    def items(self, module):
        params = dict(self.list_params)
        for field in sorted(self.filters, key=lambda f: bool(f.ref_scope)):  # scoped references last
            value = module.params.get(field.option)
            if value is not None and field.create:  # an option without a list parameter serves a hook
                params[field.create] = self.reference(module, field, value, params) if field.ref else field.to_api(value)
        if self.prepare:
            params = self.prepare(module, params)
        wanted = module.params.get(self.match.option) if self.match else None
        if wanted is None:
            return module.client.list(self.list_command, **params)
        if self.find:
            return self.find(module, params, wanted)
        key = "id" if UUID.match(wanted) else "name"
        return [item for item in module.client.list(self.list_command, **dict(params, **{key: wanted})) if item.get(key) == wanted]

    def reference(self, module, field, value, params):
        by_option = dict((f.option, f.create) for f in self.filters)
        scope = dict((param, params[by_option[option]]) for param, option in field.ref_scope.items() if by_option[option] in params)
        return resolve_ref(module.lookup, field, value, scope)

    def run(self):
        module = CloudStackModule(self.argument_spec(), supports_check_mode=True)
        with module.errors():
            items = self.items(module)
            if self.select:
                items = self.select(module, items)
            items = [self.renames(item) if callable(self.renames) else dict((self.renames.get(k) or snake(k), v) for k, v in item.items())
                     for item in items]
            if self.transform:
                items = [self.transform(module, item) for item in items]
        module.exit(changed=False, **{self.result_key: items})
