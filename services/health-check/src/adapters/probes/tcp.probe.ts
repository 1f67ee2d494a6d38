import { connect } from 'node:net';
import type { TcpSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { errorOutcome } from './classify-error';

/** Succeeds when a TCP connection to host:port is established; closes it at once. */
export function createTcpProbe(spec: TcpSpec): Probe {
  return {
    run: (signal) =>
      new Promise((resolve) => {
        const socket = connect({ host: spec.host, port: spec.port });
        const onAbort = (): void => {
          socket.destroy();
          resolve(errorOutcome(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        socket.once('connect', () => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve({ success: true });
        });
        socket.once('error', (err) => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve(errorOutcome(err));
        });
      }),
  };
}
