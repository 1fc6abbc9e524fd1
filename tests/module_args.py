"""``patch_module_args(args)``: run an AnsibleModule in-process with these arguments, under every
supported ansible-core (2.19 ships the helper; older cores read ``basic._ANSIBLE_ARGS``). Every suite imports it as
``module_args``: pytest puts tests/ on sys.path when it loads tests/conftest.py (tests/ is no package)."""
import contextlib
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

__all__ = ["patch_module_args"]
