import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Generates a throwaway self-signed certificate for 127.0.0.1/localhost with the openssl CLI. */
export function selfSignedCert(days: number): { key: string; cert: string; notAfterSeconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'hc-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        String(days),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const enddate = execFileSync('openssl', ['x509', '-noout', '-enddate', '-in', cert], {
      encoding: 'utf8',
    });
    const notAfterSeconds = Date.parse(enddate.trim().replace(/^notAfter=/, '')) / 1000;
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), notAfterSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
