"""The simulator's state: tables of records (plain JSON-able dicts keyed by id), optionally written
through to SQLite so that a cloud survives a restart (even kill -9: every transaction is committed).

Every request is one transaction (`transaction()`): when it fails, every record it created, changed
(with or without `put`) or deleted is as it was before, in memory and in SQLite, like CloudStack's
database transaction around a command. Records are changed in place by the models, so the store keeps
each record as last committed (`_committed`, marshalled: compact and quick to compare) to restore them.
"""
import contextlib
import json
import marshal
import sqlite3
import threading


class Store:
    def __init__(self, path=None):
        self.tables = {}
        self.lock = threading.RLock()
        self._db = None
        self._depth = 0  # nesting of transaction(): the outermost one commits or rolls back
        self._changed = {}  # (kind, id) -> record, or None once deleted: the open transaction's puts and deletes
        self._deleted = {}  # (kind, id) -> the record deleted in the open transaction (restored on rollback)
        self._seen = set()  # kinds read or written in the open transaction: those a rollback checks
        self._committed = {}  # kind -> {id: marshalled record as last committed}, in table order
        # Children looked up by parent id on every listing: kind -> parent field (which never changes).
        self._index_fields = {"tag": "resourceid", "nic": "virtualmachineid", "volume": "_vm"}
        self._index = {kind: {} for kind in self._index_fields}
        # id -> revision of its last change (a tag or nic change counts as a change of its parent), so that
        # rendered views can be cached until what they show changes; `cache` holds them.
        self._revisions = {}
        self._counter = 0
        self.changes = 0  # records committed (created, changed or deleted) since start: GET /_sim/changes
        self.cache = {}
        if path:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS objects (kind TEXT, id TEXT, data TEXT, "
                             "PRIMARY KEY (kind, id))")
            for kind, oid, data in self._db.execute("SELECT kind, id, data FROM objects ORDER BY rowid"):
                record = json.loads(data)
                self.tables.setdefault(kind, {})[oid] = record
                self._committed.setdefault(kind, {})[oid] = marshal.dumps(record)
            for kind in self._index_fields:
                self._reindex(kind)

    @property
    def loaded(self):
        """True when the state file already held a cloud."""
        return bool(self.tables)

    def table(self, kind):
        self._seen.add(kind)
        return self.tables.setdefault(kind, {})

    def get(self, kind, oid):
        self._seen.add(kind)
        return self.tables.get(kind, {}).get(oid)

    def exists(self, oid):
        """True when any table holds a record with this id."""
        return any(oid in table for table in self.tables.values())

    def all(self, kind):
        self._seen.add(kind)
        return list(self.tables.get(kind, {}).values())

    def find(self, kind, **fields):
        self._seen.add(kind)
        return [r for r in self.tables.get(kind, {}).values()
                if all(r.get(k) == v for k, v in fields.items())]

    def first(self, kind, **fields):
        self._seen.add(kind)
        for record in self.tables.get(kind, {}).values():
            if all(record.get(k) == v for k, v in fields.items()):
                return record
        return None

    def children(self, kind, parentid):
        """Indexed records of `kind` (tag, nic, volume) that belong to `parentid`."""
        self._seen.add(kind)
        return self._index[kind].get(parentid, ())

    def tags_of(self, resourceid):
        return self.children("tag", resourceid)

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
        self._seen.add(kind)
        table = self.table(kind)
        if kind in self._index and record["id"] not in table:
            self._index[kind].setdefault(record[self._index_fields[kind]], []).append(record)
        table[record["id"]] = record
        self._change(kind, record["id"], record)
        return record

    def delete(self, kind, oid):
        self._seen.add(kind)
        record = self.tables.get(kind, {}).pop(oid, None)
        if record:
            self._touch(kind, record)
            self._deleted.setdefault((kind, oid), record)
        if kind in self._index and record:
            self._index[kind][record[self._index_fields[kind]]].remove(record)
        self._change(kind, oid, None)
        return record

    def _change(self, kind, oid, record):
        self._changed[(kind, oid)] = record
        if not self._depth:  # a change outside any transaction is one by itself
            self._commit()

    @contextlib.contextmanager
    def transaction(self):
        """One request's (or one job's, or one world's) changes: all committed, or none if it raises.

        Nested transactions join the outermost one.
        """
        with self.lock:
            if self._depth == 0:
                self._seen.clear()
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if not self._depth:
                    self._rollback()
                raise
            self._depth -= 1
            if not self._depth:
                self._commit()

    batch = transaction  # the earlier name, still used by model code

    def _commit(self):
        changed = self._changed
        self._changed, self._deleted = {}, {}
        self.changes += len(changed)
        for (kind, oid), record in changed.items():
            committed = self._committed.setdefault(kind, {})
            if record is None:
                committed.pop(oid, None)
            else:
                committed[oid] = marshal.dumps(record)
        if self._db and changed:
            self._write(changed)

    def _write(self, changed):
        """Write the changed records in one SQLite transaction; an update keeps the row (and so the order)."""
        upserts = [(k, i, json.dumps(r)) for (k, i), r in changed.items() if r is not None]
        deletes = [(k, i) for (k, i), r in changed.items() if r is None]
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO objects (kind, id, data) VALUES (?, ?, ?) "
                             "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data", upserts)
        self._db.executemany("DELETE FROM objects WHERE kind = ? AND id = ?", deletes)
        self._db.execute("COMMIT")

    def _rollback(self):
        """Put every table the transaction saw back as last committed: records it created are gone, those it
        deleted are back (in their place), those it changed (put or not) hold their committed fields again."""
        for kind in self._seen:
            table = self.tables.get(kind)
            if table is None:
                continue
            if kind not in self._committed:  # a table the transaction began
                del self.tables[kind]
            committed = self._committed.get(kind, {})
            restored = {}
            for oid, image in committed.items():
                record = table.get(oid) or self._deleted.get((kind, oid))
                if record is None or marshal.dumps(record) != image:
                    record = record if record is not None else {}
                    record.clear()
                    record.update(marshal.loads(image))
                    self._touch(kind, record)
                restored[oid] = record
            if list(restored) != list(table) or any(restored[oid] is not record for oid, record in table.items()):
                for oid, record in table.items():
                    if oid not in restored:
                        self._touch(kind, record)
                table.clear()
                table.update(restored)
                if kind in self._index_fields:
                    self._reindex(kind)
        self._changed, self._deleted = {}, {}

    def _reindex(self, kind):
        field, index = self._index_fields[kind], {}
        for record in self.tables.get(kind, {}).values():
            index.setdefault(record[field], []).append(record)
        self._index[kind] = index
