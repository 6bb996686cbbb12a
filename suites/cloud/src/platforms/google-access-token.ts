import * as fs from 'node:fs';
import { createSign } from 'node:crypto';

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  token_uri: string;
}

/** OAuth access token for a service-account key (GOOGLE_APPLICATION_CREDENTIALS), by the JWT-bearer grant. */
export async function googleAccessToken(keyFile = process.env.GOOGLE_APPLICATION_CREDENTIALS ?? ''): Promise<string> {
  const key = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as ServiceAccountKey;
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: key.client_email, scope: 'https://www.googleapis.com/auth/cloud-platform', aud: key.token_uri, iat: now, exp: now + 3600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key).toString('base64url');
  const response = await fetch(key.token_uri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` }),
  });
  if (!response.ok) throw new Error(`Google token endpoint answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
