// Dependencies point one way (README "Layout"): the core imports nothing of the product's I/O;
// use cases, read models and the database layer never import the channels, the web admin or
// the job system. An import that points up fails here with the file and the import.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.posix.join(dir, e.name);
    return e.isDirectory() ? sources(file) : e.name.endsWith('.ts') ? [file] : [];
  });
}

/** The src/ folders each file imports, by its relative imports (type-only ones too: they couple as much). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

const UP: Record<string, string[]> = {
  'src/core/': ['src/db/', 'src/read-models/', 'src/use-cases/', 'src/jobs/', 'src/chat/', 'src/bot/', 'src/web-admin/', 'src/storage/', 'src/documents/', 'src/infra/', 'src/cli/'],
  'src/use-cases/': ['src/jobs/', 'src/chat/', 'src/bot/', 'src/web-admin/', 'src/cli/'],
  'src/read-models/': ['src/use-cases/', 'src/jobs/', 'src/chat/', 'src/bot/', 'src/web-admin/', 'src/cli/'],
  'src/db/': ['src/use-cases/', 'src/read-models/', 'src/jobs/', 'src/chat/', 'src/bot/', 'src/web-admin/', 'src/cli/'],
};

describe('dependencies point one way', () => {
  it.each(Object.entries(UP))('%s imports nothing above it', (layer, above) => {
    const wrong = sources(layer.slice(0, -1)).flatMap((file) =>
      importsOf(file)
        .filter((target) => above.some((dir) => target.startsWith(dir)))
        .map((target) => `${file} → ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it('sees the imports it checks (a control: the web admin does import use cases)', () => {
    const all = sources('src/web-admin').flatMap(importsOf);
    expect(all.some((t) => t.startsWith('src/use-cases/'))).toBe(true);
  });
});
