import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

// The review page (src/api/review-page/): static files that hold no data. The page reads the queues through the API
// with the reviewer's key, so serving it needs no key. The CSP allows only this origin's script, style and API (and
// images the page made from a document's bytes), and no framing: a draft that quotes a lead's HTML can neither run
// nor be clickjacked.
const ASSETS = {
  '/review': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/review/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/review/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function reviewPageRoutes(app: FastifyInstance): void {
  for (const [route, { file, type }] of Object.entries(ASSETS)) {
    const body = readFileSync(new URL(`../review-page/${file}`, import.meta.url));
    app.get(route, async (_req, reply) => reply.headers({ ...HEADERS, 'content-type': type }).send(body));
  }
}
