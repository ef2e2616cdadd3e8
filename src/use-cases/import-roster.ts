// Writes a validated roster: all or nothing, in one transaction, and only what differs, so
// importing the same file twice leaves the database exactly as it was. People are matched by
// staff code, else by phone; each listed person's roles become exactly the file's roles.
// People not in the file are left alone (deactivation is an explicit act).
import { scopeKeyOf } from '../core/role-scope.js';
import { foldVietnamese } from '../core/text.js';
import { audit } from '../db/audit.js';
import { ensureRootUnits, type RootUnits } from '../db/org-setup.js';
import type { Db, DbTx } from '../db/prisma.js';
import { groupKeyOf } from '../roster/roster-columns.js';
import type { PlannedPerson, PlannedRole, RosterPlan, RowError, UnitRef } from '../roster/roster-plan.js';

const ENTITIES = ['units', 'schools', 'groups', 'subgroups', 'staff', 'roles'] as const;
type Entity = (typeof ENTITIES)[number];
export type ChangeCounts = Record<Entity, { created: number; updated: number; removed: number }>;

export interface ImportOptions {
  actor: string;
  cityName: string;
  /** Work out and report the changes, then roll back. */
  dryRun?: boolean;
  /**
   * Say who holds a clashing phone: only for an importer who may see everyone (the hotline
   * team, the CLI). A school's admin is told that someone else holds it, not who.
   */
  nameHolders?: boolean;
  /** Told how many people are written so far (the web's background import shows it). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export type ImportResult =
  | { ok: true; changes: ChangeCounts; people: number; dryRun: boolean }
  | { ok: false; errors: RowError[] };

class DryRunRollback extends Error {}

export async function importRoster(db: Db, plan: RosterPlan, options: ImportOptions): Promise<ImportResult> {
  const conflicts = await findConflicts(db, plan.people, options.nameHolders ?? false);
  if (conflicts.length > 0) return { ok: false, errors: conflicts };
  const changes = emptyCounts();
  try {
    await db.$transaction(
      async (tx) => {
        await new RosterWriter(tx, changes, await ensureRootUnits(tx, options.cityName), options.onProgress).write(plan);
        if (totalChanges(changes) > 0) {
          await audit(tx, { actor: options.actor, action: 'roster.import', entityType: 'Roster', details: { changes } });
        }
        if (options.dryRun) throw new DryRunRollback();
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return { ok: true, changes, people: plan.people.length, dryRun: Boolean(options.dryRun) };
}

export function totalChanges(changes: ChangeCounts): number {
  return Object.values(changes).reduce((n, c) => n + c.created + c.updated + c.removed, 0);
}

/**
 * Keys per lookup and rows per insert: the bound parameters of one statement stay under
 * 999 (the SQLite driver's limit; PostgreSQL's is far higher).
 */
const BATCH = 400;
const INSERT_BATCH = 100;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A phone already used by someone with another staff code would merge two people. */
async function findConflicts(db: Db, people: PlannedPerson[], nameHolders: boolean): Promise<RowError[]> {
  const withBoth = people.filter((p) => p.staffCode && p.phone);
  const holders = new Map<string, { code: string; fullName: string }>();
  for (const batch of chunks(withBoth)) {
    const rows = await db.staff.findMany({ where: { phone: { in: batch.map((p) => p.phone!) } }, select: { code: true, phone: true, fullName: true } });
    for (const r of rows) if (r.phone) holders.set(r.phone, r);
  }
  const errors: RowError[] = [];
  for (const person of withBoth) {
    const holder = holders.get(person.phone!);
    if (holder && holder.code !== person.staffCode) {
      errors.push({
        rowNumber: person.rowNumbers[0]!,
        message: nameHolders
          ? `Số điện thoại ${person.phone} đang thuộc "${holder.fullName}" (mã ${holder.code}) trong hệ thống.`
          : `Số điện thoại ${person.phone} đang thuộc một người khác trong hệ thống (mã cán bộ khác). Hãy kiểm tra lại số; nếu đúng là người này, ghi mã cán bộ như trong danh sách tải về, hoặc nhờ Tổ hỗ trợ.`,
      });
    }
  }
  return errors;
}

type StaffRow = { id: number; code: string; phone: string | null } & Record<string, unknown>;
type RoleRow = { id: number; staffId: number; role: string; scopeKey: string; subjects: string };

class RosterWriter {
  private readonly unitIds = new Map<string, number>();
  private readonly schoolIds = new Map<string, number>();
  private readonly groupIds = new Map<string, number>();
  private readonly subgroupIds = new Map<string, number>();

  constructor(
    private readonly tx: DbTx,
    private readonly changes: ChangeCounts,
    private readonly roots: RootUnits,
    private readonly onProgress?: (done: number, total: number) => void | Promise<void>,
  ) {}

  async write(plan: RosterPlan): Promise<void> {
    const units = await this.existingByCode('orgUnit', plan.units.map((u) => u.code));
    for (const unit of plan.units) await this.unit(unit, units.get(unit.code) ?? null);
    await this.knownUnits(plan);
    const schools = await this.existingByCode('school', plan.schools.map((s) => s.code));
    for (const school of plan.schools) await this.school(school, schools.get(school.code) ?? null);
    await this.groups(plan.groups);
    await this.people(plan.people);
  }

  /** Units or schools already stored, by code, read in batches. */
  private async existingByCode<K extends 'orgUnit' | 'school'>(model: K, codes: string[]): Promise<Map<string, { id: number; code: string } & Record<string, unknown>>> {
    const found = new Map<string, { id: number; code: string } & Record<string, unknown>>();
    for (const batch of chunks(codes)) {
      const rows = model === 'orgUnit'
        ? await this.tx.orgUnit.findMany({ where: { code: { in: batch } } })
        : await this.tx.school.findMany({ where: { code: { in: batch } } });
      for (const r of rows) found.set(r.code, r);
    }
    return found;
  }

  /** Units a school refers to without the file listing them (a chosen school's). */
  private async knownUnits(plan: RosterPlan): Promise<void> {
    const codes = plan.schools.flatMap((s) => (s.supervisor.kind === 'SUPERVISING' && !this.unitIds.has(s.supervisor.code) ? [s.supervisor.code] : []));
    if (codes.length === 0) return;
    for (const u of await this.tx.orgUnit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })) this.unitIds.set(u.code, u.id);
  }

  private async unit(u: RosterPlan['units'][number], row: { id: number } | null): Promise<void> {
    const data = { name: u.name, typeLabel: u.typeLabel, kind: 'SUPERVISING', parentId: this.roots.departmentId, active: true };
    const id = await this.save('units', row, data, () => this.tx.orgUnit.create({ data: { code: u.code, ...data } }),
      (id) => this.tx.orgUnit.update({ where: { id }, data }));
    this.unitIds.set(u.code, id);
  }

  private async school(s: RosterPlan['schools'][number], row: { id: number } | null): Promise<void> {
    const data = { name: s.name, level: s.level, supervisingUnitId: this.unitId(s.supervisor), active: true };
    const id = await this.save('schools', row, data, () => this.tx.school.create({ data: { code: s.code, ...data } }),
      (id) => this.tx.school.update({ where: { id }, data }));
    this.schoolIds.set(s.code, id);
  }

  /** Groups and their sub-groups: read for all schools at once, new ones inserted in batches. */
  private async groups(groups: RosterPlan['groups']): Promise<void> {
    const schoolIds = [...new Set(groups.map((g) => this.schoolIds.get(g.schoolCode)!))];
    const readGroups = async () => {
      const byKey = new Map<string, { id: number; active: boolean }>();
      for (const batch of chunks(schoolIds)) {
        for (const r of await this.tx.group.findMany({ where: { schoolId: { in: batch } } })) {
          const key = `${r.schoolId}\u0000${groupKeyOf(r.name)}`;
          if (!byKey.has(key)) byKey.set(key, r);
        }
      }
      return byKey;
    };
    const stored = await readGroups();
    const keyOf = (g: RosterPlan['groups'][number]) => `${this.schoolIds.get(g.schoolCode)!}\u0000${groupKeyOf(g.name)}`;
    const news = groups.filter((g) => !stored.has(keyOf(g)));
    for (const g of groups) {
      const row = stored.get(keyOf(g));
      if (row && !row.active) {
        await this.tx.group.update({ where: { id: row.id }, data: { active: true } });
        this.changes.groups.updated++;
      }
    }
    for (const batch of chunks(news, INSERT_BATCH)) {
      await this.tx.group.createMany({ data: batch.map((g) => ({ schoolId: this.schoolIds.get(g.schoolCode)!, name: g.name, active: true })) });
    }
    this.changes.groups.created += news.length;
    const all = news.length > 0 ? await readGroups() : stored;
    for (const g of groups) this.groupIds.set(groupKey(g.schoolCode, g.name), all.get(keyOf(g))!.id);

    const groupIds = [...new Set(groups.map((g) => this.groupIds.get(groupKey(g.schoolCode, g.name))!))];
    const readSubgroups = async () => {
      const byKey = new Map<string, { id: number; active: boolean }>();
      for (const batch of chunks(groupIds)) {
        for (const r of await this.tx.subgroup.findMany({ where: { groupId: { in: batch } } })) {
          const key = `${r.groupId}\u0000${foldVietnamese(r.subject)}`;
          if (!byKey.has(key)) byKey.set(key, r);
        }
      }
      return byKey;
    };
    const wanted = groups.flatMap((g) => g.subgroups.map((subject) => ({ g, subject, groupId: this.groupIds.get(groupKey(g.schoolCode, g.name))! })));
    const subKey = (w: (typeof wanted)[number]) => `${w.groupId}\u0000${foldVietnamese(w.subject)}`;
    const storedSubs = await readSubgroups();
    const newSubs = wanted.filter((w) => !storedSubs.has(subKey(w)));
    for (const w of wanted) {
      const row = storedSubs.get(subKey(w));
      if (row && !row.active) {
        await this.tx.subgroup.update({ where: { id: row.id }, data: { active: true } });
        this.changes.subgroups.updated++;
      }
    }
    for (const batch of chunks(newSubs, INSERT_BATCH)) {
      await this.tx.subgroup.createMany({ data: batch.map((w) => ({ groupId: w.groupId, subject: w.subject, name: `Nhóm ${w.subject}`, active: true })) });
    }
    this.changes.subgroups.created += newSubs.length;
    const allSubs = newSubs.length > 0 ? await readSubgroups() : storedSubs;
    for (const w of wanted) this.subgroupIds.set(`${groupKey(w.g.schoolCode, w.g.name)}\u0000${foldVietnamese(w.subject)}`, allSubs.get(subKey(w))!.id);
  }

  /**
   * People in batches: who exists is read hundreds at a time, new people and new roles are
   * written 100 a statement, and only rows that differ are updated one by one. A city's
   * 20,000 people take seconds instead of the minutes of one round trip per person.
   */
  private async people(people: readonly PlannedPerson[]): Promise<void> {
    const total = people.length;
    await this.onProgress?.(0, total);
    const byCode = new Map<string, StaffRow>();
    const byPhone = new Map<string, StaffRow>();
    for (const batch of chunks(people, BATCH / 2)) {
      const codes = batch.flatMap((p) => (p.staffCode ? [p.staffCode] : []));
      const phones = batch.flatMap((p) => (p.phone ? [p.phone] : []));
      const rows = await this.tx.staff.findMany({ where: { OR: [{ code: { in: codes } }, { phone: { in: phones } }] } });
      for (const r of rows) {
        byCode.set(r.code, r);
        if (r.phone) byPhone.set(r.phone, r);
      }
    }
    const staffIdOf = new Map<PlannedPerson, number>();
    const creates: Array<{ person: PlannedPerson; data: Record<string, unknown> & { code: string } }> = [];
    let done = 0;
    for (const p of people) {
      const row = (p.staffCode ? byCode.get(p.staffCode) : undefined) ?? (p.phone ? byPhone.get(p.phone) : undefined) ?? null;
      const data = this.staffData(p);
      if (!row) {
        creates.push({ person: p, data: { code: p.staffCode ?? `CB${p.phone}`, ...data } });
        continue;
      }
      staffIdOf.set(p, await this.save('staff', row, data, async () => row, (id) => this.tx.staff.update({ where: { id }, data })));
      if (++done % INSERT_BATCH === 0) await this.onProgress?.(done, total);
    }
    for (const batch of chunks(creates, INSERT_BATCH)) {
      await this.tx.staff.createMany({ data: batch.map((c) => c.data as never) });
      const ids = await this.tx.staff.findMany({ where: { code: { in: batch.map((c) => c.data.code) } }, select: { id: true, code: true } });
      const idByCode = new Map(ids.map((r) => [r.code, r.id]));
      for (const c of batch) staffIdOf.set(c.person, idByCode.get(c.data.code)!);
      this.changes.staff.created += batch.length;
      done += batch.length;
      await this.onProgress?.(done, total);
    }
    await this.syncRoles(people.map((p) => ({ staffId: staffIdOf.get(p)!, planned: p.roles })));
    await this.onProgress?.(total, total);
  }

  private staffData(p: PlannedPerson): Record<string, unknown> {
    const subjects = [...new Set([...p.subjects, ...p.roles.flatMap((r) => r.subjects ?? [])])];
    return {
      fullName: p.fullName,
      phone: p.phone,
      email: p.email,
      subjects: JSON.stringify(subjects),
      schoolId: p.schoolCode ? this.schoolIds.get(p.schoolCode)! : null,
      unitId: p.unit ? this.unitId(p.unit) : null,
      active: true,
    };
  }

  /** Each person's roles become exactly the file's: missing ones created, others removed. */
  private async syncRoles(people: ReadonlyArray<{ staffId: number; planned: PlannedRole[] }>): Promise<void> {
    const existing = new Map<number, RoleRow[]>();
    for (const batch of chunks(people)) {
      const rows = await this.tx.roleAssignment.findMany({ where: { staffId: { in: batch.map((p) => p.staffId) } } });
      for (const r of rows) existing.set(r.staffId, [...(existing.get(r.staffId) ?? []), r]);
    }
    const creates: Array<Record<string, unknown>> = [];
    const removes: number[] = [];
    for (const { staffId, planned } of people) {
      const wanted = new Map(planned.map((r) => {
        const scope = this.scopeOf(r);
        return [`${r.role}#${scope.scopeKey}`, { role: r.role, ...scope, subjects: JSON.stringify(r.subjects ?? []) }];
      }));
      for (const row of existing.get(staffId) ?? []) {
        const want = wanted.get(`${row.role}#${row.scopeKey}`);
        if (!want) {
          removes.push(row.id);
        } else if (want.subjects !== row.subjects) {
          await this.tx.roleAssignment.update({ where: { id: row.id }, data: { subjects: want.subjects } });
          this.changes.roles.updated++;
        }
        wanted.delete(`${row.role}#${row.scopeKey}`);
      }
      for (const role of wanted.values()) creates.push({ staffId, ...role });
    }
    for (const batch of chunks(removes)) await this.tx.roleAssignment.deleteMany({ where: { id: { in: batch } } });
    this.changes.roles.removed += removes.length;
    for (const batch of chunks(creates, INSERT_BATCH)) await this.tx.roleAssignment.createMany({ data: batch as never });
    this.changes.roles.created += creates.length;
  }
  private scopeOf(r: PlannedRole) {
    const schoolId = r.schoolCode ? this.schoolIds.get(r.schoolCode)! : null;
    const gKey = r.schoolCode && r.group ? groupKey(r.schoolCode, r.group) : null;
    const groupId = gKey ? this.groupIds.get(gKey)! : null;
    const subgroupId = gKey && r.subgroup ? this.subgroupIds.get(`${gKey}\u0000${foldVietnamese(r.subgroup)}`)! : null;
    const unitId = r.unit ? this.unitId(r.unit) : null;
    return { schoolId, groupId, subgroupId, unitId, scopeKey: scopeKeyOf({ schoolId, groupId, subgroupId, unitId }) };
  }

  private unitId(ref: UnitRef): number {
    if (ref.kind === 'DIVISION') return this.roots.divisionId;
    if (ref.kind === 'DEPARTMENT') return this.roots.departmentId;
    return this.unitIds.get(ref.code)!;
  }

  /** Creates the row, updates it if any field differs, or leaves it untouched. */
  private async save<Row extends { id: number }>(
    entity: Entity,
    row: Row | null,
    data: Record<string, unknown>,
    create: () => Promise<{ id: number }>,
    update: (id: number) => Promise<unknown>,
  ): Promise<number> {
    if (!row) {
      this.changes[entity].created++;
      return (await create()).id;
    }
    const differs = Object.entries(data).some(([k, v]) => (row as Record<string, unknown>)[k] !== v);
    if (differs) {
      await update(row.id);
      this.changes[entity].updated++;
    }
    return row.id;
  }
}

function groupKey(schoolCode: string, name: string): string {
  return `${schoolCode}\u0000${groupKeyOf(name)}`;
}

function emptyCounts(): ChangeCounts {
  return Object.fromEntries(ENTITIES.map((e) => [e, { created: 0, updated: 0, removed: 0 }])) as ChangeCounts;
}
