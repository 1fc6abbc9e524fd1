"""Command name -> handler, and the results a handler can return besides a plain response body."""

HANDLERS = {}
FINISHERS = {}
ACCESS_CHECKS = []


def command(*names):
    """Register a handler `fn(ctx, params) -> dict | Listing | Job` for API commands."""
    def register(fn):
        for name in names:
            HANDLERS[name] = fn
        return fn
    return register


def access_check(fn):
    """Register `fn(sim, user, command)`: raises CloudStack's error when the caller may not use the command
    (checked before the parameters, as ApiServer checks the command's availability first)."""
    ACCESS_CHECKS.append(fn)
    return fn


def finisher(name, rollback=None):
    """Register `fn(store, args) -> jobresult dict`: what an async job does when it completes.

    `rollback(store, args)` undoes the transitional state when the job fails instead.
    """
    def register(fn):
        FINISHERS[name] = (fn, rollback)
        return fn
    return register


class RawJSON(str):
    """A value already encoded as JSON text (cached renderings of large list items)."""


class Listing:
    """A list response: records, paged by the protocol layer, then rendered with `view`, under `key` when CloudStack
    answers another key than the catalogue's (lower-cased) list key (listAffinityGroupTypes: `affinityGroupType`)."""

    def __init__(self, records, view=None, key=None):
        self.records = records
        self.view = view or (lambda record: record)
        self.key = key


class Job:
    """An async command's job: `finish` (a registered finisher name) runs with `args` at completion.

    The handler sets the transitional state before returning the Job; it is what clients see until the
    job completes, `latency` seconds later (default: the simulator's --job-latency).
    """

    def __init__(self, finish, args, instancetype=None, instanceid=None, response_id=None, latency=None):
        self.finish = finish
        self.args = args
        self.instancetype = instancetype
        self.instanceid = instanceid
        self.response_id = response_id if response_id is not None else instanceid
        self.latency = latency
