import type { DriverContext } from '../types';
import type { ToolCall } from '../../types';
import { isRecord } from './wire';

/** What one Gemini candidate says, read leniently from an upstream body. */
export interface GeminiCandidate {
  /** OpenAI choice index (the candidate's own `index`, else its position). */
  index: number;
  /** The text parts joined; thought summaries are left out (OpenAI's answer has no place for them). */
  text: string;
  calls: { name: string; args: unknown; id?: string }[];
  /** The raw `finishReason`, when present. */
  finishReason: unknown;
}

/** @see https://ai.google.dev/api/generate-content#candidate */
export function readCandidates(body: Record<string, unknown>): GeminiCandidate[] | undefined {
  if (!Array.isArray(body.candidates)) return undefined;
  return (body.candidates as unknown[]).map((raw, position) => readCandidate(raw, position));
}

function readCandidate(raw: unknown, position: number): GeminiCandidate {
  const candidate = isRecord(raw) ? raw : {};
  const index = typeof candidate.index === 'number' && Number.isInteger(candidate.index) && candidate.index >= 0 ? candidate.index : position;
  const content = isRecord(candidate.content) ? candidate.content : {};
  const parts = Array.isArray(content.parts) ? (content.parts as unknown[]) : [];
  let text = '';
  const calls: GeminiCandidate['calls'] = [];
  for (const part of parts) {
    if (!isRecord(part) || part.thought === true) continue;
    if (typeof part.text === 'string') text += part.text;
    const call = part.functionCall;
    if (isRecord(call) && typeof call.name === 'string') {
      calls.push({ name: call.name, args: call.args ?? {}, ...(typeof call.id === 'string' && call.id !== '' ? { id: call.id } : {}) });
    }
  }
  return { index, text, calls, finishReason: candidate.finishReason };
}

/**
 * An OpenAI tool-call id for the `n`th call of a choice. Gemini matches results by name and
 * usually sends no id, so one is made from the response id (unique per answer); the name is
 * recovered from the conversation when the client sends the result back.
 */
export function toolCallId(ctx: DriverContext, choice: number, n: number, given: string | undefined): string {
  if (given !== undefined) return given;
  return `call_${ctx.responseId.replace(/^chatcmpl-/, '')}_${choice}_${n}`;
}

/** A function call as an OpenAI tool call; arguments are the JSON of Gemini's `args` object. */
export function toToolCall(ctx: DriverContext, choice: number, n: number, call: GeminiCandidate['calls'][number]): ToolCall {
  return { id: toolCallId(ctx, choice, n, call.id), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } };
}

/** The model the answer names: Gemini's `modelVersion`, else the configured model. */
export function answerModel(body: Record<string, unknown>, ctx: DriverContext): string {
  return typeof body.modelVersion === 'string' && body.modelVersion !== '' ? body.modelVersion : ctx.model.name;
}

/** A prompt Gemini refused to answer at all (no candidates): `promptFeedback.blockReason`. */
export function promptBlocked(body: Record<string, unknown>): boolean {
  return isRecord(body.promptFeedback) && typeof body.promptFeedback.blockReason === 'string';
}
