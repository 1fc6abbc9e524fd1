"""Helpers for the simulator's tests: `cs` clients on a simulator and raw (hand-signed) requests."""
import base64
import hashlib
import hmac
from urllib.parse import quote

import pytest
import requests
from cs import CloudStack, CloudStackApiException

from cloudstack_simulator.process import SimulatorProcess


def client(sim, **kwargs):
    """A `cs` client on the simulator (fetch_result=True waits for async jobs)."""
    kwargs.setdefault("fetch_result", True)
    kwargs.setdefault("poll_interval", 0.05)
    return CloudStack(endpoint=sim.endpoint, key=kwargs.pop("key", sim.key), secret=kwargs.pop("secret", sim.secret),
                      **kwargs)


def user_client(sim, api, name):
    """A `cs` client of a new plain user account `name` in the ROOT domain, with its keys."""
    root = api.listDomains(name="ROOT")["domain"][0]
    account = api.createAccount(account=name, username=name, password="pw", email="%s@example.com" % name,
                                firstname=name.title(), lastname="User", accounttype=0, domainid=root["id"])["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    return client(sim, key=keys["apikey"], secret=keys["secretkey"])


def sign(params, secret):
    unsigned = "&".join("%s=%s" % (k, quote(str(params[k]), safe="*")) for k in sorted(params))
    digest = hmac.new(secret.encode(), unsigned.lower().encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def raw(sim, method="GET", key=None, secret=None, **params):
    """One signed request built by hand; returns (HTTP status, JSON document)."""
    params = dict(params, apiKey=key or sim.key, response="json")
    params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()}
    params["signature"] = sign(params, secret or sim.secret)
    if method == "GET":
        response = requests.get(sim.endpoint, params=params, timeout=30)
    else:
        response = requests.post(sim.endpoint, data=params, timeout=30)
    return response.status_code, response.json()


def api_error(call, *args, **kwargs):
    """The CloudStack error document a call fails with (the test fails if it succeeds)."""
    with pytest.raises(CloudStackApiException) as info:
        call(*args, **kwargs)
    return info.value.error


@pytest.fixture
def api(simulator):
    return client(simulator)


@pytest.fixture(scope="module")
def shared_simulator(tmp_path_factory):
    """One strict sandbox simulator for the tests of a module that change nothing in it."""
    sim = SimulatorProcess(strict=True, workdir=str(tmp_path_factory.mktemp("sim")))
    yield sim.start()
    sim.stop()


@pytest.fixture
def shared_api(shared_simulator):
    return client(shared_simulator)


def by_name(api, command, name, **params):
    """The one object named `name` that a list command returns."""
    key = {"listZones": "zone", "listServiceOfferings": "serviceoffering", "listNetworkOfferings": "networkoffering",
           "listNetworks": "network"}[command]
    found = [o for o in getattr(api, command)(**params).get(key, []) if o["name"] == name]
    assert len(found) == 1, found
    return found[0]


class World:
    """Ids of the sandbox objects that most tests deploy with."""

    def __init__(self, api):
        self.basic = by_name(api, "listZones", "Sandbox-simulator-basic")
        self.advanced = by_name(api, "listZones", "Sandbox-simulator-advanced")
        self.template = api.listTemplates(templatefilter="featured", zoneid=self.basic["id"])["template"][0]
        self.small = by_name(api, "listServiceOfferings", "Small Instance")
        self.medium = by_name(api, "listServiceOfferings", "Medium Instance")
        self.isolated = by_name(api, "listNetworkOfferings", "DefaultIsolatedNetworkOfferingWithSourceNatService")


@pytest.fixture
def world(api):
    return World(api)
