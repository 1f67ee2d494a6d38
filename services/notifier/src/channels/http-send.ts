import { failed, outcomeForStatus, parseRetryAfter, type DeliveryOutcome } from '../domain/outcome';
import { HttpTransportError, type Clock, type HttpClient, type HttpResponse } from '../ports';

const MAX_RESPONSE_CHARS = 1000;

export interface JsonPost {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  /** Checks a 2xx answer's body (errcode/code); returns a failure or undefined when it is a success. */
  inspect?: (json: Record<string, unknown>, res: HttpResponse) => DeliveryOutcome | undefined;
}

export function serialize(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Posts JSON and turns every answer, or its absence, into a DeliveryOutcome. */
export async function postJson(
  http: HttpClient,
  clock: Clock,
  req: JsonPost,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  const body = serialize(req.body);
  let res: HttpResponse;
  try {
    res = await http.post(req.url, body, { 'content-type': 'application/json', ...req.headers }, timeoutMs);
  } catch (err) {
    if (err instanceof HttpTransportError) return failed(err.reason, true, { response: err.message });
    return failed('internal', true, { response: (err as Error).message });
  }
  const response = res.body.slice(0, MAX_RESPONSE_CHARS);
  const outcome = outcomeForStatus(
    res.status,
    response,
    parseRetryAfter(res.headers['retry-after'], clock.now()),
  );
  if (outcome.result !== 'delivered' || !req.inspect) return outcome;
  const json = parseJson(res.body);
  if (!json) return failed('provider_error', true, { providerStatus: res.status, response });
  return req.inspect(json, res) ?? outcome;
}

/** For robots answering `{errcode, errmsg}` (DingTalk, WeCom): non-zero is a failure even with HTTP 200. */
export function errcodeInspector(rateLimitCodes: readonly number[], busyCodes: readonly number[] = [-1]) {
  return (json: Record<string, unknown>, res: HttpResponse): DeliveryOutcome | undefined => {
    const code = Number(json.errcode ?? json.code ?? json.StatusCode ?? NaN);
    if (code === 0) return undefined;
    const answer = { providerStatus: res.status, response: res.body.slice(0, MAX_RESPONSE_CHARS) };
    if (rateLimitCodes.includes(code)) return failed('rate_limited', true, answer, 60_000);
    return failed('provider_error', busyCodes.includes(code) || Number.isNaN(code), answer);
  };
}
