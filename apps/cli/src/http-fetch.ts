import { request as httpRequest, type IncomingMessage } from 'node:http';

/** Statuses whose answer never has a body: `new Response` refuses one for them. */
const bodiless = new Set([101, 204, 205, 304]);

/**
 * `fetch` for the CLI's one request per run, over node:http. Node's global fetch (undici) compiles its
 * WebAssembly HTTP parser and its streams on the first request of a process: most of a short command's
 * run time (ADR 0035). node:http parses natively. Failures reject as fetch's do — a TypeError whose
 * `cause` carries the code (ECONNREFUSED…) — so the client's retries and errors see no difference.
 * No redirects are followed and the body is read whole: the Loop API answers JSON, in place.
 */
export async function httpFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (body) headers['content-length'] = String(body.length);
  // node:https (and TLS) only when the URL needs it: a local server is plain http.
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;

  let answer: IncomingMessage;
  const chunks: Buffer[] = [];
  try {
    answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(url, { method: request.method, headers, signal: request.signal }, resolve);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    for await (const chunk of answer) chunks.push(chunk as Buffer);
  } catch (error) {
    throw new TypeError('fetch failed', { cause: error });
  }

  const responseHeaders = new Headers();
  for (let i = 0; i < answer.rawHeaders.length; i += 2) responseHeaders.append(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
  const status = answer.statusCode ?? 0;
  return new Response(bodiless.has(status) ? null : Buffer.concat(chunks), {
    status,
    statusText: answer.statusMessage ?? '',
    headers: responseHeaders,
  });
}
