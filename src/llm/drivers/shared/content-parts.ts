/**
 * OpenAI message content as providers with their own part types read it: user content (a string
 * or text / image_url parts), text-only content (system, assistant, tool), and an image_url's
 * source. Each driver supplies only how a part looks on its wire.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
import { badRequest } from '../../errors';
import { isRecord } from '../../is-record';

export interface PartBuilders<T> {
  text(text: string): T;
  image(imageUrl: unknown, at: string): T;
}

/** User content → provider parts; empty text is dropped (providers reject empty text parts). */
export function userContentParts<T>(content: unknown, where: string, provider: string, build: PartBuilders<T>): T[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [build.text(content)];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  const parts: T[] = [];
  content.forEach((part: unknown, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw badRequest(`${at}.text must be a string`);
        if (part.text !== '') parts.push(build.text(part.text));
        break;
      case 'image_url':
        parts.push(build.image(part.image_url, at));
        break;
      default:
        throw badRequest(`${at}: content part type '${part.type}' is not supported by ${provider}`);
    }
  });
  return parts;
}

/** The text of content that may only carry text (system, assistant, tool messages); other parts are a 400. */
export function textOnlyContent(content: unknown, where: string, provider: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  return content
    .map((part: unknown, i) => {
      const at = `${where}.content[${i}]`;
      if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
      // OpenAI echoes an assistant's refusal as a `refusal` part; it is what the assistant said.
      const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
      if (typeof text !== 'string') throw badRequest(`${at}: only text parts are supported here by ${provider}`);
      return text;
    })
    .join('');
}

/** `data:<media type>[;params],<data>`: the form OpenAI clients use to inline images. */
const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

export type ImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

/** An `image_url` (a string or `{url}`): inline base64 data, or a URL the driver judges by scheme. */
export function imageSource(imageUrl: unknown, where: string): ImageSource {
  const url = typeof imageUrl === 'string' ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string') throw badRequest(`${where}.image_url.url must be a string`);
  const data = DATA_URL.exec(url);
  if (!data) return { kind: 'url', url };
  const params = data[2]!.split(';').map((p) => p.trim().toLowerCase());
  if (!params.includes('base64')) throw badRequest(`${where}.image_url.url: data URLs must be base64-encoded`);
  return { kind: 'base64', mediaType: data[1]!.trim().toLowerCase(), data: data[3]! };
}
