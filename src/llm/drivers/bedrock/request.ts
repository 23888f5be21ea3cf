import { LlmError, badRequest } from '../../errors';
import type { OpenAIRequest } from '../../types';
import { stopSequences } from '../shared/openai-builders';
import type { DriverContext, UpstreamBody } from '../types';
import { toBedrockMessages } from './messages';
import { bedrockRouteType } from './url';
import type { BedrockConverseRequest, BedrockToolChoice, BedrockToolSpec } from './wire';
import { isRecord } from './wire';

function tools(raw: unknown): BedrockToolSpec[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw badRequest("'tools' must be an array");
  const out = raw.map((tool: unknown, i): BedrockToolSpec => {
    const fn = isRecord(tool) ? tool.function : undefined;
    if (!isRecord(fn) || typeof fn.name !== 'string') throw badRequest(`tools[${i}].function.name must be a string`);
    const spec: BedrockToolSpec['toolSpec'] = { name: fn.name, inputSchema: { json: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } } };
    if (typeof fn.description === 'string') spec.description = fn.description;
    return { toolSpec: spec };
  });
  return out.length > 0 ? out : undefined;
}

/**
 * OpenAI `tool_choice` → Converse `toolChoice`; `none` has no Converse form, so the tools are not sent.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html
 */
function toolChoice(raw: unknown): BedrockToolChoice | 'none' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'auto') return { auto: {} };
  if (raw === 'required') return { any: {} };
  if (raw === 'none') return 'none';
  if (isRecord(raw) && isRecord(raw.function) && typeof raw.function.name === 'string') return { tool: { name: raw.function.name } };
  throw badRequest("'tool_choice' must be 'auto', 'required', 'none' or {type: 'function', function: {name}}");
}

function inferenceConfig(req: OpenAIRequest): BedrockConverseRequest['inferenceConfig'] {
  const out: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  const max = req.max_tokens ?? req.max_completion_tokens;
  if (max !== undefined && max !== null) {
    if (!Number.isInteger(max) || max < 1) throw badRequest("'max_tokens' must be a positive integer");
    out.maxTokens = max;
  }
  if (typeof req.temperature === 'number') out.temperature = req.temperature;
  if (typeof req.top_p === 'number') out.topP = req.top_p;
  const stop = stopSequences(req.stop);
  if (stop !== undefined && stop.length > 0) out.stopSequences = stop;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * OpenAI chat → a Converse body. `top_k` has no Converse field and goes to the model in
 * `additionalModelRequestFields`; `performanceConfig.latency` comes from the config.
 * @see kong/llm/drivers/bedrock.lua to_bedrock_chat_openai
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function toBedrockBody(req: OpenAIRequest, ctx: DriverContext): UpstreamBody {
  bedrockRouteType(ctx.routeType);
  if (ctx.model.options.bedrock?.aws_assume_role_arn) {
    throw new LlmError(500, 'bedrock: STS assume-role (aws_assume_role_arn) is not supported yet; configure static keys instead');
  }
  const prompt = toBedrockMessages(req.messages);
  const body: BedrockConverseRequest = { messages: prompt.messages };
  if (prompt.system.length > 0) body.system = prompt.system;
  const inference = inferenceConfig(req);
  if (inference) body.inferenceConfig = inference;
  const specs = tools(req.tools);
  const choice = toolChoice(req.tool_choice);
  if (specs && choice !== 'none') body.toolConfig = choice === undefined ? { tools: specs } : { tools: specs, toolChoice: choice };
  if (typeof req.top_k === 'number') body.additionalModelRequestFields = { top_k: req.top_k };
  const latency = ctx.model.options.bedrock?.performance_config_latency;
  if (latency) body.performanceConfig = { latency };
  return { body };
}
