/**
 * Gemini's `streamGenerateContent` without `alt=sse`: one JSON array, sent element by element
 * (`[{...}`, `,\r\n{...}`, …, `]`), one part per element plus the closing bracket.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function jsonArrayParts(elements: readonly unknown[]): string[] {
  if (elements.length === 0) return ['[]'];
  const parts = elements.map((e, i) => `${i === 0 ? '[' : ',\r\n'}${JSON.stringify(e)}`);
  parts.push(']');
  return parts;
}
