// `npm run bench [-- <suite>]`: runs the benchmark suites and prints their figures (Markdown),
// to be copied into BENCHMARKS.md with the command that produced them.
const suites: Record<string, () => Promise<unknown>> = {
  'document-checks': () => import('./document-checks.js'),
  'reminder-fanout': () => import('./reminder-fanout.js'),
  'web-admin': () => import('./web-admin.js'),
  'deadline-surge': () => import('./deadline-surge.js'),
  'records-postgres': () => import('./records-postgres.js'),
  'roster-import': () => import('./roster-import.js'),
};

// Suite names; "--flag value" pairs after them are the suites' own options (read from process.argv).
const wanted: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i]!.startsWith('--')) i++;
  else wanted.push(process.argv[i]!);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`Unknown suite "${name}". Suites: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  await suite();
}
