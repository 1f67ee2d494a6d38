export { nativeEnv, infra, REPO_ROOT } from './native-env';
export { startService, freePort, waitFor, httpStatus } from './service-process';
export type { ServiceProcess } from './service-process';
