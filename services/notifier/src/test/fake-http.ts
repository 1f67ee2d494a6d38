import { HttpTransportError, type HttpClient, type HttpResponse } from '../ports';

export interface SentRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Records requests and answers from a script (or throws a transport error). */
export class FakeHttp implements HttpClient {
  readonly sent: SentRequest[] = [];
  constructor(
    private readonly answer: (req: SentRequest) => HttpResponse | 'timeout' = () => ({
      status: 200,
      headers: {},
      body: '{"errcode":0,"code":0}',
    }),
  ) {}

  async post(url: string, body: string, headers: Record<string, string>): Promise<HttpResponse> {
    const req = { url, body, headers };
    this.sent.push(req);
    const a = this.answer(req);
    if (a === 'timeout') throw new HttpTransportError('timeout', 'timeout of 100ms exceeded');
    return a;
  }
}
