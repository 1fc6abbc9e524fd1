# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An instance's power and recovery states, declared as data, and the machine that walks them.

``TRANSITIONS[wanted][current]`` is the list of ``Step`` s that lead from CloudStack's ``current`` state of an
instance to the module's ``wanted`` state; a current state that is not listed needs nothing. ``REFUSED`` names the
states from which a wanted state cannot be reached. A transitional state (``Starting``, ...) is awaited with
``wait``, and otherwise read as the state it settles to. ``StateMachine.stopped_for`` applies changes CloudStack
makes only on a stopped instance around a stop and a start. Every walk records its net change of ``state`` in the
--diff through ``engine.note``.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections import namedtuple


class Step(namedtuple("Step", "command state id_param params")):
    """A command on the instance (its id sent as ``id_param``) and the state it leaves it in (None: unchanged)."""

    def __new__(cls, command, state, id_param="id", **params):
        return super(Step, cls).__new__(cls, command, state, id_param, params)


START = Step("startVirtualMachine", "Running")
STOP = Step("stopVirtualMachine", "Stopped")
REBOOT = Step("rebootVirtualMachine", "Running")
RECOVER = Step("recoverVirtualMachine", "Stopped")
RESTORE = Step("restoreVirtualMachine", None, id_param="virtualmachineid")
DESTROY = Step("destroyVirtualMachine", "Destroyed")
DESTROY_AND_EXPUNGE = Step("destroyVirtualMachine", "Expunged", expunge=True)
EXPUNGE = Step("expungeVirtualMachine", "Expunged")

PRESENT = {"Destroyed": [RECOVER]}
DESTROYED = {"Running": [DESTROY], "Stopped": [DESTROY], "Error": [DESTROY]}
TRANSITIONS = {
    "present": PRESENT,
    "deployed": PRESENT,
    "started": {"Destroyed": [RECOVER, START], "Stopped": [START]},
    "stopped": {"Destroyed": [RECOVER], "Running": [STOP]},
    "restarted": {"Destroyed": [RECOVER, START], "Stopped": [START], "Running": [REBOOT]},
    "restored": {"Destroyed": [RECOVER, RESTORE], "Stopped": [RESTORE], "Running": [RESTORE]},
    "destroyed": DESTROYED,
    "absent": DESTROYED,
    "expunged": {"Running": [DESTROY_AND_EXPUNGE], "Stopped": [DESTROY_AND_EXPUNGE], "Error": [DESTROY_AND_EXPUNGE],
                 "Destroyed": [EXPUNGE]},
}
# A fresh deployment already is what these states ask for: no reboot, no restore of a new root disk.
FRESH = {"restarted": "present", "restored": "present"}
REFUSED = dict((wanted, {"Error": "instance %r is in state Error; destroy or expunge it and deploy again"})
               for wanted in ("present", "deployed", "started", "stopped", "restarted", "restored"))
# What a transitional state becomes once CloudStack's job ends.
SETTLES_TO = {"Starting": "Running", "Stopping": "Stopped", "Migrating": "Running"}
DEPLOYED_STATE = {"stopped": "Stopped"}  # deployVirtualMachine with startvm=false; else it starts


class StateMachine:
    """Walks one instance through ``TRANSITIONS`` for a module run (``engine``: the resource engine;
    ``step_params``: extra parameters of a command, e.g. the template a restore uses)."""

    def __init__(self, engine, step_params=None):
        self.engine = engine
        self.wanted = engine.params["state"]
        self.wait = engine.params["wait"]
        self.step_params = step_params or {}
        self.initial = None  # the state the run found, for the --diff

    def state(self, vm):
        return SETTLES_TO.get(vm.get("state"), vm.get("state"))

    def steps(self, vm, wanted=None):
        wanted = wanted or (FRESH.get(self.wanted, self.wanted) if self.engine.created else self.wanted)
        refusal = REFUSED.get(wanted, {}).get(vm.get("state"))
        if refusal:
            self.engine.fail(refusal % vm.get("name"))
        return TRANSITIONS[wanted].get(self.state(vm), [])

    def reach(self, vm, wanted=None, wait=None):
        """Walk to the wanted state (the task's unless given); the last step is awaited when ``wait`` (the task's
        unless given), else its job is left running and returned as ``jobid``."""
        wait = self.wait if wait is None else wait
        vm = self.settle(vm)
        steps = self.steps(vm, wanted)
        for index, step in enumerate(steps):
            before = vm.get("state")
            vm = self.run(vm, step, wait=wait or index < len(steps) - 1)
            self.record(before, vm.get("state"))
        return vm

    def record(self, before, after):
        """Note the run's net change of state in the --diff: the state it found, the state it leaves."""
        if self.initial is None:
            self.initial = before
        self.engine.note("state", self.initial, after)

    def run(self, vm, step, wait=True):
        """One step; returns the instance after it (predicted in check mode), with a job left running as jobid."""
        params = dict(self.step_params.get(step.command, {}), **step.params)
        params[step.id_param] = vm["id"]
        answer = self.engine.write(step.command, wait=wait, **params)
        predicted = dict(vm, state=step.state or vm.get("state"))
        if self.engine.check_mode:
            return predicted
        vm = (None if step.state == "Expunged" else self.engine.find()) or predicted
        extracted = self.engine.extract(answer) or {}
        if extracted.get("password"):
            vm["password"] = extracted["password"]  # a restore from a password-enabled template makes a new one
        if isinstance(answer, dict) and "jobid" in answer and not wait:
            vm["jobid"] = answer["jobid"]
        return vm

    def settle(self, vm):
        """With wait, poll an instance in a transitional state until CloudStack's job has moved it on."""
        if not self.wait or self.engine.check_mode or vm.get("state") not in SETTLES_TO:
            return vm
        timeout = self.engine.params["wait_timeout"]
        deadline = time.monotonic() + timeout
        while vm.get("state") in SETTLES_TO:
            if time.monotonic() >= deadline:
                # the job CloudStack shows on the instance (or the one this run left), for a re-run or the job module
                job = " (its async job %s may still complete)" % vm["jobid"] if vm.get("jobid") else ""
                self.engine.fail("instance %r is still %s after %s seconds%s" % (vm.get("name"), vm["state"], timeout, job))
            time.sleep(self.engine.params["poll_interval"])
            vm = self.engine.find() or vm
        return vm

    def stopped_for(self, vm, changes):
        """Apply ``changes`` ([(what, why, apply(vm))]) that CloudStack makes only on a stopped instance: at
        once when it is stopped; else stop, apply and start again (always awaited) - with force, or when the task
        wants it stopped anyway."""
        if not changes:
            return vm
        vm = self.settle(vm)
        running = self.state(vm) == "Running"
        restart = running and self.wanted != "stopped"
        if restart and not self.engine.params["force"]:
            self.engine.fail("changing %s of running instance %r needs it stopped: %s; set force=true to let the module "
                             "stop and start it, or stop it first" % (
                                 " and ".join(what for what, _why, _apply in changes), vm.get("name"),
                                 "; ".join(why for _what, why, _apply in changes)))
        if running:
            vm = self.reach(vm, "stopped", wait=True)
        for _what, _why, apply in changes:
            apply(vm)
        return self.reach(vm, "started", wait=True) if restart else vm
