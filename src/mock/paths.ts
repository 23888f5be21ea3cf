import { PROVIDERS } from './providers';

/** Every path the mock answers, by provider, as the router mounts them (for the CLI and docs). */
export const PROVIDER_PATHS: ReadonlyArray<{ provider: string; paths: string[] }> = PROVIDERS.map((provider) => ({
  provider: provider.name,
  paths: provider.routes.map((route) => `${route.method} ${(route.bare ?? provider.bare) ? '' : `/${provider.name}`}${route.path}`),
}));
