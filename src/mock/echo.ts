import { argumentsFromSchema } from './tool-arguments';
import type { JsonObject } from './content';
import { countWords, words } from './words';
import { digest } from './ids';

/**
 * The deterministic "model" behind every provider: each provider module turns its request into a
 * `Conversation`, asks `answer()`, and renders the `Answer` in its own wire format.
 *
 * - Tools are offered, tool choice is not `none`, and the last message is the user's → a call to
 *   the tool named by the tool choice, else the first tool, with arguments built from its JSON
 *   schema by `argumentsFromSchema` (strings carry the user's text).
 * - The last message is a tool result → `Tool said: <result>`.
 * - Otherwise → `Echo: <last message text>`.
 * - Usage: prompt = words of every prompt text; completion = words of the answer (for a tool call,
 *   words of the arguments JSON).
 * - A stop sequence found in the answer cuts it just before the sequence (finish `stop`, with
 *   `stopSequence` set); then `maxTokens` below the word count keeps that many words, finish `length`.
 */
export interface ToolSpec {
  name: string;
  /** The tool's JSON schema for its arguments, if the request gave one. */
  schema?: unknown;
}

/** `auto`: the model may call; `required`: it must call some tool; `{name}`: that tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface Conversation {
  /** Every text of the prompt (system, messages, tool results), counted for prompt usage. */
  promptTexts: string[];
  last: { from: 'user' | 'tool' | 'other'; text: string };
  /** The tools the request offers, in order. */
  tools: ToolSpec[];
  toolChoice?: ToolChoice;
  maxTokens?: number;
  stop?: string[];
}

export interface Usage {
  prompt: number;
  completion: number;
  total: number;
}

export type TextFinish = 'stop' | 'length';

export type Answer =
  | { kind: 'text'; text: string; finish: TextFinish; stopSequence?: string; usage: Usage }
  | { kind: 'tool_call'; id: string; name: string; args: JsonObject; argsJson: string; usage: Usage };

function chooseTool(conv: Conversation): ToolSpec | undefined {
  const choice = conv.toolChoice ?? 'auto';
  if (choice === 'none' || conv.last.from !== 'user') return undefined;
  if (typeof choice === 'object') return conv.tools.find((t) => t.name === choice.name) ?? { name: choice.name };
  return conv.tools[0];
}

function cutAtStop(text: string, stop: readonly string[] | undefined): { text: string; stopSequence?: string } {
  let best: { index: number; seq: string } | undefined;
  for (const seq of stop ?? []) {
    if (seq === '') continue;
    const index = text.indexOf(seq);
    if (index !== -1 && (best === undefined || index < best.index)) best = { index, seq };
  }
  return best ? { text: text.slice(0, best.index).trimEnd(), stopSequence: best.seq } : { text };
}

export function answer(conv: Conversation): Answer {
  const prompt = countWords(conv.promptTexts);
  const tool = chooseTool(conv);
  if (tool !== undefined) {
    const args = argumentsFromSchema(tool.schema, conv.last.text);
    const argsJson = JSON.stringify(args);
    const completion = countWords(argsJson);
    return {
      kind: 'tool_call',
      id: digest(`${tool.name}\n${conv.last.text}`, 24),
      name: tool.name,
      args,
      argsJson,
      usage: { prompt, completion, total: prompt + completion },
    };
  }
  const lead = conv.last.from === 'tool' ? 'Tool said:' : 'Echo:';
  const stopped = cutAtStop([lead, ...words(conv.last.text)].join(' '), conv.stop);
  let all = words(stopped.text);
  let finish: TextFinish = 'stop';
  let stopSequence = stopped.stopSequence;
  if (conv.maxTokens !== undefined && conv.maxTokens >= 0 && all.length > conv.maxTokens) {
    all = all.slice(0, conv.maxTokens);
    finish = 'length';
    stopSequence = undefined;
  }
  const text: Answer = { kind: 'text', text: all.join(' '), finish, usage: { prompt, completion: all.length, total: prompt + all.length } };
  if (stopSequence !== undefined) text.stopSequence = stopSequence;
  return text;
}

/** The answer to a bare prompt (legacy completions, generate endpoints). */
export function answerPrompt(prompt: string, maxTokens: number | undefined, stop?: string[]): Answer {
  return answer({ promptTexts: [prompt], last: { from: 'user', text: prompt }, tools: [], maxTokens, stop });
}
