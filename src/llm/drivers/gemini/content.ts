import { badRequest } from '../../errors';
import type { GeminiPart } from './wire';
import { isRecord } from './wire';

/** `data:<media type>[;params],<data>`: the form OpenAI clients use to inline images. */
const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

/**
 * OpenAI user content (a string or content parts) → Gemini parts. Empty text is dropped: Gemini
 * rejects parts without data.
 * @see https://ai.google.dev/api/caching#Part
 * @see kong/llm/drivers/gemini.lua openai_part_to_gemini_part
 */
export function userParts(content: unknown, where: string): GeminiPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  const parts: GeminiPart[] = [];
  content.forEach((part: unknown, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw badRequest(`${at}.text must be a string`);
        if (part.text !== '') parts.push({ text: part.text });
        break;
      case 'image_url':
        parts.push(imagePart(part.image_url, at));
        break;
      default:
        throw badRequest(`${at}: content part type '${part.type}' is not supported by gemini`);
    }
  });
  return parts;
}

/** The text of content that may only carry text (system, assistant, tool messages); other parts are a 400. */
export function textOnly(content: unknown, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  return content
    .map((part: unknown, i) => {
      const at = `${where}.content[${i}]`;
      if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
      // An assistant's echoed refusal is what it said.
      const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
      if (typeof text !== 'string') throw badRequest(`${at}: only text parts are supported here by gemini`);
      return text;
    })
    .join('');
}

/**
 * An OpenAI `image_url`: a base64 data URL becomes `inlineData`, an http(s) or Cloud Storage URL
 * becomes `fileData` (Gemini fetches it; the type is guessed from the extension, as Gemini needs one).
 * @see https://ai.google.dev/gemini-api/docs/image-understanding
 */
export function imagePart(imageUrl: unknown, where: string): GeminiPart {
  const url = typeof imageUrl === 'string' ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string') throw badRequest(`${where}.image_url.url must be a string`);
  const data = DATA_URL.exec(url);
  if (data) {
    const params = data[2].split(';').map((p) => p.trim().toLowerCase());
    if (!params.includes('base64')) throw badRequest(`${where}.image_url.url: data URLs must be base64-encoded`);
    return { inlineData: { mimeType: data[1].trim().toLowerCase(), data: data[3] } };
  }
  if (/^(https?|gs):\/\//i.test(url)) return { fileData: { mimeType: imageMimeType(url), fileUri: url } };
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
