import { z } from 'zod';
import { parseDuration } from '../domain/duration';

const NAME_RE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 500ms, 10s, 1m` });
    return z.NEVER;
  }
  return ms;
});

const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port');
const secretRef = {
  password_env: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  password_file: z.string().min(1).optional(),
};

const common = {
  name: z
    .string()
    .regex(NAME_RE, 'lowercase letters, digits, . _ - (max 63), starting with a letter or digit'),
  description: z.string().max(200).optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  failure_threshold: z.number().int().min(1).max(100).optional(),
  success_threshold: z.number().int().min(1).max(100).optional(),
  depends_on: z.array(z.string()).default([]),
  critical: z.boolean().default(true),
};

const jsonCondition = z
  .strictObject({
    path: z.string().startsWith('$'),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => c.equals !== undefined || c.exists !== undefined, 'set equals or exists');

const httpTarget = z.strictObject({
  ...common,
  type: z.literal('http'),
  url: z.url({ protocol: /^https?$/ }),
  method: z.enum(['GET', 'HEAD']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  expect: z
    .strictObject({
      status: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
      body_contains: z.string().min(1).optional(),
      json: jsonCondition.optional(),
      max_response_time: duration.optional(),
    })
    .default({ status: [200] }),
  tls: z
    .strictObject({ insecure_skip_verify: z.boolean().default(false), ca_file: z.string().min(1).optional() })
    .default({ insecure_skip_verify: false }),
});

const tcpTarget = z.strictObject({ ...common, type: z.literal('tcp'), address: hostPort });

const redisTarget = z.strictObject({
  ...common,
  type: z.literal('redis'),
  address: hostPort,
  username: z.string().optional(),
  ...secretRef,
});

const postgresTarget = z.strictObject({
  ...common,
  type: z.literal('postgres'),
  address: hostPort,
  user: z.string().min(1),
  database: z.string().min(1),
  ...secretRef,
});

const kafkaTarget = z.strictObject({
  ...common,
  type: z.literal('kafka'),
  brokers: z.array(hostPort).min(1),
  topic: z.string().min(1).optional(),
});

const dnsTarget = z.strictObject({
  ...common,
  type: z.literal('dns'),
  query: z.string().min(1),
  record_type: z.enum(['A', 'AAAA']).default('A'),
  server: z
    .string()
    .regex(/^[^\s]+$/)
    .optional(),
  expect_addresses: z.array(z.string()).default([]),
});

export const targetSchema = z.discriminatedUnion('type', [
  httpTarget,
  tcpTarget,
  redisTarget,
  postgresTarget,
  kafkaTarget,
  dnsTarget,
]);
export type RawTarget = z.output<typeof targetSchema>;

export const defaultsSchema = z
  .strictObject({
    interval: duration.default(15_000),
    timeout: duration.default(5_000),
    failure_threshold: z.number().int().min(1).max(100).default(2),
    success_threshold: z.number().int().min(1).max(100).default(1),
  })
  .default({ interval: 15_000, timeout: 5_000, failure_threshold: 2, success_threshold: 1 });

export const targetsFileSchema = z.strictObject({
  defaults: defaultsSchema,
  targets: z.array(z.unknown()).min(1, 'at least one target'),
});
