import { badRequest } from '../../errors';
import type { GeminiPart } from './wire';
import { imageSource, textOnlyContent, userContentParts } from '../shared/content-parts';

/**
 * OpenAI user content (a string or content parts) → Gemini parts. Empty text is dropped: Gemini
 * rejects parts without data.
 * @see https://ai.google.dev/api/caching#Part
 * @see kong/llm/drivers/gemini.lua openai_part_to_gemini_part
 */
export function userParts(content: unknown, where: string): GeminiPart[] {
  return userContentParts<GeminiPart>(content, where, 'gemini', { text: (text) => ({ text }), image: imagePart });
}

/** The text of content that may only carry text (system, assistant, tool messages); other parts are a 400. */
export function textOnly(content: unknown, where: string): string {
  return textOnlyContent(content, where, 'gemini');
}

/**
 * An OpenAI `image_url`: a base64 data URL becomes `inlineData`, an http(s) or Cloud Storage URL
 * becomes `fileData` (Gemini fetches it; the type is guessed from the extension, as Gemini needs one).
 * @see https://ai.google.dev/gemini-api/docs/image-understanding
 */
export function imagePart(imageUrl: unknown, where: string): GeminiPart {
  const source = imageSource(imageUrl, where);
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (/^(https?|gs):\/\//i.test(source.url)) return { fileData: { mimeType: imageMimeType(source.url), fileUri: source.url } };
  throw badRequest(`${where}.image_url.url must be a base64 data URL, an http(s) URL or a gs:// URI`);
}

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
};

/** The image type by the URL path's extension; JPEG, the most common, when there is none. */
function imageMimeType(url: string): string {
  const path = url.split(/[?#]/)[0];
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext !== undefined ? IMAGE_TYPES[ext] : undefined) ?? 'image/jpeg';
}
