"""A list-and-CRUD resource declared as data: its table and response key, the list filters beyond the
common ones, and create/update/delete commands answered as the catalogue says (synchronously, or by
an async job whose result is the object). Ownership and visibility are CloudStack's (common.py):
a resource belongs to an account or a project; lists show what the caller may see. An infrastructure resource
(`admin=True`: pods, clusters, hosts) has no owner: only the root admin lists and changes it."""
from .. import catalogue, exceptions
from ..registry import Job, Listing, command, finisher
from .common import filter_common, new_id, owner_fields, resolve_owner, success, tag_view, visible


class Resource:
    """`kind`: the table; `key`: the response key of one object; `lister`: its list command, whose catalogue
    response fields are what a response shows of a record; `filters`: list parameters compared with the
    record's field of the same name; `text_filters`: {list parameter: record field} compared without case, as
    MySQL's collation compares CloudStack's strings; `narrow(ctx, records, params)`: the other list filters (it may
    also refuse parameters); `tagged`: responses carry the resource tags; `computed(store, record)`: response fields
    that come from other tables; `jobtype`: the jobinstancetype of its async jobs; `admin`: an infrastructure
    resource without owner; `refresh(store, record)`: brings a record up to date before it is listed (a state that
    advances with time); `viewer(ctx, params)`: the view of a record when a list's response depends on its
    parameters (else `view`); `name_field`: the field the `name` filter compares (CloudStack's display name for
some); `scope(ctx, records, params)`: the records a list shows the caller, when CloudStack decides it otherwise than
for owned resources (templates and ISOs: their templatefilter); `zoned`: a resource that exists per zone (templates,
ISOs: its record keeps its zones' ids in `_zones`), listed once per zone, each entry with its zoneid and zonename,
`zoneid` selecting entries; a delete with `zoneid` removes one zone's copy. A list command with
`retrieveonlyresourcecount` answers the count only."""

    def __init__(self, kind, key, lister, filters=(), keyword_fields=("name",), tagged=False, jobtype=None,
                 computed=None, narrow=None, admin=False, text_filters=None, refresh=None, viewer=None,
                 name_field="name", scope=None, zoned=False):
        self.kind, self.key, self.filters, self.keyword_fields = kind, key, filters, keyword_fields
        self.tagged, self.jobtype, self.computed, self.narrow = tagged, jobtype, computed, narrow
        self.admin, self.text_filters, self.refresh, self.viewer = admin, text_filters or {}, refresh, viewer
        self.name_field, self.scope, self.zoned = name_field, scope, zoned
        self.fields = catalogue.shared().response_fields(lister)
        command(lister)(self.listing)
        finisher("%s.answer" % kind)(self._finish_answer)
        finisher("%s.delete" % kind)(self._finish_delete)
        self.before_delete = self.after_update = None

    # Records -----------------------------------------------------------------------------------

    def view(self, store, record):
        out = {k: v for k, v in record.items() if k in self.fields and v is not None}
        if self.tagged:
            out["tags"] = [tag_view(t) for t in store.tags_of(record["id"])]
        if self.computed:
            out.update(self.computed(store, record))
        return out

    def zone_view(self, store, record, zone):
        """The list entry of a `zoned` resource for one of its zones."""
        return dict(self.view(store, record), zoneid=zone["id"], zonename=zone["name"])

    @staticmethod
    def zones(store, record):
        """The zones a `zoned` resource is in."""
        return [store.get("zone", z) for z in record["_zones"] if store.get("zone", z)]

    def shown(self, store, record, every_zone=False):
        """The response object: a `zoned` resource's entry in its first zone, or `every_zone` the list of them."""
        if not self.zoned:
            return self.view(store, record)
        entries = [self.zone_view(store, record, zone) for zone in self.zones(store, record)]
        return entries if every_zone else (entries[0] if entries else self.view(store, record))

    def named(self, store, account, name):
        """The resource of `account` with this name (names are unique per owner), or None."""
        return store.first(self.kind, _accountid=account["id"], name=name)

    def insert(self, store, fields, account, project=None):
        """A new record of `account` (or of its `project`) with these fields."""
        record = dict(fields, id=new_id())
        record.update(owner_fields(store, account, project))
        return store.put(self.kind, record)

    def owned(self, ctx, name="id"):
        """The record a uuid parameter names, once the caller is known to may act on it (the root admin only, for
        an infrastructure resource)."""
        if self.admin:
            ctx.require_root_admin()
            return ctx.lookup(self.kind, name)
        record = ctx.lookup(self.kind, name)
        ctx.check_owner(record)
        return record

    def identified(self, ctx, params, by_name):
        """The record `id` names, or else `name` for the owner the parameters give (account and domainid,
        projectid, or the caller), once the caller is known to may act on it. `by_name`: CloudStack's texts
        (no such name for the account: formats `name`, `account`; neither id nor name)."""
        missing, neither = by_name
        if params.get("id"):
            return self.owned(ctx)
        if not params.get("name"):
            raise exceptions.invalid(neither)
        account = resolve_owner(ctx, params)[0]
        record = self.named(ctx.store, account, params["name"])
        if record is None:
            raise exceptions.invalid(missing.format(name=params["name"], account=account["name"]))
        ctx.check_owner(record)
        return record

    def answer(self, ctx, record, every_zone=False):
        """The response of a create or update: the object (`shown`), or a job that answers it (async commands)."""
        if ctx.sim.catalogue.is_async(ctx.command):
            return Job("%s.answer" % self.kind, {"id": record["id"]}, self.jobtype, record["id"])
        return {self.key: self.shown(ctx.store, record, every_zone)}

    def _finish_answer(self, store, args):
        record = store.get(self.kind, args["id"])
        return {self.key: self.shown(store, self.refresh(store, record) if self.refresh else record)}

    def remove(self, store, record, zoneid=None):
        """Delete the record, or with `zoneid` a `zoned` resource's copy in that zone (the record with its last)."""
        if zoneid:
            record["_zones"] = [z for z in record["_zones"] if z != zoneid]
            if record["_zones"]:
                store.put(self.kind, record)
                return
        if self.before_delete:
            self.before_delete(store, record)
        for tag in list(store.tags_of(record["id"])):
            store.delete("tag", tag["id"])
        store.delete(self.kind, record["id"])

    def _finish_delete(self, store, args):
        self.remove(store, store.get(self.kind, args["id"]), args.get("zoneid"))
        return {"success": True}

    # Commands ----------------------------------------------------------------------------------

    def listing(self, ctx, params):
        """Visible records, narrowed by the declared filters and by id, ids, name, keyword, zone and tags."""
        if self.admin:
            ctx.require_root_admin()
            records = ctx.store.all(self.kind)
        elif self.scope:
            records = self.scope(ctx, ctx.store.all(self.kind), params)
        else:
            records = visible(ctx, ctx.store.all(self.kind), params)
        if self.refresh:
            records = [self.refresh(ctx.store, record) for record in records]
        for field in self.filters:
            if params.get(field) is not None:
                records = [r for r in records if r.get(field) == params[field]]
        for param, field in self.text_filters.items():
            if params.get(param):
                records = [r for r in records if (r.get(field) or "").lower() == params[param].lower()]
        if self.narrow:
            records = self.narrow(ctx, records, params)
        records = filter_common(ctx, records, dict(params, zoneid=None) if self.zoned else params,
                                name_field=self.name_field, keyword_fields=self.keyword_fields)
        if self.zoned:
            entries = [(record, zone) for record in records for zone in self.zones(ctx.store, record)
                       if not params.get("zoneid") or zone["id"] == params["zoneid"]]
            return Listing(entries, lambda entry: self.zone_view(ctx.store, *entry))
        if params.get("retrieveonlyresourcecount"):
            return {"count": len(records)}
        view = self.viewer(ctx, params) if self.viewer else (lambda record: self.view(ctx.store, record))
        return Listing(records, view)

    def create_command(self, name, duplicate=None):
        """Register `name` as a create: decorate `fields(ctx, params, account, project)` -> the new record's
        fields. `duplicate` is the error text (format fields `name`, `account`) for a name the owner has. A `zoned`
        resource answers its entry in each of its zones (CloudStack's register commands answer a list)."""
        def register(fields):
            def create(ctx, params):
                account, project = resolve_owner(ctx, params)
                if duplicate and self.named(ctx.store, account, params["name"]):
                    raise exceptions.invalid(duplicate.format(name=params["name"], account=account["id"]))
                return self.answer(ctx, self.insert(ctx.store, fields(ctx, params, account, project), account,
                                                    project), every_zone=True)
            command(name)(create)
            return fields
        return register

    def update_command(self, name, fields, duplicate=None, changes=None):
        """Register `name` as an update of the given fields, from the parameters of the same names, and of what
        `changes(ctx, params, record)` returns; decorate `after_update(store, record)` to carry the change to what
        copies it (or register without). `duplicate`: as for `create_command`."""
        def update(ctx, params):
            record = self.owned(ctx)
            account = ctx.store.get("account", record["_accountid"])
            if duplicate and params.get("name") and params["name"] != record["name"] and \
                    self.named(ctx.store, account, params["name"]):
                raise exceptions.invalid(duplicate.format(name=params["name"], account=account["id"]))
            record.update({field: params[field] for field in fields if params.get(field) is not None})
            if changes:
                record.update(changes(ctx, params, record))
            ctx.store.put(self.kind, record)
            if self.after_update:
                self.after_update(ctx.store, record)
            return self.answer(ctx, record)
        command(name)(update)

        def register(after_update):
            self.after_update = after_update
            return after_update
        return register

    def delete_command(self, name, by_name=None, refuse=None):
        """Register `name` as a delete by id (or by name: `by_name` as for `identified`). `refuse(ctx,
        record)` raises CloudStack's error when the record can't go (checked before any job); decorate
        `before_delete(store, record)` to let go of what refers to the record (or register without)."""
        def delete(ctx, params):
            record = self.identified(ctx, params, by_name) if by_name else self.owned(ctx)
            zone = ctx.lookup("zone", "zoneid") if self.zoned else None
            if refuse:
                refuse(ctx, record)
            if ctx.sim.catalogue.is_async(ctx.command):
                return Job("%s.delete" % self.kind, {"id": record["id"], "zoneid": zone and zone["id"]}, self.jobtype,
                           record["id"])
            self.remove(ctx.store, record, zone and zone["id"])
            return success()
        command(name)(delete)

        def register(before_delete):
            self.before_delete = before_delete
            return before_delete
        return register
