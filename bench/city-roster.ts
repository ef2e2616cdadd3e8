// A city-sized roster written straight into a fresh SQLite file (the roster import checks
// row by row; a benchmark needs 20,000 people in seconds). Every person has a linked chat.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CityRoster {
  dir: string;
  dbFile: string;
  teachers: number;
  schools: number;
}

const SUBJECTS = [['Toán', 'Tin học'], ['Ngữ văn', 'Lịch sử'], ['Tiếng Anh', 'Giáo dục công dân'], ['Khoa học tự nhiên', 'Công nghệ']];

export function buildCityRoster(schools = 300, teachersPerSchool = 67): CityRoster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-city-'));
  const dbFile = path.join(dir, 'city.db');
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: 'pipe' });
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  const now = new Date().toISOString();
  const q = {
    unit: db.prepare(`INSERT INTO OrgUnit (code, name, kind, updatedAt) VALUES (?, ?, ?, ?)`),
    school: db.prepare(`INSERT INTO School (code, name, level, supervisingUnitId, updatedAt) VALUES (?, ?, ?, ?, ?)`),
    group: db.prepare(`INSERT INTO "Group" (schoolId, name, updatedAt) VALUES (?, ?, ?)`),
    subgroup: db.prepare(`INSERT INTO Subgroup (groupId, name, subject, updatedAt) VALUES (?, ?, ?, ?)`),
    staff: db.prepare(`INSERT INTO Staff (code, fullName, phone, subjects, schoolId, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`),
    role: db.prepare(`INSERT INTO RoleAssignment (staffId, role, schoolId, groupId, subgroupId, scopeKey) VALUES (?, ?, ?, ?, ?, ?)`),
    chat: db.prepare(`INSERT INTO ChatIdentity (channel, externalUserId, chatId, staffId) VALUES ('TELEGRAM', ?, ?, ?)`),
  };
  let phone = 900_000_000;
  let teachers = 0;
  db.transaction(() => {
    const ward = (i: number) => Number(q.unit.run(`WARD-${i}`, `UBND phường ${i}`, 'SUPERVISING', now).lastInsertRowid);
    const division = Number(q.unit.run('GDTRH', 'Phòng Giáo dục trung học', 'DIVISION', now).lastInsertRowid);
    let currentWard = 0;
    for (let s = 0; s < schools; s++) {
      const thpt = s % 4 === 0;
      if (!thpt && s % 10 === 1) currentWard = ward(s);
      const schoolId = Number(q.school.run(`S${s}`, `Trường ${thpt ? 'THPT' : 'THCS'} số ${s}`, thpt ? 'THPT' : 'THCS', thpt ? division : currentWard || ward(s), now).lastInsertRowid);
      const person = (name: string, subjects: string[]) => {
        const id = Number(q.staff.run(`S${s}-${phone}`, name, `0${phone++}`, JSON.stringify(subjects), schoolId, now).lastInsertRowid);
        q.chat.run(`u${id}`, `c${id}`, id);
        return id;
      };
      for (const role of ['PRINCIPAL', 'VICE_PRINCIPAL']) q.role.run(person(`Ban giám hiệu ${s}-${role}`, []), role, schoolId, null, null, `${schoolId}|||`);
      SUBJECTS.forEach((pair, g) => {
        const groupId = Number(q.group.run(schoolId, `Tổ ${pair.join(' – ')}`, now).lastInsertRowid);
        const subgroups = pair.map((subject) => Number(q.subgroup.run(groupId, `Nhóm ${subject}`, subject, now).lastInsertRowid));
        const count = Math.floor(teachersPerSchool / SUBJECTS.length) + (g < teachersPerSchool % SUBJECTS.length ? 1 : 0);
        for (let t = 0; t < count; t++) {
          const k = t % 2;
          const id = person(`Giáo viên ${s}-${g}-${t}`, [pair[k]!]);
          teachers++;
          q.role.run(id, 'TEACHER', schoolId, groupId, subgroups[k], `${schoolId}|${groupId}|${subgroups[k]}|`);
          if (t === 0) q.role.run(id, 'GROUP_HEAD', schoolId, groupId, null, `${schoolId}|${groupId}||`);
          if (t === 1) q.role.run(id, 'SUBGROUP_HEAD', schoolId, groupId, subgroups[1], `${schoolId}|${groupId}|${subgroups[1]}|`);
        }
      });
    }
  })();
  db.close();
  return { dir, dbFile, teachers, schools };
}
