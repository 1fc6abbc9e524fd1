"""An in-memory stand-in for CloudStackClient, to test the engine's logic call by call."""
import itertools

from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError, CloudStackTransportError

ROOT = {"id": "d0000000-0000-0000-0000-000000000001", "name": "ROOT", "path": "ROOT"}


class FakeCloud:
    """Zones and domains; create/update params are stored under the keys the API returns."""

    RETURNED = {"securitygroupenabled": "securitygroupsenabled"}

    def __init__(self, zones=(), domains=(ROOT,)):
        self.items = {"listZones": [dict(z) for z in zones], "listDomains": [dict(d) for d in domains]}
        self.calls = 0
        self.requests = []
        self.ids = ("z%07d-0000-0000-0000-000000000000" % n for n in itertools.count(1))
        self.lose_next_answer = False  # simulate a create that reached the server but whose answer got lost
        self.refuse = {}  # command -> errortext: CloudStack refuses these commands

    def list(self, command, **params):
        self.calls += 1
        self.requests.append((command, params))
        filters = dict((k, v) for k, v in params.items() if k in ("id", "name"))
        return [dict(i) for i in self.items[command] if all(i.get(k) == v for k, v in filters.items())]

    def call(self, command, wait=True, **params):  # the real client's signature; nothing here is async
        self.calls += 1
        self.requests.append((command, params))
        if command in self.refuse:
            raise CloudStackApiError(command, 530, self.refuse[command])
        zones = self.items["listZones"]
        if command == "createZone":
            zone = dict((self.RETURNED.get(k, k), v) for k, v in params.items())
            zone.update(id=next(self.ids), allocationstate=params.get("allocationstate", "Disabled"))
            for flag in ("localstorageenabled", "securitygroupsenabled"):
                zone[flag] = str(zone.get(flag, "false")).lower() == "true"
            zones.append(zone)
            if self.lose_next_answer:
                raise CloudStackTransportError(command, None, "no answer")
            return {"zone": dict(zone)}
        zone = next((z for z in zones if z["id"] == params["id"]), None)
        if zone is None:
            raise CloudStackApiError(command, 431, "Unable to find zone by id")
        if command == "updateZone":
            zone.update((k, v) for k, v in params.items() if k != "id")
            return {"zone": dict(zone)}
        if command == "deleteZone":
            zones.remove(zone)
            return {"success": True}
        raise CloudStackApiError(command, 432, "The given command does not exist")

    def commands(self):
        return [command for command, _params in self.requests]
