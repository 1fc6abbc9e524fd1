"""The simulator's state: tables of records (plain JSON-able dicts keyed by id), optionally written
through to SQLite so that a cloud survives a restart (even kill -9: every mutation is committed)."""
import contextlib
import json
import sqlite3
import threading


class Store:
    def __init__(self, path=None):
        self.tables = {}
        self.lock = threading.RLock()
        self._db = None
        self._batch = 0
        self._dirty = {}  # (kind, id) -> record, or None once deleted: what the next flush writes
        # Children looked up by parent id on every listing: kind -> parent field (which never changes).
        self._index_fields = {"tag": "resourceid", "nic": "virtualmachineid", "volume": "_vm"}
        self._index = {kind: {} for kind in self._index_fields}
        # id -> revision of its last change (a tag or nic change counts as a change of its parent), so that
        # rendered views can be cached until what they show changes; `cache` holds them.
        self._revisions = {}
        self._counter = 0
        self.cache = {}
        if path:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS objects (kind TEXT, id TEXT, data TEXT, "
                             "PRIMARY KEY (kind, id))")
            for kind, oid, data in self._db.execute("SELECT kind, id, data FROM objects ORDER BY rowid"):
                self.tables.setdefault(kind, {})[oid] = json.loads(data)
            for kind, field in self._index_fields.items():
                for record in self.all(kind):
                    self._index[kind].setdefault(record[field], []).append(record)

    @property
    def loaded(self):
        """True when the state file already held a cloud."""
        return bool(self.tables)

    def table(self, kind):
        return self.tables.setdefault(kind, {})

    def get(self, kind, oid):
        return self.tables.get(kind, {}).get(oid)

    def exists(self, oid):
        """True when any table holds a record with this id."""
        return any(oid in table for table in self.tables.values())

    def all(self, kind):
        return list(self.tables.get(kind, {}).values())

    def find(self, kind, **fields):
        return [r for r in self.tables.get(kind, {}).values()
                if all(r.get(k) == v for k, v in fields.items())]

    def first(self, kind, **fields):
        for record in self.tables.get(kind, {}).values():
            if all(record.get(k) == v for k, v in fields.items()):
                return record
        return None

    def children(self, kind, parentid):
        """Indexed records of `kind` (tag, nic, volume) that belong to `parentid`."""
        return self._index[kind].get(parentid, ())

    def tags_of(self, resourceid):
        return self._index["tag"].get(resourceid, ())

    def has_tags(self, resourceid, wanted):
        """True when the resource has every {key, value} of `wanted` (a tags[i].key/value map)."""
        tags = self.tags_of(resourceid)
        have = {(t["key"], t["value"]) for t in tags}
        keys = {t["key"] for t in tags}
        return all((w.get("key"), w["value"]) in have if "value" in w else w.get("key") in keys for w in wanted)

    def revision(self, oid):
        return self._revisions.get(oid, 0)

    def _touch(self, kind, record):
        self._counter += 1
        self._revisions[record["id"]] = self._counter
        if kind in self._index_fields:
            self._revisions[record[self._index_fields[kind]]] = self._counter

    def put(self, kind, record):
        """Insert or save a record (after changing it in place)."""
        self._touch(kind, record)
        table = self.table(kind)
        if kind in self._index and record["id"] not in table:
            self._index[kind].setdefault(record[self._index_fields[kind]], []).append(record)
        table[record["id"]] = record
        self._persist(kind, record["id"], record)
        return record

    def delete(self, kind, oid):
        record = self.tables.get(kind, {}).pop(oid, None)
        if record:
            self._touch(kind, record)
        if kind in self._index and record:
            self._index[kind][record[self._index_fields[kind]]].remove(record)
        self._persist(kind, oid, None)
        return record

    def _persist(self, kind, oid, record):
        if self._db:
            self._dirty[(kind, oid)] = record
            if not self._batch:
                self._flush()

    def _flush(self):
        """Write the changed records in one transaction; an update keeps the row (and so the order)."""
        dirty, self._dirty = self._dirty, {}
        upserts = [(k, i, json.dumps(r)) for (k, i), r in dirty.items() if r is not None]
        deletes = [(k, i) for (k, i), r in dirty.items() if r is None]
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO objects (kind, id, data) VALUES (?, ?, ?) "
                             "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data", upserts)
        self._db.executemany("DELETE FROM objects WHERE kind = ? AND id = ?", deletes)
        self._db.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self):
        """Many mutations written to SQLite at once, at the end (building a world, a job's effects)."""
        with self.lock:
            self._batch += 1
            try:
                yield
            finally:
                self._batch -= 1
                if self._db and not self._batch and self._dirty:
                    self._flush()
