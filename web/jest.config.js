// The portal's browser suite on its own: `npx jest -c web/jest.config.js` (the root config runs it in `pnpm test`).
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const moduleNameMapper = {};
for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths))
  moduleNameMapper[`^${name}$`] = path.join(__dirname, '..', target);

module.exports = {
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper,
  testEnvironment: 'node',
  testTimeout: 60000,
};
