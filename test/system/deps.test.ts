import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('root dependencies', () => {
  it('declare every runtime dependency of every workspace package (the bundle and the image rely on it)', () => {
    const r = spawnSync(process.execPath, [path.join(__dirname, '../../scripts/sync-root-deps.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
