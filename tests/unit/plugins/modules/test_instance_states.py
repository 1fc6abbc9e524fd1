"""The instance's declared state machine and the deploy whose answer was lost, on a fake engine."""
from types import SimpleNamespace

import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackTransportError
from ansible_collections.cloudstack.cloud.plugins.module_utils.instance_states import TRANSITIONS, StateMachine
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Engine
from ansible_collections.cloudstack.cloud.plugins.modules import instance


class Failed(Exception):
    pass


class FakeEngine:
    """What the state machine uses of the resource engine; find() answers the given instances in turn."""

    def __init__(self, found, check_mode=False, created=False, **params):
        self.params = dict(dict(state="present", wait=True, force=False, wait_timeout=5, poll_interval=0.01), **params)
        self.check_mode = check_mode
        self.created = created
        self.found = list(found)
        self.writes = []
        self.notes = {}
        self.warnings = []
        self.module = SimpleNamespace(module=SimpleNamespace(warn=self.warnings.append))
        self.resource = instance.RESOURCE

    warn_lost_secret = Engine.warn_lost_secret  # the engine's own message, from the instance's declaration

    def warn(self, msg):
        self.warnings.append(msg)

    def write(self, command, wait=True, **params):
        self.writes.append((command, params, wait))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer if wait else {"jobid": "job-1", "id": params.get("id")}

    answer = {}

    def find(self):
        return self.found.pop(0) if len(self.found) > 1 else self.found[0]

    def extract(self, answer):
        return (answer or {}).get("virtualmachine")

    def note(self, option, before, after):
        self.notes[option] = (before, after)

    def fail(self, msg):
        raise Failed(msg)


def vm(state, **extra):
    return dict(id="vm-1", name="web", state=state, **extra)


def commands(engine):
    return [command for command, _params, _wait in engine.writes]


def test_every_wanted_state_is_declared():
    assert set(TRANSITIONS) == {"present", "deployed", "started", "stopped", "restarted", "restored", "destroyed",
                                "absent", "expunged"}


def test_a_destroyed_instance_is_recovered_then_started():
    engine = FakeEngine([vm("Stopped"), vm("Running")], state="started")
    result = StateMachine(engine).reach(vm("Destroyed"))
    assert commands(engine) == ["recoverVirtualMachine", "startVirtualMachine"]
    assert result["state"] == "Running"
    assert engine.notes["state"] == ("Destroyed", "Running")


def test_without_wait_the_last_step_is_left_running():
    engine = FakeEngine([vm("Stopped"), vm("Starting")], state="started", wait=False)
    result = StateMachine(engine).reach(vm("Destroyed"))
    assert [wait for _command, _params, wait in engine.writes] == [True, False]
    assert result["jobid"] == "job-1" and result["state"] == "Starting"


def test_expunge_of_a_running_instance_destroys_with_expunge():
    engine = FakeEngine([vm("Running")], state="expunged")
    result = StateMachine(engine).reach(vm("Running"))
    assert engine.writes == [("destroyVirtualMachine", {"id": "vm-1", "expunge": True}, True)]
    assert result["state"] == "Expunged"


def test_check_mode_predicts_without_writing():
    engine = FakeEngine([vm("Running")], check_mode=True, state="stopped")
    engine.answer = None
    assert StateMachine(engine).reach(vm("Running"))["state"] == "Stopped"
    assert engine.notes["state"] == ("Running", "Stopped")


def test_a_fresh_deployment_is_not_rebooted_nor_restored():
    for wanted in ("restarted", "restored"):
        engine = FakeEngine([vm("Running")], created=True, state=wanted)
        StateMachine(engine).reach(vm("Running"))
        assert engine.writes == []


def test_an_instance_in_error_is_refused_with_what_to_do():
    engine = FakeEngine([vm("Error")], state="started")
    with pytest.raises(Failed, match="in state Error; destroy or expunge it"):
        StateMachine(engine).reach(vm("Error"))
    assert engine.writes == []


def test_a_passing_state_is_awaited_with_wait():
    engine = FakeEngine([vm("Starting"), vm("Starting"), vm("Running")], state="started")
    assert StateMachine(engine).reach(vm("Starting"))["state"] == "Running"
    assert engine.writes == [] and engine.found == [vm("Running")]


def test_a_passing_state_that_never_ends_fails_after_wait_timeout():
    engine = FakeEngine([vm("Stopping")], state="stopped", wait_timeout=0.05)
    with pytest.raises(Failed, match="still Stopping after 0.05 seconds"):
        StateMachine(engine).reach(vm("Stopping"))


def test_a_change_for_a_stopped_instance_needs_force():
    engine = FakeEngine([vm("Running")])
    with pytest.raises(Failed, match="changing ssh_keys of running instance 'web' needs it stopped: why; set force=true"):
        StateMachine(engine).stopped_for(vm("Running"), [("ssh_keys", "why", lambda vm: engine.write("reset"))])
    assert engine.writes == []


def test_with_force_it_is_stopped_changed_and_started_again():
    engine = FakeEngine([vm("Stopped"), vm("Running")], force=True)
    result = StateMachine(engine).stopped_for(vm("Running"), [("ssh_keys", "why", lambda vm: engine.write("reset"))])
    assert commands(engine) == ["stopVirtualMachine", "reset", "startVirtualMachine"]
    assert all(wait for _command, _params, wait in engine.writes)
    assert result["state"] == "Running" and engine.notes["state"] == ("Running", "Running")


def test_a_stopped_instance_is_changed_at_once():
    engine = FakeEngine([vm("Stopped")])
    StateMachine(engine).stopped_for(vm("Stopped"), [("ssh_keys", "why", lambda vm: engine.write("reset"))])
    assert commands(engine) == ["reset"]


def test_a_deployment_whose_answer_was_lost_is_awaited_and_the_password_warned_about():
    engine = FakeEngine([vm("Starting", passwordenabled=True), vm("Running", passwordenabled=True)])
    engine.answer = CloudStackTransportError("deployVirtualMachine", None, "no answer")
    created = instance.deploy(engine, {"name": "web"})
    assert created["virtualmachine"]["state"] == "Running"
    assert len(engine.warnings) == 1 and "resetPasswordForVirtualMachine" in engine.warnings[0]


def test_a_deployment_whose_answer_was_lost_and_that_is_not_there_fails():
    engine = FakeEngine([None])
    engine.answer = CloudStackTransportError("deployVirtualMachine", None, "no answer")
    with pytest.raises(CloudStackTransportError):
        instance.deploy(engine, {"name": "web"})
