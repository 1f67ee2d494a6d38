import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk robot: urlencode(base64(HMAC_SHA256(secret, `${timestampMs}\n${secret}`))). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return encodeURIComponent(
    createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64'),
  );
}

/** Feishu/Lark bot: base64(HMAC_SHA256 keyed by `${timestampSeconds}\n${secret}` over an empty message). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Generic webhook: `sha256=<hex HMAC of "<timestamp>.<body>">`, the scheme Stripe and GitHub use. */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

function ackMac(secret: string, fingerprint: string, expiresAtSeconds: number): string {
  return createHmac('sha256', secret).update(`ack\n${fingerprint}\n${expiresAtSeconds}`).digest('base64url');
}

export function signAck(secret: string, fingerprint: string, expiresAtSeconds: number): string {
  return ackMac(secret, fingerprint, expiresAtSeconds);
}

export type AckCheck = 'ok' | 'expired' | 'bad_signature';

export function verifyAck(
  secret: string,
  fingerprint: string,
  expiresAtSeconds: number,
  sig: string,
  nowSeconds: number,
): AckCheck {
  const expected = Buffer.from(ackMac(secret, fingerprint, expiresAtSeconds));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  return nowSeconds > expiresAtSeconds ? 'expired' : 'ok';
}
