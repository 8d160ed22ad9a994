// Calls this service as an EHR would: every call carries a fresh token of the built-in
// demo client whose audience is the exact URL called (CDS Hooks 2.0 client authentication).

/** The absolute URL of a path on this service, as the service sees it called. */
export function endpointUrl(path) {
  return new URL(path, window.location.origin).href;
}

/**
 * A token of the demo client for one call to the URL, or null when the service has none to
 * give (demo client off, or this browser not on the service's machine): the call then goes
 * unsigned and the service says whether it needed a token.
 */
async function demoToken(audience) {
  const response = await fetch('/demo/token?aud=' + encodeURIComponent(audience), {
    method: 'POST',
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    return { token: null, note: `no demo token (POST /demo/token answered ${response.status}); sent unsigned` };
  }
  const body = await response.json();
  return { token: body.access_token, note: 'signed by the built-in demo client' };
}

/** Reads a JWT's claims for display; the token is not verified here. */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch (e) {
    return null;
  }
}

/**
 * POSTs the body (an object, or a string sent as it is) to the path, signed.
 * Resolves to an exchange: what was sent and what came back, whatever the status.
 */
export async function postSigned(path, body) {
  const url = endpointUrl(path);
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  const exchange = { method: 'POST', url, path, requestText: text, at: new Date() };
  try {
    const { token, note } = await demoToken(url);
    exchange.authentication = note;
    exchange.tokenClaims = token ? claimsOf(token) : null;
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(url, { method: 'POST', headers, body: text, cache: 'no-store' });
    exchange.status = response.status;
    exchange.responseText = await response.text();
    exchange.json = parseJson(exchange.responseText);
  } catch (e) {
    exchange.status = 0;
    exchange.networkError = 'The service could not be reached: ' + e.message;
  }
  exchange.ok = exchange.status >= 200 && exchange.status < 300;
  return exchange;
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

/** A random UUID, also where crypto.randomUUID is missing (plain http on another host). */
export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
