const { execFileSync } = require('node:child_process');

/** Builds dist/ so integration tests run the current code as a real process. */
module.exports = async function globalSetup() {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: __dirname,
    stdio: 'inherit',
  });
};
