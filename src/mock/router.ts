import type { Handler, MockProvider } from './types';

interface CompiledRoute {
  method: string;
  regex: RegExp;
  names: string[];
  provider: MockProvider;
  handle: Handler;
  open: boolean;
}

export interface RouteMatch {
  provider: MockProvider;
  handle: Handler;
  params: Record<string, string>;
  /** The route takes no credential (see `RouteDef.open`). */
  open: boolean;
}

/** `{name}` captures one path segment or, lazily, the part before a literal such as `:generateContent`. */
function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split(/(\{[a-zA-Z_]+\})/)
    .map((piece) => {
      const m = /^\{([a-zA-Z_]+)\}$/.exec(piece);
      if (m?.[1]) {
        names.push(m[1]);
        return '([^/]+?)';
      }
      return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

/** Routes of all providers: bare paths where the provider allows it, and always under `/<name>`. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  constructor(providers: readonly MockProvider[]) {
    for (const provider of providers) {
      for (const route of provider.routes) {
        const paths = [`/${provider.name}${route.path}`];
        if (route.bare ?? provider.bare) paths.unshift(route.path);
        for (const p of paths) {
          this.routes.push({ method: route.method, ...compile(p), provider, handle: route.handle, open: route.open === true });
        }
      }
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      return { provider: r.provider, handle: r.handle, params, open: r.open };
    }
    return undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
