// The bundle (dist/main.js) requires third-party packages from the root node_modules, and the
// image installs the root's production dependencies only. So the root must declare every
// runtime dependency of every workspace package, at the same range. `--check` fails if not.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rootPkgPath = path.join(root, 'package.json');
const rootPkg = JSON.parse(fs.readFileSync(rootPkgPath, 'utf8'));
const dirs = ['packages', 'services']
  .flatMap((d) => fs.readdirSync(path.join(root, d)).map((n) => path.join(d, n)))
  .concat(['gateway', 'platform']);

const wanted = {};
for (const d of dirs) {
  const f = path.join(root, d, 'package.json');
  if (!fs.existsSync(f)) continue;
  for (const [name, range] of Object.entries(JSON.parse(fs.readFileSync(f, 'utf8')).dependencies ?? {})) {
    if (String(range).startsWith('workspace:')) continue;
    if (wanted[name] && wanted[name] !== range) {
      // keep the higher lower bound: ranges here are all ^x.y.z or exact
      const v = (r) =>
        r
          .replace(/^[\^~]/, '')
          .split('.')
          .map(Number);
      const [a, b] = [v(wanted[name]), v(range)];
      if (a[0] !== b[0]) throw new Error(`${name}: incompatible ranges ${wanted[name]} and ${range}`);
      if (b[1] > a[1] || (b[1] === a[1] && b[2] > a[2])) wanted[name] = range;
    } else wanted[name] = range;
  }
}
const sorted = Object.fromEntries(Object.entries(wanted).sort(([a], [b]) => a.localeCompare(b)));
if (process.argv.includes('--check')) {
  const have = rootPkg.dependencies ?? {};
  const diff = Object.entries(sorted)
    .filter(([k, v]) => have[k] !== v)
    .map(([k, v]) => `${k}@${v} (root has ${have[k] ?? 'none'})`);
  const extra = Object.keys(have).filter((k) => !(k in sorted));
  if (diff.length || extra.length) {
    console.error(
      `root dependencies out of sync; run: node scripts/sync-root-deps.mjs && pnpm install\n  ${[...diff, ...extra.map((e) => `${e} (not used by any package)`)].join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('root dependencies in sync');
} else {
  rootPkg.dependencies = sorted;
  fs.writeFileSync(rootPkgPath, JSON.stringify(rootPkg, null, 2) + '\n');
  console.log(`root dependencies: ${Object.keys(sorted).length}`);
}
