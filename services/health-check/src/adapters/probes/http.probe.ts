import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { checkJsonCondition } from '../../domain/json-path';
import { failure, type ProbeOutcome } from '../../domain/probe-result';
import type { HttpSpec } from '../../domain/target';
import type { Probe } from '../../ports';
import { errorOutcome } from './classify-error';
import { earliestCertExpiry } from './tls-expiry';

const MAX_BODY_BYTES = 1_048_576;

interface HttpResponse {
  status: number;
  body: string;
  certExpiry?: number;
}

function request(spec: HttpSpec, agent: http.Agent, signal: AbortSignal): Promise<HttpResponse> {
  const client = spec.url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      spec.url,
      { method: spec.method, headers: spec.headers, agent, signal },
      (res: IncomingMessage) => {
        const certExpiry = earliestCertExpiry(res.socket);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY_BYTES) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(certExpiry !== undefined ? { certExpiry } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function verdict(spec: HttpSpec, res: HttpResponse, elapsedMs: number): ProbeOutcome {
  const extra = {
    httpStatusCode: res.status,
    ...(res.certExpiry !== undefined ? { sslEarliestCertExpiry: res.certExpiry } : {}),
  };
  if (!spec.expectedStatus.includes(res.status))
    return failure(
      'unexpected_status',
      `status ${res.status}, expected ${spec.expectedStatus.join(' or ')}`,
      extra,
    );
  if (spec.bodyContains !== undefined && !res.body.includes(spec.bodyContains))
    return failure('body_mismatch', `body does not contain ${JSON.stringify(spec.bodyContains)}`, extra);
  if (spec.json) {
    let doc: unknown;
    try {
      doc = JSON.parse(res.body);
    } catch {
      return failure('body_mismatch', 'body is not JSON', extra);
    }
    const problem = checkJsonCondition(doc, spec.json);
    if (problem) return failure('body_mismatch', problem, extra);
  }
  if (spec.maxResponseTimeMs !== undefined && elapsedMs > spec.maxResponseTimeMs)
    return failure(
      'slow_response',
      `took ${Math.round(elapsedMs)} ms, limit ${spec.maxResponseTimeMs} ms`,
      extra,
    );
  return { success: true, ...extra };
}

/** Shared keep-alive agents for plain HTTP and default-trust HTTPS; targets with custom TLS get their own. */
export function createHttpAgents(): { http: http.Agent; https: https.Agent } {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

export function createHttpProbe(spec: HttpSpec, agents: { http: http.Agent; https: https.Agent }): Probe {
  const custom = spec.tls.insecureSkipVerify || spec.tls.ca !== undefined;
  const agent = !spec.url.startsWith('https:')
    ? agents.http
    : custom
      ? new https.Agent({
          keepAlive: true,
          rejectUnauthorized: !spec.tls.insecureSkipVerify,
          ...(spec.tls.ca ? { ca: spec.tls.ca } : {}),
        })
      : agents.https;
  return {
    run: async (signal) => {
      const started = performance.now();
      try {
        const res = await request(spec, agent, signal);
        return verdict(spec, res, performance.now() - started);
      } catch (err) {
        return errorOutcome(err);
      }
    },
    close: async () => {
      if (agent !== agents.http && agent !== agents.https) agent.destroy();
    },
  };
}
