import { OPERATOR } from './reference-services';

/** Logs in to JARVIS as the operator and returns the bearer header for its authenticated routes. */
export async function operatorAuthorization(jarvisUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${jarvisUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: OPERATOR.username, password: OPERATOR.password }),
  });
  if (!response.ok) throw new Error(`JARVIS login answered ${response.status}: ${await response.text()}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}` };
}
