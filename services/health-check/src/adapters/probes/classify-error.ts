import { failure, type FailureReason, type ProbeOutcome } from '../../domain/probe-result';

const CONNECTION = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
]);
const DNS = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENODATA',
  'ESERVFAIL',
  'EREFUSED',
  'ENONAME',
  'EBADRESP',
  'ECONNREFUSED_DNS',
]);

function reasonOf(err: NodeJS.ErrnoException): FailureReason {
  const code = err.code ?? '';
  if (err.name === 'AbortError' || code === 'ABORT_ERR') return 'timeout';
  if (DNS.has(code)) return 'dns';
  if (CONNECTION.has(code)) return 'connection';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) || /certificate/i.test(err.message))
    return 'tls';
  return 'error';
}

/** Maps a thrown error to a failure outcome with a bounded reason and a readable message. */
export function errorOutcome(err: unknown): ProbeOutcome {
  const e = (
    err && typeof err === 'object' && 'message' in err ? err : new Error(String(err))
  ) as NodeJS.ErrnoException;
  const code = e.code && !e.message.includes(e.code) ? ` (${e.code})` : '';
  return failure(reasonOf(e), `${e.message || e.name}${code}`);
}

/** Rejects with an AbortError once `signal` aborts; lets a probe stop waiting on a client that ignores signals. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort();
    return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
  }
  return new Promise<T>((resolve, reject) => {
    const listener = (): void => {
      onAbort();
      reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    };
    signal.addEventListener('abort', listener, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', listener);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', listener);
        reject(e);
      },
    );
  });
}
