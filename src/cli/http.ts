import { CliError } from './errors';
import type { Settings } from './settings';

export type Query = Record<string, string | undefined>;

/** The HTTP API as the CLI sees it: JSON in and out, `{ error: { message } }` turned into a CliError. */
export class ApiClient {
  constructor(private readonly settings: Settings) {}

  async get<T>(route: string, query: Query = {}): Promise<T> {
    return (await this.request<T>('GET', route, query)).data;
  }

  /** A list the API pages with an `x-next-cursor` header (drafts, the review queue): the page and the next cursor, if any. */
  async getPage<T>(route: string, query: Query = {}): Promise<{ data: T; nextCursor: string | null }> {
    const { data, headers } = await this.request<T>('GET', route, query);
    return { data, nextCursor: headers.get('x-next-cursor') };
  }

  async post<T>(route: string, body: unknown): Promise<T> {
    return (await this.request<T>('POST', route, {}, body)).data;
  }

  async put<T>(route: string, body: unknown): Promise<T> {
    return (await this.request<T>('PUT', route, {}, body)).data;
  }

  /** multipart/form-data (file uploads); fetch sets the boundary. */
  async postForm<T>(route: string, form: FormData): Promise<T> {
    return (await this.request<T>('POST', route, {}, form)).data;
  }

  private async request<T>(method: string, route: string, query: Query, body?: unknown): Promise<{ data: T; headers: Headers }> {
    // Appended, not resolved, so a base URL with a path prefix (behind a proxy) keeps it.
    const url = new URL(this.settings.url + route);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { 'x-api-key': this.settings.apiKey, ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code === 'ECONNREFUSED' ? 'is `npm start` running?' : (cause?.message ?? (err as Error).message);
      throw new CliError(`cannot reach Lead Agent at ${this.settings.url}: ${why}`);
    }
    const text = await res.text();
    const data = parseJson(text);
    if (!res.ok) {
      const message = (data as { error?: { message?: string } } | undefined)?.error?.message;
      throw new CliError(message ?? `${method} ${url.pathname} failed: HTTP ${res.status} ${res.statusText}`);
    }
    return { data: data as T, headers: res.headers };
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: the status line is all there is to report.
    return undefined;
  }
}
