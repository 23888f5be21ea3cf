import { badRequest } from '../../errors';
import type { AnthropicImageBlock, AnthropicTextBlock } from './wire';
import { imageSource, textOnlyContent as sharedTextOnly, userContentParts } from '../shared/content-parts';

/**
 * OpenAI user content (a string or content parts) → Anthropic content blocks.
 * Empty text is dropped: Anthropic rejects empty text blocks.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 * @see https://docs.anthropic.com/en/api/messages#body-messages-content
 */
export function convertUserContent(content: unknown, where: string): (AnthropicTextBlock | AnthropicImageBlock)[] {
  return userContentParts<AnthropicTextBlock | AnthropicImageBlock>(content, where, 'anthropic', {
    text: (text) => ({ type: 'text', text }),
    image: convertImageUrl,
  });
}

/** The text of content that may only carry text (system, assistant, tool messages); other parts are a 400. */
export function textOnlyContent(content: unknown, where: string): string {
  return sharedTextOnly(content, where, 'anthropic');
}

/**
 * An OpenAI `image_url` (inline data URL or http(s) URL) → an Anthropic image block.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/vision#url-based-image-example
 */
export function convertImageUrl(imageUrl: unknown, where: string): AnthropicImageBlock {
  const source = imageSource(imageUrl, where);
  if (source.kind === 'base64') return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
  if (/^https?:\/\//i.test(source.url)) return { type: 'image', source: { type: 'url', url: source.url } };
  throw badRequest(`${where}.image_url.url must be a base64 data URL or an http(s) URL`);
}
