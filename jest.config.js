// One jest project per workspace package (packages/*, services/*, the gateway, the composition root in
// platform/, the portal in web/) plus the system tests in test/; `pnpm test` runs them all,
// `npx jest --selectProjects registry` one.
const fs = require('node:fs');
const path = require('node:path');

const tsconfig = require('./tsconfig.base.json');
const moduleNameMapper = {};
for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  moduleNameMapper[`^${name}$`] = `<rootDir>/../../${target}`;
}

const dirs = ['packages', 'services']
  .flatMap((d) => fs.readdirSync(path.join(__dirname, d)).map((n) => path.join(d, n)))
  .concat(['gateway', 'platform', 'web', 'test'])
  .filter((d) => fs.existsSync(path.join(__dirname, d, d === 'test' ? '.' : 'test')));

const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
];

module.exports = {
  globalSetup: '<rootDir>/packages/testkit/src/globalSetup.ts',
  globalTeardown: '<rootDir>/packages/testkit/src/globalTeardown.ts',
  testTimeout: 30000,
  projects: dirs.map((d) => {
    const depth = d.split(path.sep).length;
    const up = '../'.repeat(depth);
    const mapper = {};
    for (const [k, v] of Object.entries(moduleNameMapper)) mapper[k] = v.replace('<rootDir>/../../', `<rootDir>/${up}`);
    return {
      displayName: path.basename(d) === 'test' ? 'system' : path.basename(d),
      rootDir: path.join(__dirname, d),
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: mapper,
      testEnvironment: 'node',
    };
  }),
};
