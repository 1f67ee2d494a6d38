module.exports = {
  ...require('../../jest.base.js')('int'),
  // the integration tests start the built service (dist/main.js) as a real process
  globalSetup: '<rootDir>/int-global-setup.js',
};
