// What a validated roster says should exist: plain data, before any database id is known.
import type { Role, SchoolLevel } from '../core/vocabulary.js';
import type { ImportField } from './roster-columns.js';

export interface RosterRow {
  /** The row number as the spreadsheet shows it (the header may be below a title block). */
  rowNumber: number;
  cells: Partial<Record<ImportField, string>>;
}

export interface RowError {
  rowNumber: number;
  message: string;
}

/** DIVISION and DEPARTMENT are the single root units; other units are named by code. */
export type UnitRef = { kind: 'DIVISION' } | { kind: 'DEPARTMENT' } | { kind: 'SUPERVISING'; code: string };

export interface PlannedUnit {
  code: string;
  name: string;
  typeLabel: string | null;
}

export interface PlannedSchool {
  code: string;
  name: string;
  level: SchoolLevel;
  supervisor: UnitRef;
}

export interface PlannedRole {
  role: Role;
  schoolCode?: string;
  group?: string;
  /** Sub-group, named by its subject. */
  subgroup?: string;
  unit?: UnitRef;
  subjects?: string[];
}

export interface PlannedPerson {
  staffCode: string | null;
  fullName: string;
  phone: string | null;
  email: string | null;
  subjects: string[];
  schoolCode: string | null;
  unit: UnitRef | null;
  roles: PlannedRole[];
  rowNumbers: number[];
}

export interface RosterPlan {
  units: PlannedUnit[];
  schools: PlannedSchool[];
  /** Groups per school code, each with its sub-groups' subjects. */
  groups: Array<{ schoolCode: string; name: string; subgroups: string[] }>;
  people: PlannedPerson[];
}

/** Notes: what the import did on its own (an old phone number converted, a row skipped). */
export type RosterValidation = { ok: true; plan: RosterPlan; notes: RowError[] } | { ok: false; errors: RowError[] };
