import { badRequest } from '../../errors';
import { OPENAI_COMPATIBLE_WIRE } from '../shared/wire-formats';
import { joinPath } from '../upstream-url';
import type { Driver, DriverContext, UpstreamTarget } from '../types';
import type { LlmRouteType } from '../../types';

/** Paths after `/openai/deployments/{deployment}`. @see https://learn.microsoft.com/azure/ai-services/openai/reference */
const AZURE_PATHS: Record<LlmRouteType, string> = {
  'llm/v1/chat': '/chat/completions',
  'llm/v1/completions': '/completions',
  'llm/v1/embeddings': '/embeddings',
};

/**
 * `https://{instance}.openai.azure.com/openai/deployments/{deployment}{path}?api-version=…`.
 * `upstream_url` replaces the URL, `upstream_path` the part after the deployment; api-version is
 * always sent (a client's own `?api-version=` wins, applied by the pipeline's query merge).
 * @see kong/llm/drivers/azure.lua configure_request
 */
function azureUpstream(ctx: DriverContext): UpstreamTarget {
  const { options } = ctx.model;
  let url: URL;
  if (options.upstream_url) {
    url = new URL(options.upstream_url);
  } else {
    if (!options.azure_instance || !options.azure_deployment_id) {
      throw badRequest('azure_instance and azure_deployment_id are required for the azure provider');
    }
    const base = `https://${options.azure_instance}.openai.azure.com:443`;
    url = new URL(base);
    const deployment = `/openai/deployments/${encodeURIComponent(options.azure_deployment_id)}`;
    url.pathname = joinPath(deployment, options.upstream_path ?? AZURE_PATHS[ctx.routeType]);
  }
  if (options.azure_api_version) url.searchParams.set('api-version', options.azure_api_version);
  return { method: 'POST', url };
}

/** Azure OpenAI speaks OpenAI's format; only the URL, the `api-key` auth and the analytics meta differ. */
export const azureDriver: Driver = {
  provider: 'azure',
  routeTypes: ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'],
  upstream: azureUpstream,
  ...OPENAI_COMPATIBLE_WIRE,
  analyticsMeta: (ctx) => {
    const meta: Record<string, string> = {};
    const { azure_instance, azure_deployment_id, azure_api_version } = ctx.model.options;
    if (azure_instance) meta.azure_instance_id = azure_instance;
    if (azure_deployment_id) meta.azure_deployment_id = azure_deployment_id;
    if (azure_api_version) meta.azure_api_version = azure_api_version;
    return meta;
  },
};
