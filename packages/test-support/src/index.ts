export { nativeEnv, infra, REPO_ROOT } from './native-env';
export { startService, freePort, waitFor, waitReady, httpStatus } from './service-process';
export type { ServiceProcess } from './service-process';
