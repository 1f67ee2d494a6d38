import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseDuration } from './duration';

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : parseDuration(v);
  if (ms === undefined)
    ctx.addIssue({ code: 'custom', message: `invalid duration "${String(v)}" (use e.g. 30s, 5m)` });
  return ms ?? 0;
});

/** `{ count, per }`, or `none` (also `null`, the older spelling) for no limit at all. */
const rateLimit = z.union([
  z.literal('none'),
  z
    .object({ count: z.number().int().min(1), per: duration })
    .strict()
    .refine((r) => r.per > 0, { message: 'per must be longer than 0', path: ['per'] }),
]);
const url = z.url({ protocol: /^https?$/ });

const common = {
  name: z
    .string()
    .regex(/^[\w.-]+$/)
    .optional(),
  timeout: duration.optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  rate_limit: rateLimit.nullable().optional(),
};

export const channelSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('email'),
      ...common,
      to: z.array(z.email()).min(1),
      from: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('slack'), ...common, url }).strict(),
  z.object({ type: z.literal('dingtalk'), ...common, url, secret: z.string().optional() }).strict(),
  z.object({ type: z.literal('wecom'), ...common, url }).strict(),
  z.object({ type: z.literal('feishu'), ...common, url, secret: z.string().optional() }).strict(),
  z
    .object({
      type: z.literal('webhook'),
      ...common,
      url,
      secret: z.string().optional(),
      signature_header: z.string().default('X-Streamwatch-Signature'),
      headers: z.record(z.string(), z.string()).default({}),
      body_template: z.unknown().optional(),
    })
    .strict(),
]);

const escalationStep = z.object({ after: duration, receivers: z.array(z.string()).min(1) });

export const receiversFileSchema = z
  .object({
    receivers: z
      .array(z.object({ name: z.string().min(1), channels: z.array(channelSchema).min(1) }).strict())
      .min(1),
    escalations: z
      .array(
        z
          .object({
            name: z.string().regex(/^[\w.-]+$/),
            match: z.record(z.string(), z.string()),
            steps: z.array(escalationStep).min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type ChannelConfig = z.infer<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type EscalationPolicy = z.infer<typeof receiversFileSchema>['escalations'][number];

export const CHANNEL_TYPES: readonly ChannelType[] = [
  'email',
  'slack',
  'dingtalk',
  'wecom',
  'feishu',
  'webhook',
];

/** A configured channel with its identity: `<receiver>/<name>`; the outbox queues and rate limits by this key. */
export interface ResolvedChannel {
  key: string;
  /** Rate limits are per destination (e.g. per DingTalk robot), shared by receivers that use the same one. */
  rateKey: string;
  receiver: string;
  config: ChannelConfig;
  timeoutMs: number;
  concurrency: number;
  rateLimit: { count: number; perMs: number } | null;
}

export interface Receivers {
  byName: Map<string, ResolvedChannel[]>;
  channels: ResolvedChannel[];
  escalations: EscalationPolicy[];
}

/**
 * Every channel type has a limit unless the receivers file says `rate_limit: none`. Chat: provider
 * limits from their documentation (DingTalk and WeCom about 20/min per robot, Slack about 1/s, Feishu
 * 100/min). E-mail and webhooks (SMS, voice, pagers) have no provider limit worth the name, but a
 * person reads them: 10 a minute per destination, the rest summed up in one summary.
 */
export const DEFAULT_RATE: Record<ChannelType, { count: number; perMs: number }> = {
  email: { count: 10, perMs: 60_000 },
  slack: { count: 60, perMs: 60_000 },
  dingtalk: { count: 20, perMs: 60_000 },
  wecom: { count: 20, perMs: 60_000 },
  feishu: { count: 100, perMs: 60_000 },
  webhook: { count: 10, perMs: 60_000 },
};
const DEFAULT_CONCURRENCY: Record<ChannelType, number> = {
  email: 4,
  slack: 1,
  dingtalk: 1,
  wecom: 1,
  feishu: 1,
  webhook: 32,
};

/**
 * The destination a rate limit counts for, shared by every channel (and instance) sending there: the
 * robot's URL for chat; the URL and body template for a webhook (an SMS gateway's recipient is in the
 * template); the set of recipients for e-mail.
 */
function rateKeyOf(c: ChannelConfig): string {
  const destination =
    c.type === 'email'
      ? `mailto:${[...new Set(c.to.map((a) => a.toLowerCase()))].sort().join(',')}`
      : c.type === 'webhook' && c.body_template !== undefined
        ? `${c.url}\n${JSON.stringify(c.body_template)}`
        : c.url;
  return createHash('sha256').update(destination).digest('hex').slice(0, 24);
}

function rateOf(c: ChannelConfig): { count: number; perMs: number } | null {
  if (c.rate_limit === 'none' || c.rate_limit === null) return null;
  if (c.rate_limit) return { count: c.rate_limit.count, perMs: c.rate_limit.per };
  return DEFAULT_RATE[c.type];
}

export function resolveReceivers(
  file: z.infer<typeof receiversFileSchema>,
  defaultTimeoutMs: number,
): Receivers {
  const byName = new Map<string, ResolvedChannel[]>();
  for (const r of file.receivers) {
    if (byName.has(r.name)) throw new Error(`receivers: duplicate receiver "${r.name}"`);
    const seen = new Set<string>();
    const channels = r.channels.map((c, i): ResolvedChannel => {
      const name = c.name ?? `${c.type}-${i}`;
      if (seen.has(name)) throw new Error(`receivers.${r.name}: duplicate channel name "${name}"`);
      seen.add(name);
      return {
        key: `${r.name}/${name}`,
        rateKey: rateKeyOf(c),
        receiver: r.name,
        config: c,
        timeoutMs: c.timeout ?? defaultTimeoutMs,
        concurrency: c.concurrency ?? DEFAULT_CONCURRENCY[c.type],
        rateLimit: rateOf(c),
      };
    });
    byName.set(r.name, channels);
  }
  for (const e of file.escalations)
    for (const s of e.steps)
      for (const name of s.receivers)
        if (!byName.has(name)) throw new Error(`escalations.${e.name}: unknown receiver "${name}"`);
  return { byName, channels: [...byName.values()].flat(), escalations: file.escalations };
}
