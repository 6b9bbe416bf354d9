/** A call as the page makes it in web mode: JSON, from the app's own origin (calls that change something need it). */
export const pageHeaders = (baseUrl: string) => ({ 'Content-Type': 'application/json', Origin: new URL(baseUrl).origin })

/** `POST /api/<method>` on a web-mode server, as the page sends it; the raw response. */
export const postApi = (baseUrl: string, method: string, input: unknown) =>
  fetch(new URL(`/api/${method}`, baseUrl), { method: 'POST', headers: pageHeaders(baseUrl), body: JSON.stringify(input) })
