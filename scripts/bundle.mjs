// Bundles the platform's entry point (dist/main.js, from the composition root in platform/) and the client
// CLI (dist/cli.js) with every workspace package; third-party packages stay external.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: { main: 'platform/src/main.ts', cli: 'packages/client/src/cli.ts' },
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
console.log(`bundled dist/main.js and dist/cli.js in ${Date.now() - started} ms`);
