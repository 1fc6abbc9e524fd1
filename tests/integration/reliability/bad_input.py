"""Bad input generated over a module's argument spec: per option, a wrong type, an unknown reference, an empty, a
very long and a unicode string. Each case is (option, value, kind); ``kind`` says what the module must do:
- ``refuse``: fail, with a message that names the option (or the value);
- ``survive``: fail with a message or succeed (the value may be valid), never a traceback; run in check mode.
"""
from .modules import resource_of  # first: it makes the collection importable

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import REFERENCES  # noqa: E402
from ansible_collections.cloudstack.cloud.plugins.module_utils.module import (  # noqa: E402
    CONNECTION_ARGSPEC, JOBS_ARGSPEC, WAIT_ARGSPEC)

SHARED = set(CONNECTION_ARGSPEC) | set(WAIT_ARGSPEC) | set(JOBS_ARGSPEC)  # the same code in every module: tried once
LONG = "x" * 5000
UNICODE = u"z\u00f6ne-\u540d\u524d-\U0001F642"
UNKNOWN = "rel-no-such-%s"
WRONG_TYPES = {
    "int": ["abc", {"a": 1}],
    "float": ["abc", {"a": 1}],
    "bool": ["abc", {"a": 1}],
    "list": [{"a": 1}],
    "dict": ["abc"],
}
DUMMIES = {"int": 1, "float": 1.0, "bool": True, "list": ["x"], "dict": {"x": "y"}}


# Unknown references a module accepts, and why.
IGNORED = {
    ("template", "snapshot"): "with url (as the smoke play gives it) the template is registered from the URL; the "
                              "snapshot is looked up only to create one from a snapshot",
}


def references(name, spec):
    """The options that name another CloudStack object (a zone, a network, an offering, ...): the declared references
    of a Resource module, the options named as lookup's references in the others."""
    resource = resource_of(name)
    if resource is not None:
        return set(field.option for field in resource.fields if field.ref and field.option in spec)
    return set(option for option in spec if option in REFERENCES)


def with_case(base, spec, option, value):
    """The base arguments with one option (under its own name, none of its aliases) set to the bad value."""
    names = set([option] + list(spec[option].get("aliases") or []))
    return dict([(k, v) for k, v in base.items() if k not in names] + [(option, value)])


def base_args(spec, kwargs, smoke):
    """Arguments that pass the module's own checks, to which one bad value is added: the smoke play's first call,
    else every required option (and the first of each required_one_of group) with a dummy."""
    if smoke is not None:
        return dict(smoke)
    args = {}
    wanted = [o for o, s in spec.items() if s.get("required")] + [group[0] for group in kwargs.get("required_one_of") or []]
    for rule in kwargs.get("required_if") or []:
        key, value, requirements = rule[:3]
        if spec[key].get("default") == value:
            wanted += requirements[:1] if len(rule) > 3 and rule[3] else requirements
    for option in wanted:
        option_spec = spec[option]
        args[option] = option_spec["choices"][0] if option_spec.get("choices") else \
            DUMMIES.get(option_spec.get("type", "str"), "rel-dummy")
    return args


def cases(name, spec, shared=False):
    """[(option, value, kind)] for one module; ``shared``: the connection and wait options too."""
    refs = references(name, spec)
    out = []
    for option, option_spec in sorted(spec.items()):
        if option in SHARED and not shared:
            continue
        kind = option_spec.get("type", "str")
        if option_spec.get("choices"):
            out.append((option, "rel-not-a-choice", "refuse"))
            continue
        for value in WRONG_TYPES.get(kind, []):
            out.append((option, value, "refuse"))
        if kind in ("str", "path", "raw"):
            if option in refs and (name, option) not in IGNORED:
                # an info module's filter that matches nothing answers an empty list
                out.append((option, UNKNOWN % option.replace("_", "-"), "survive" if name.endswith("_info") else "refuse"))
            for value in ("", LONG, UNICODE):
                out.append((option, value, "survive"))
    return out


def names_the_problem(msg, option, value, spec, args):
    """Whether a failure message points at the option (by name or alias, or in words), repeats the bad value, or
    names another given value (a reference the module checked first)."""
    msg = msg.lower()
    names = [option] + list(spec[option].get("aliases") or [])
    words = [n.replace("_", " ") for n in names]
    values = [v for v in args.values() if isinstance(v, str) and len(v) > 2]
    return any(n.lower() in msg for n in names + words + values)
