// Turns the records page's query into checked filters and the page's content. A school, group,
// sub-group or subject the viewer may not see is dropped (and said so) rather than used: the
// page never echoes a name from outside the viewer's scope.
import type { Actor } from '../../core/org.js';
import { foldVietnamese } from '../../core/text.js';
import { isPostgres, type Db } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  groupOfSubgroup, recordsScope, schoolOfGroup, searchTeachers, visibleGroups, visibleSchools, visibleSubgroups, visibleSubjects, type Option,
} from '../../read-models/records-options.js';
import {
  boundedCount, currentSchoolYear, mergesSchools, pageStrategy, recordsPage, recordsWhere, schoolMergedList, type RecordsFilter,
} from '../../read-models/records-query.js';
import { storedSpellings, visiblePlansFilter } from '../../read-models/scope-filters.js';
import type { RecordsListModel } from './records-list-view.js';
import { withoutParam, type ParsedParams } from './records-params.js';

export async function recordsListModel(db: Db, actor: Actor, now: Date, parsed: ParsedParams): Promise<RecordsListModel> {
  const scope = await recordsScope(db, actor);
  const [yearRows, current, schools, subjects] = await Promise.all([
    db.schoolYear.findMany({ select: { id: true, name: true }, orderBy: { startsOn: 'desc' } }),
    currentSchoolYear(db, now),
    visibleSchools(db, scope),
    visibleSubjects(db, scope),
  ]);
  const p = parsed.params;
  const filter: RecordsFilter = scope.cityWide ? {} : { withinSchools: scope.schoolIds };
  if (p.kind !== undefined && !scope.kinds.includes(p.kind)) withoutParam(parsed, 'kind');
  if (p.year !== undefined && p.year !== 'all' && !yearRows.some((y) => y.id === p.year)) withoutParam(parsed, 'year');
  if (p.year !== 'all') filter.schoolYearId = p.year ?? current?.id;
  filter.allSchoolYearIds = yearRows.map((y) => y.id);

  if (p.school !== undefined && !schools.some((s) => s.id === p.school)) withoutParam(parsed, 'school');
  const groups = await checkGroup(db, actor, parsed, schools);
  const subgroups = await checkSubgroup(db, actor, parsed, schools, groups);
  Object.assign(filter, { schoolId: await impliedSchool(db, parsed), groupId: p.group, subgroupId: p.subgroup, kind: p.kind, state: p.state, lateOnly: p.late === '1', from: p.from, to: p.to });

  const notices: string[] = [];
  if (p.subject !== undefined) {
    const known = subjects.find((s) => foldVietnamese(s) === foldVietnamese(p.subject!));
    if (known) filter.subjects = await storedSpellings(db, [known]);
    else withoutParam(parsed, 'subject');
  }
  if (p.teacher !== undefined) {
    const matches = await searchTeachers(db, actor, scope, p.teacher);
    filter.ownerIds = matches.ids;
    if (matches.truncated) notices.push(`Có quá nhiều người khớp “${p.teacher}”; chỉ lọc theo ${matches.ids.length} người đầu tiên. Vui lòng gõ cụ thể hơn.`);
  }
  if (parsed.ignored.length > 0) notices.unshift(`Đã bỏ qua bộ lọc không hợp lệ: ${parsed.ignored.join(', ')}.`);

  const { page, count } = await listOf(db, await visiblePlansFilter(db, actor), filter, scope.cityWide, p.before);
  return { params: p, defaultYearId: current?.id, years: yearRows, schools, groups, subgroups, subjects, kinds: scope.kinds, notices, page, count };
}

async function listOf(db: Db, visible: Prisma.PlanWhereInput, filter: RecordsFilter, cityWide: boolean, before?: number) {
  if (mergesSchools(isPostgres(db), filter)) return schoolMergedList(db, visible, filter, before);
  const strategy = pageStrategy(cityWide, filter);
  const where = recordsWhere(visible, filter, strategy);
  const [page, count] = await Promise.all([recordsPage(db, where, strategy, before), boundedCount(db, where, strategy)]);
  return { page, count };
}

/** Checks the chosen group and lists the groups to offer (null: choose a school first). */
async function checkGroup(db: Db, actor: Actor, parsed: ParsedParams, schools: Option[]): Promise<Option[] | null> {
  const p = parsed.params;
  if (p.group !== undefined && !(await groupVisible(db, actor, p.group, schools, p.school))) withoutParam(parsed, 'group');
  const schoolId = p.school ?? (p.group !== undefined ? await schoolOfGroup(db, p.group) : schools.length === 1 ? schools[0]!.id : null);
  return schoolId == null ? null : visibleGroups(db, actor, schoolId);
}

/** Checks the chosen sub-group and lists the sub-groups to offer (null: choose a group first). */
async function checkSubgroup(db: Db, actor: Actor, parsed: ParsedParams, schools: Option[], groups: Option[] | null): Promise<Option[] | null> {
  const p = parsed.params;
  if (p.subgroup !== undefined) {
    const groupId = await groupOfSubgroup(db, p.subgroup);
    const ok = groupId !== null && (p.group ?? groupId) === groupId && (await groupVisible(db, actor, groupId, schools, p.school));
    if (!ok || !(await visibleSubgroups(db, groupId)).some((s) => s.id === p.subgroup)) withoutParam(parsed, 'subgroup');
  }
  const groupId = p.group ?? (p.subgroup !== undefined ? await groupOfSubgroup(db, p.subgroup) : groups?.length === 1 ? groups[0]!.id : null);
  return groupId == null ? null : visibleSubgroups(db, groupId);
}

/** A group the viewer may pick: in one of their schools (the chosen one, if any) and visible there. */
async function groupVisible(db: Db, actor: Actor, groupId: number, schools: Option[], chosenSchool: number | undefined): Promise<boolean> {
  const schoolId = await schoolOfGroup(db, groupId);
  if (schoolId === null || !schools.some((s) => s.id === schoolId) || (chosenSchool ?? schoolId) !== schoolId) return false;
  return (await visibleGroups(db, actor, schoolId)).some((g) => g.id === groupId);
}

/**
 * The chosen school, or the school of the chosen group or sub-group: it changes no result, and
 * lets SQLite read that school through the (school year, school) index.
 */
async function impliedSchool(db: Db, parsed: ParsedParams): Promise<number | undefined> {
  const p = parsed.params;
  if (p.school !== undefined) return p.school;
  const groupId = p.group ?? (p.subgroup !== undefined ? await groupOfSubgroup(db, p.subgroup) : null);
  return groupId == null ? undefined : ((await schoolOfGroup(db, groupId)) ?? undefined);
}
