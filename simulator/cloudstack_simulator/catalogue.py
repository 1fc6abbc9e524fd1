"""The API catalogue (data/api-4.22.json) and request validation against it."""
import datetime
import json
import os
import re
import uuid

from . import exceptions

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# Parameters every command accepts: transport, authentication and paging.
TRANSPORT_PARAMS = {"command", "response", "apikey", "signature", "signatureversion", "expires",
                    "sessionkey", "_"}
PAGING_PARAMS = {"page", "pagesize"}
MAP_KEY = re.compile(r"^([A-Za-z0-9_]+)\[(\d+)\]\.(.+)$")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S")


def shared():
    """The catalogue, loaded once for the process (the server's, and the resource layer's response fields)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Catalogue()
    return _SHARED


_SHARED = None


class Catalogue:
    def __init__(self, path=os.path.join(DATA_DIR, "api-4.22.json")):
        with open(path) as f:
            self.commands = json.load(f)["commands"]
        self._by_lower = {name.lower(): name for name in self.commands}

    def canonical(self, command):
        return self._by_lower.get((command or "").lower())

    def param_type(self, command, name):
        param = self.commands[command]["params"].get(name)
        return param["type"] if param else None

    def is_async(self, command):
        return self.commands[command]["isasync"]

    def response_fields(self, command):
        return frozenset(self.commands[command]["response"])

    def listkey(self, command):
        return self.commands[command].get("listkey")

    def validate(self, command, raw, strict):
        """Check `raw` (str -> str) against the command's parameters; return them typed.

        Maps (`tags[0].key=...`) become lists of dicts, lists become lists of strings, booleans,
        integers and dates become Python values. Keys are the catalogue's spelling.
        """
        spec = self.commands[command]["params"]
        names = {name.lower(): name for name in spec}
        typed, maps = {}, {}
        for key, value in raw.items():
            low = key.lower()
            if low in TRANSPORT_PARAMS:
                continue
            match = MAP_KEY.match(key)
            if match and match.group(1).lower() in names and spec[names[match.group(1).lower()]]["type"] == "map":
                name = names[match.group(1).lower()]
                maps.setdefault(name, {}).setdefault(int(match.group(2)), {})[match.group(3)] = value
                continue
            if low in PAGING_PARAMS and low not in names:
                if "listkey" in self.commands[command]:
                    typed[low] = self._integer(command, low, value)
                elif strict:
                    raise exceptions.unknown_parameter(command, key)
                continue
            if low not in names:
                if strict:
                    raise exceptions.unknown_parameter(command, key)
                continue
            name = names[low]
            typed[name] = self._convert(command, name, spec[name]["type"], value)
        for name, entries in maps.items():
            typed[name] = [entries[i] for i in sorted(entries)]
        for name, param in spec.items():
            if param["required"] and name not in typed:
                raise exceptions.missing_parameter(command, name)
        return typed

    def _convert(self, command, name, kind, value):
        if kind == "uuid":
            if name in ("projectid", "zoneid") and value == "-1":  # all projects, all zones
                return value
            return self._uuid(command, name, value)
        if kind in ("integer", "long", "short"):
            return self._integer(command, name, value)
        if kind == "boolean":
            if value.lower() not in ("true", "false"):
                raise exceptions.invalid_type(command, name, value)
            return value.lower() == "true"
        if kind == "date":
            return self._date(command, value)
        if kind == "list":
            items = [item.strip() for item in value.split(",") if item.strip()]
            if name.lower().endswith("ids"):
                for item in items:
                    self._uuid(command, name, item)
            return items
        if kind == "map":
            raise exceptions.invalid_type(command, name, value)
        return value

    @staticmethod
    def _uuid(command, name, value):
        try:
            uuid.UUID(value)
        except ValueError:
            raise exceptions.invalid_uuid(command, name, value) from None
        return value.lower()

    @staticmethod
    def _integer(command, name, value):
        try:
            return int(value)
        except ValueError:
            raise exceptions.invalid_type(command, name, value) from None

    @staticmethod
    def _date(command, value):
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value, fmt)
            except ValueError:
                continue
        raise exceptions.invalid_date(command, value)
