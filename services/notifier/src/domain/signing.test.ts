import { createHmac } from 'node:crypto';
import { dingtalkSign, feishuSign, signAck, verifyAck, webhookSignature } from './signing';

describe('signing', () => {
  it('signs DingTalk as urlencoded base64 HMAC of "timestamp\\nsecret"', () => {
    const expected = createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64');
    expect(decodeURIComponent(dingtalkSign('SECabc', 1_700_000_000_000))).toBe(expected);
    expect(dingtalkSign('SECabc', 1_700_000_000_000)).not.toMatch(/[+/=]/);
  });

  it('signs Feishu with the key "timestamp\\nsecret" over an empty message', () => {
    expect(feishuSign('s3cret', 1_700_000_000)).toBe(
      createHmac('sha256', '1700000000\ns3cret').update('').digest('base64'),
    );
  });

  it('signs webhooks over "<ts>.<body>"', () => {
    expect(webhookSignature('k', 10, '{}')).toBe(
      `sha256=${createHmac('sha256', 'k').update('10.{}').digest('hex')}`,
    );
  });

  it('verifies ack links: ok, expired, tampered', () => {
    const sig = signAck('secret-secret-16', 'fp1', 1000);
    expect(verifyAck('secret-secret-16', 'fp1', 1000, sig, 999)).toBe('ok');
    expect(verifyAck('secret-secret-16', 'fp1', 1000, sig, 1001)).toBe('expired');
    expect(verifyAck('secret-secret-16', 'fp2', 1000, sig, 999)).toBe('bad_signature');
    expect(verifyAck('secret-secret-16', 'fp1', 2000, sig, 999)).toBe('bad_signature');
    expect(verifyAck('secret-secret-16', 'fp1', 1000, 'x', 999)).toBe('bad_signature');
  });
});
