"""examples/awx/credential_type.yml against the rules AWX applies when the credential type is created (its
CredentialTypeInputField and CredentialTypeInjectorField validation, in awx/main/fields.py), since awx.awx and an AWX
cannot run here (the collection is on Galaxy only); and the environment it injects, rendered as AWX renders it, gives
the collection the connection it names."""
import re

import pytest
from awx_injection import injected_env, load_credential_type
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.cloudstack.cloud.plugins.module_utils.config import SETTINGS, resolve_config

NAME = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")
# awx.awx.credential_type's options besides state; AWX's input field keys and types; custom types' kinds.
MODULE_OPTIONS = {"name", "description", "kind", "inputs", "injectors"}
FIELD_KEYS = {"id", "label", "type", "format", "choices", "help_text", "multiline", "secret", "ask_at_runtime", "default"}
FIELD_TYPES = {"string": str, "boolean": bool}
STRING_ONLY = ("choices", "multiline", "format", "secret")
# The settings the credential carries: input id -> the environment variable the collection reads.
INJECTED = {"endpoint": "CLOUDSTACK_ENDPOINT", "key": "CLOUDSTACK_KEY", "secret": "CLOUDSTACK_SECRET",
            "verify": "CLOUDSTACK_VERIFY", "timeout": "CLOUDSTACK_TIMEOUT"}
INPUTS = {"endpoint": "https://cloud.example.com/client/api", "key": "the-key", "secret": "the-secret", "verify": True,
          "timeout": "30"}


@pytest.fixture(scope="module")
def credential_type():
    return load_credential_type()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in [env for _option, env, _key in SETTINGS] + ["CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION", "CLOUDSTACK_DANGEROUS_NO_TLS_VERIFY"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def fields(credential_type):
    return credential_type["inputs"]["fields"]


def test_it_is_what_awx_awx_credential_type_takes(credential_type):
    assert set(credential_type) <= MODULE_OPTIONS and {"name", "kind", "inputs", "injectors"} <= set(credential_type)
    assert credential_type["kind"] in ("cloud", "net"), "AWX creates custom credential types of kind cloud or net only"


def test_inputs_follow_awx_schema(credential_type):
    inputs = credential_type["inputs"]
    assert set(inputs) <= {"fields", "required"}, "dependencies is not supported for custom credentials"
    ids = [field["id"] for field in fields(credential_type)]
    assert len(ids) == len(set(ids)) and "tower" not in ids
    for field in fields(credential_type):
        assert set(field) <= FIELD_KEYS and {"id", "label"} <= set(field), field
        assert NAME.match(field["id"]) and field.get("type", "string") in FIELD_TYPES, field
        if "default" in field:
            assert isinstance(field["default"], FIELD_TYPES[field["type"]]), field
        if field["type"] != "string":
            assert not set(STRING_ONLY) & set(field), "%s not allowed for %s" % (STRING_ONLY, field["id"])
        assert field.get("format") in (None, "ssh_private_key", "url")
    assert set(inputs["required"]) <= set(ids)


def test_injectors_follow_awx_schema_and_name_only_defined_inputs(credential_type):
    injectors = credential_type["injectors"]
    assert set(injectors) <= {"env", "extra_vars", "file"}
    namespace = dict((field["id"], "EXAMPLE") for field in fields(credential_type))
    for name, template in injectors["env"].items():
        assert NAME.match(name) and not name.startswith("ANSIBLE_"), name
        assert isinstance(template, str) and template.isascii()
        ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(namespace)


def test_it_injects_the_settings_the_collection_reads_and_keeps_the_secret_secret(credential_type):
    read = dict((key, env) for _option, env, key in SETTINGS)
    assert INJECTED == dict((field, read[field]) for field in INJECTED)
    assert dict((value, key) for key, value in INJECTED.items()) == dict(
        (env, re.search(r"\{\{ (\w+) \}\}", template).group(1)) for env, template in credential_type["injectors"]["env"].items())
    secret = [field["id"] for field in fields(credential_type) if field.get("secret")]
    assert secret == ["secret"]
    assert credential_type["inputs"]["required"] == ["endpoint", "key", "secret"]


def test_the_injected_environment_gives_the_collection_its_connection(credential_type, monkeypatch):
    for name, value in injected_env(credential_type, INPUTS).items():
        monkeypatch.setenv(name, value)
    resolved = resolve_config({})
    assert (resolved["endpoint"], resolved["key"], resolved["secret"]) == ("https://cloud.example.com/client/api", "the-key", "the-secret")
    assert resolved["verify"] is True and resolved["timeout"] == 30


def test_unset_timeout_takes_the_default_and_verify_false_turns_verification_off(credential_type, monkeypatch):
    inputs = dict(INPUTS, verify=False)
    del inputs["timeout"]
    for name, value in injected_env(credential_type, inputs).items():
        monkeypatch.setenv(name, value)
    resolved = resolve_config({})
    assert resolved["timeout"] == 10 and resolved["verify"] is False and resolved["dangerous_no_tls_verify"] is True
