/** JSON lines (Ollama's application/x-ndjson, Cohere v1's application/stream+json): one part per line. */
export function ndjsonParts(objects: readonly unknown[]): string[] {
  return objects.map((o) => `${JSON.stringify(o)}\n`);
}
