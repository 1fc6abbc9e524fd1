"""The CloudStack credential type of examples/awx/credential_type.yml, and the environment AWX injects for a credential
of that type (awx/main/models/credential.py: an absent boolean input is false, an absent or empty string input is left
out of the template namespace, so renders empty; templates render in Jinja's immutable sandbox)."""
import os

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CREDENTIAL_TYPE = os.path.join(REPO, "examples", "awx", "credential_type.yml")


def load_credential_type():
    with open(CREDENTIAL_TYPE) as f:
        return yaml.safe_load(f)


def injected_env(credential_type, inputs):
    namespace = dict((k, v) for k, v in inputs.items() if isinstance(v, bool) or v)
    for field in credential_type["inputs"]["fields"]:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    env = ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(namespace)) for name, template in credential_type["injectors"]["env"].items())
