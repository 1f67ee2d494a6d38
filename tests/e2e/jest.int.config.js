// Run through run.sh (it brings the native stack up and down); each test sets its own bounded timeout.
module.exports = { ...require('../../jest.base.js')('int'), testTimeout: 240_000 };
