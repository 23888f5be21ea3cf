import { badRequest } from '../../errors';
import type { AnthropicImageBlock, AnthropicTextBlock } from './wire';
import { isRecord } from './wire';

/**
 * OpenAI user content (a string or content parts) → Anthropic content blocks.
 * Empty text is dropped: Anthropic rejects empty text blocks.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 */
export function convertUserContent(content: unknown, where: string): (AnthropicTextBlock | AnthropicImageBlock)[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  const blocks: (AnthropicTextBlock | AnthropicImageBlock)[] = [];
  content.forEach((part: unknown, i) => {
    const at = `${where}.content[${i}]`;
    if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw badRequest(`${at}.text must be a string`);
        if (part.text !== '') blocks.push({ type: 'text', text: part.text });
        break;
      case 'image_url':
        blocks.push(convertImageUrl(part.image_url, at));
        break;
      default:
        throw badRequest(`${at}: content part type '${part.type}' is not supported by anthropic`);
    }
  });
  return blocks;
}

/** The text of content that may only carry text (system, assistant, tool messages); other parts are a 400. */
export function textOnlyContent(content: unknown, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  return content
    .map((part: unknown, i) => {
      const at = `${where}.content[${i}]`;
      if (!isRecord(part) || typeof part.type !== 'string') throw badRequest(`${at} must be an object with a 'type'`);
      // OpenAI echoes an assistant's refusal as a `refusal` part; it is what the assistant said.
      const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
      if (typeof text !== 'string') throw badRequest(`${at}: only text parts are supported here by anthropic`);
      return text;
    })
    .join('');
}

/** `data:<media type>;base64,<data>`: the form OpenAI clients use to inline images. */
const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s;

/**
 * An OpenAI `image_url` (inline data URL or http(s) URL) → an Anthropic image block.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision#url-based-image-example
 */
export function convertImageUrl(imageUrl: unknown, where: string): AnthropicImageBlock {
  const url = typeof imageUrl === 'string' ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string') throw badRequest(`${where}.image_url.url must be a string`);
  const data = DATA_URL.exec(url);
  if (data) {
    const params = data[2].split(';').map((p) => p.trim().toLowerCase());
    if (!params.includes('base64')) throw badRequest(`${where}.image_url.url: data URLs must be base64-encoded`);
    return { type: 'image', source: { type: 'base64', media_type: data[1].trim().toLowerCase(), data: data[3] } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw badRequest(`${where}.image_url.url must be a base64 data URL or an http(s) URL`);
}
