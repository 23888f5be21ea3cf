import { badRequest } from '../../errors';
import { isRecord } from '../../is-record';

export { isRecord };

/**
 * The text of a message's content: a string, or content parts of which only text is accepted.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
 */
export function cohereTextContent(content: unknown, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${where}.content must be a string or an array of content parts`);
  return content
    .map((part: unknown, i) => {
      if (!isRecord(part) || part.type !== 'text' || typeof part.text !== 'string') {
        throw badRequest(`${where}.content[${i}]: only text parts are supported here by cohere`);
      }
      return part.text;
    })
    .join('');
}
