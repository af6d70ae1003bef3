// The AWS Lambda entry: turns an API Gateway (REST or HTTP API) or function URL event into a web
// Request for the handler, and its Response into the result Lambda expects.
import { handlerFromEnv } from './handler.js';

/** The part of an API Gateway (REST or HTTP API) or Lambda function URL event the adapter reads. */
export interface LambdaEvent {
  /** HTTP API (payload 2.0) and function URLs. */
  rawPath?: string;
  rawQueryString?: string;
  requestContext?: { http?: { method: string }; domainName?: string };
  /** REST API (payload 1.0). */
  httpMethod?: string;
  path?: string;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The AWS Lambda entry (Node.js runtime; handler `index.handler` when the bundle is deployed as
 * `index.mjs`), for API Gateway REST or HTTP APIs and function URLs. Reads the process environment.
 */
export async function handler(event: LambdaEvent): Promise<LambdaResult> {
  const method = event.requestContext?.http?.method ?? event.httpMethod ?? 'GET';
  const path = event.rawPath ?? event.path ?? '/';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const host = event.requestContext?.domainName ?? headers.get('host') ?? 'lambda.local';
  const hasBody = event.body != null && event.body !== '' && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? (event.isBase64Encoded ? Uint8Array.from(atob(event.body!), (c) => c.charCodeAt(0)) : event.body!) : undefined;
  const request = new Request(`https://${host}${path}${query}`, { method, headers, body });
  const response = await handlerFromEnv()(request);
  const result: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    result[name] = value;
  });
  return { statusCode: response.status, headers: result, body: await response.text() };
}
