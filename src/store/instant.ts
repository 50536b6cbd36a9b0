// Times as the store and the JSON write them: ISO 8601 UTC to the second, like CertificateFacts'
// notBefore/notAfter (`2026-06-01T12:00:00Z`), so they compare as text and read the same everywhere.

export function isoInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
