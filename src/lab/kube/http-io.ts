/** Reading bounded request bodies and writing JSON answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { entityTooLarge, type KubeStatusError } from './status.js';

/** Requests bodies above this are refused with 413 (the real server allows 3 MiB). */
export const maxBodyBytes = 1024 * 1024;

/** The request body as text; rejects with 413 as soon as it is known to exceed `limit` bytes. */
export function readBody(request: IncomingMessage, limit = maxBodyBytes): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      reject(entityTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        reject(entityTooLarge(limit));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The media type of a Content-Type header, lower-case, without parameters ('' when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Answers with a JSON body. */
export function sendJson(response: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  response.end(text);
}

/** Answers with the Status of a failure; a 413 also closes the connection, whose body is unread. */
export function sendStatus(response: ServerResponse, error: KubeStatusError): void {
  if (error.httpCode === 413) response.setHeader('Connection', 'close');
  sendJson(response, error.httpCode, error.status());
}
