// A browser without a browser, for route tests over real HTTP: it keeps the
// cookies the server sets, reads the CSRF token of the last page and posts
// forms with it, as a phone would. (fastify's inject cannot run under Jest
// here: light-my-request requires cookie 2, an ES module, from CommonJS,
// which Node 20 does but Jest's module runtime refuses.)
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface Page {
  statusCode: number;
  /** where a redirect sends to */
  location: string | null;
  /** every Set-Cookie header */
  setCookies: string[];
  headers: Record<string, string>;
  body: string;
}

/** Listens on a free loopback port; returns the base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export class FormClient {
  readonly cookies = new Map<string, string>();
  /** the last page's CSRF token (its forms' hidden _csrf field) */
  csrf = '';

  constructor(private readonly base: string, private readonly headers: Record<string, string> = {}) {}

  private async request(method: 'GET' | 'POST', url: string, body?: string): Promise<Page> {
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(this.base + url, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      // (an expiry date is not compared with this machine's clock: tests run the server on their own clock)
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const page: Page = { statusCode: res.status, location: res.headers.get('location'), setCookies, headers: Object.fromEntries(res.headers), body: await res.text() };
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (token) this.csrf = token[1]!;
    return page;
  }

  get(url: string): Promise<Page> {
    return this.request('GET', url);
  }

  /** Posts a form with the last page's token (unless `csrf` is given, or null to leave it out). */
  post(url: string, fields: Record<string, string> = {}, csrf: string | null = this.csrf): Promise<Page> {
    return this.request('POST', url, new URLSearchParams(csrf === null ? fields : { _csrf: csrf, ...fields }).toString());
  }

  /** Signs in through the sign-in page. */
  async signIn(pin: string): Promise<Page> {
    await this.get('/sign-in');
    return this.post('/sign-in', { pin });
  }
}
