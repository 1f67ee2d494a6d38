import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';

/** Unix seconds of the earliest `valid_to` in the peer's certificate chain, or undefined for plain sockets. */
export function earliestCertExpiry(socket: unknown): number | undefined {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls || typeof tls.getPeerCertificate !== 'function') return undefined;
  let cert: DetailedPeerCertificate | undefined = tls.getPeerCertificate(true);
  let earliest: number | undefined;
  const seen = new Set<DetailedPeerCertificate>();
  while (cert && cert.valid_to && !seen.has(cert)) {
    seen.add(cert);
    const t = Date.parse(cert.valid_to) / 1000;
    if (!Number.isNaN(t)) earliest = earliest === undefined ? t : Math.min(earliest, t);
    cert = cert.issuerCertificate;
  }
  return earliest;
}
