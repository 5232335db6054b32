// Bundles the runner and every workspace package into dist/main.js; third-party packages stay external.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: { main: 'packages/runtime/src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
});
console.log(`bundled dist/main.js in ${Date.now() - started} ms`);
