// A token endpoint for any runtime with web-standard Request/Response (Cloudflare Workers, Vercel
// and Netlify edge functions, Deno, Bun, AWS Lambda behind a fetch adapter). It needs only
// @video/auth: no HTTP client, no node: modules. POST { sessionId, role? } → { token }.
import { createCredentials, generateToken, isVideoError, type CredentialsInput, type TokenRole } from '@video/auth';

const ROLES: TokenRole[] = ['subscriber', 'publisher'];

export function createHandler(credentials: CredentialsInput): (request: Request) => Promise<Response> {
  const creds = createCredentials(credentials); // validated once; the key is imported once
  return async (request) => {
    if (request.method !== 'POST') return Response.json({ error: 'use POST' }, { status: 405 });
    let body: { sessionId?: unknown; role?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return Response.json({ error: 'the body must be JSON' }, { status: 400 });
    }
    const role = (body.role ?? 'publisher') as TokenRole;
    if (!ROLES.includes(role)) return Response.json({ error: `role must be one of ${ROLES.join(', ')}` }, { status: 400 });
    try {
      const token = await generateToken(creds, String(body.sessionId ?? ''), { role, expiresIn: 3600 });
      return Response.json({ token });
    } catch (error) {
      if (isVideoError(error, 'validation_error')) return Response.json({ error: error.message }, { status: 400 });
      throw error;
    }
  };
}

/** Workers-style entry: credentials come from the platform's environment bindings. */
export default {
  fetch(request: Request, env: { VIDEO_APPLICATION_ID: string; VIDEO_PRIVATE_KEY: string }): Promise<Response> {
    return createHandler({ applicationId: env.VIDEO_APPLICATION_ID, privateKey: env.VIDEO_PRIVATE_KEY })(request);
  },
};
