// Writes a validated roster: all or nothing, in one transaction, and only what differs, so
// importing the same file twice leaves the database exactly as it was. People are matched by
// staff code, else by phone; each listed person's roles become exactly the file's roles.
// People not in the file are left alone (deactivation is an explicit act).
import { scopeKeyOf } from '../core/role-scope.js';
import { foldVietnamese } from '../core/text.js';
import { audit } from '../db/audit.js';
import { ensureRootUnits, type RootUnits } from '../db/org-setup.js';
import type { Db, DbTx } from '../db/prisma.js';
import type { PlannedPerson, PlannedRole, RosterPlan, RowError, UnitRef } from '../roster/roster-plan.js';

const ENTITIES = ['units', 'schools', 'groups', 'subgroups', 'staff', 'roles'] as const;
type Entity = (typeof ENTITIES)[number];
export type ChangeCounts = Record<Entity, { created: number; updated: number; removed: number }>;

export interface ImportOptions {
  actor: string;
  cityName: string;
  /** Work out and report the changes, then roll back. */
  dryRun?: boolean;
}

export type ImportResult =
  | { ok: true; changes: ChangeCounts; people: number; dryRun: boolean }
  | { ok: false; errors: RowError[] };

class DryRunRollback extends Error {}

export async function importRoster(db: Db, plan: RosterPlan, options: ImportOptions): Promise<ImportResult> {
  const conflicts = await findConflicts(db, plan.people);
  if (conflicts.length > 0) return { ok: false, errors: conflicts };
  const changes = emptyCounts();
  try {
    await db.$transaction(
      async (tx) => {
        await new RosterWriter(tx, changes, await ensureRootUnits(tx, options.cityName)).write(plan);
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

/** A phone already used by someone with another staff code would merge two people. */
async function findConflicts(db: Db, people: PlannedPerson[]): Promise<RowError[]> {
  const errors: RowError[] = [];
  for (const person of people) {
    if (!person.staffCode || !person.phone) continue;
    const holder = await db.staff.findUnique({ where: { phone: person.phone }, select: { code: true, fullName: true } });
    if (holder && holder.code !== person.staffCode) {
      errors.push({
        rowNumber: person.rowNumbers[0]!,
        message: `Số điện thoại ${person.phone} đang thuộc "${holder.fullName}" (mã ${holder.code}) trong hệ thống.`,
      });
    }
  }
  return errors;
}

class RosterWriter {
  private readonly unitIds = new Map<string, number>();
  private readonly schoolIds = new Map<string, number>();
  private readonly groupIds = new Map<string, number>();
  private readonly subgroupIds = new Map<string, number>();

  constructor(
    private readonly tx: DbTx,
    private readonly changes: ChangeCounts,
    private readonly roots: RootUnits,
  ) {}

  async write(plan: RosterPlan): Promise<void> {
    for (const unit of plan.units) await this.unit(unit);
    for (const school of plan.schools) await this.school(school);
    for (const group of plan.groups) await this.group(group);
    for (const person of plan.people) await this.person(person);
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
    const row = existing.find((r) => foldVietnamese(r.name) === foldVietnamese(g.name)) ?? null;
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

  private async person(p: PlannedPerson): Promise<void> {
    const row =
      (p.staffCode ? await this.tx.staff.findUnique({ where: { code: p.staffCode } }) : null) ??
      (p.phone ? await this.tx.staff.findUnique({ where: { phone: p.phone } }) : null);
    const subjects = [...new Set([...p.subjects, ...p.roles.flatMap((r) => r.subjects ?? [])])];
    const data = {
      fullName: p.fullName,
      phone: p.phone,
      email: p.email,
      subjects: JSON.stringify(subjects),
      schoolId: p.schoolCode ? this.schoolIds.get(p.schoolCode)! : null,
      unitId: p.unit ? this.unitId(p.unit) : null,
      active: true,
    };
    const code = p.staffCode ?? row?.code ?? `CB${p.phone}`;
    const staffId = await this.save('staff', row, data, () => this.tx.staff.create({ data: { code, ...data } }),
      (id) => this.tx.staff.update({ where: { id }, data }));
    await this.syncRoles(staffId, p.roles);
  }

  private async syncRoles(staffId: number, planned: PlannedRole[]): Promise<void> {
    const wanted = new Map(planned.map((r) => {
      const scope = this.scopeOf(r);
      return [`${r.role}#${scope.scopeKey}`, { role: r.role, ...scope, subjects: JSON.stringify(r.subjects ?? []) }];
    }));
    const existing = await this.tx.roleAssignment.findMany({ where: { staffId } });
    for (const row of existing) {
      const want = wanted.get(`${row.role}#${row.scopeKey}`);
      if (!want) {
        await this.tx.roleAssignment.delete({ where: { id: row.id } });
        this.changes.roles.removed++;
      } else if (want.subjects !== row.subjects) {
        await this.tx.roleAssignment.update({ where: { id: row.id }, data: { subjects: want.subjects } });
        this.changes.roles.updated++;
      }
      wanted.delete(`${row.role}#${row.scopeKey}`);
    }
    for (const role of wanted.values()) {
      await this.tx.roleAssignment.create({ data: { staffId, ...role } });
      this.changes.roles.created++;
    }
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
  return `${schoolCode}\u0000${foldVietnamese(name)}`;
}

function emptyCounts(): ChangeCounts {
  return Object.fromEntries(ENTITIES.map((e) => [e, { created: 0, updated: 0, removed: 0 }])) as ChangeCounts;
}
