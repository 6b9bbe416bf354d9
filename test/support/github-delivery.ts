/**
 * The header names of GitHub's example delivery, in its order (GitHub docs, "Webhook events and
 * payloads"), with Content-Type and Content-Length where it puts them. On the wire Node adds Host
 * before them and Connection after.
 */
export const GITHUB_HEADER_ORDER = [
  'X-GitHub-Delivery',
  'X-Hub-Signature',
  'X-Hub-Signature-256',
  'User-Agent',
  'Content-Type',
  'Content-Length',
  'X-GitHub-Event',
  'X-GitHub-Hook-ID',
  'X-GitHub-Hook-Installation-Target-ID',
  'X-GitHub-Hook-Installation-Target-Type',
]
