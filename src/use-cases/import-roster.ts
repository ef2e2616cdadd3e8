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

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 500;

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
    for (const unit of plan.units) await this.unit(unit);
    await this.knownUnits(plan);
    for (const school of plan.schools) await this.school(school);
    for (const group of plan.groups) await this.group(group);
    await this.people(plan.people);
  }

  /** Units a school refers to without the file listing them (a chosen school's). */
  private async knownUnits(plan: RosterPlan): Promise<void> {
    const codes = plan.schools.flatMap((s) => (s.supervisor.kind === 'SUPERVISING' && !this.unitIds.has(s.supervisor.code) ? [s.supervisor.code] : []));
    if (codes.length === 0) return;
    for (const u of await this.tx.orgUnit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })) this.unitIds.set(u.code, u.id);
  }

  private async unit(u: RosterPlan['units'][number]): Promise<void> {
    const data = { name: u.name, typeLabel: u.typeLabel, kind: 'SUPERVISING', parentId: this.roots.departmentId, active: true };
    const row = await this.tx.orgUnit.findUnique({ where: { code: u.code } });
    const id = await this.save('units', row, data, () => this.tx.orgUnit.create({ data: { code: u.code, ...data } }),
      (id) => this.tx.orgUnit.update({ where: { id }, data }));
    this.unitIds.set(u.code, id);
  }

  private async school(s: RosterPlan['schools'][number]): Promise<void> {
    const data = { name: s.name, level: s.level, supervisingUnitId: this.unitId(s.supervisor), active: true };
    const row = await this.tx.school.findUnique({ where: { code: s.code } });
    const id = await this.save('schools', row, data, () => this.tx.school.create({ data: { code: s.code, ...data } }),
      (id) => this.tx.school.update({ where: { id }, data }));
    this.schoolIds.set(s.code, id);
  }

  private async group(g: RosterPlan['groups'][number]): Promise<void> {
    const schoolId = this.schoolIds.get(g.schoolCode)!;
    const existing = await this.tx.group.findMany({ where: { schoolId } });
    const row = existing.find((r) => groupKeyOf(r.name) === groupKeyOf(g.name)) ?? null;
    const data = { active: true };
    const groupId = await this.save('groups', row, data, () => this.tx.group.create({ data: { schoolId, name: g.name, ...data } }),
      (id) => this.tx.group.update({ where: { id }, data }));
    this.groupIds.set(groupKey(g.schoolCode, g.name), groupId);
    const subgroups = await this.tx.subgroup.findMany({ where: { groupId } });
    for (const subject of g.subgroups) {
      const sg = subgroups.find((r) => foldVietnamese(r.subject) === foldVietnamese(subject)) ?? null;
      const sgData = { active: true };
      const id = await this.save('subgroups', sg, sgData,
        () => this.tx.subgroup.create({ data: { groupId, subject, name: `Nhóm ${subject}`, ...sgData } }),
        (id) => this.tx.subgroup.update({ where: { id }, data: sgData }));
      this.subgroupIds.set(`${groupKey(g.schoolCode, g.name)}\u0000${foldVietnamese(subject)}`, id);
    }
  }

  /**
   * People in batches: who exists is read 500 at a time, new people and new roles are
   * written 500 a statement, and only rows that differ are updated one by one. A city's
   * 20,000 people take seconds instead of the minutes of one round trip per person.
   */
  private async people(people: readonly PlannedPerson[]): Promise<void> {
    const total = people.length;
    await this.onProgress?.(0, total);
    const byCode = new Map<string, StaffRow>();
    const byPhone = new Map<string, StaffRow>();
    for (const batch of chunks(people)) {
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
      if (++done % BATCH === 0) await this.onProgress?.(done, total);
    }
    for (const batch of chunks(creates)) {
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
    for (const batch of chunks(creates)) await this.tx.roleAssignment.createMany({ data: batch as never });
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
