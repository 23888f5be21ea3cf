/**
 * Command line of the plugin server: the flag set of kong-pdk 0.6.0's `kong-js-pluginserver`
 * (so Kong's `pluginserver_*_start_cmd` / `_query_cmd` lines work unchanged). The single-dash long
 * spellings it advertises (`-kong-prefix`, `-plugins-directory`, `-dump-all-plugins`, …) are
 * accepted too.
 */
import { DEFAULT_SOCK_NAME } from './protocol';

export interface ServerOptions {
  kongPrefix: string;
  sockName: string;
  pluginsDirectory: string;
  verbose: number;
  dumpPluginInfo?: string;
  dumpAllPlugins: boolean;
}

export type ParsedArgs =
  | { kind: 'run'; options: ServerOptions }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: ai-proxy-js-pluginserver [options]

Options:
  --version                                          output the version number
  -p, --kong-prefix, -kong-prefix <prefix>           unix domain socket path to listen (default: "/usr/local/kong")
  -v, --verbose                                      verbose logging
  --sock-name <sock_name>                            socket name to listen on (default: "${DEFAULT_SOCK_NAME}")
  -d, --plugins-directory, -plugins-directory <dir>  plugins directory for .js files
  --dump-plugin-info, -dump-plugin-info <name>       dump specific plugin info into stdout
  --dump-all-plugins, -dump-all-plugins              dump all plugins info into stdout
  -h, --help                                         display help for command
`;

type ValueFlag = 'kongPrefix' | 'sockName' | 'pluginsDirectory' | 'dumpPluginInfo';

const VALUE_FLAGS: Record<string, ValueFlag> = {
  '-p': 'kongPrefix',
  '--kong-prefix': 'kongPrefix',
  '-kong-prefix': 'kongPrefix',
  '--sock-name': 'sockName',
  '-d': 'pluginsDirectory',
  '--plugins-directory': 'pluginsDirectory',
  '-plugins-directory': 'pluginsDirectory',
  '--dump-plugin-info': 'dumpPluginInfo',
  '-dump-plugin-info': 'dumpPluginInfo',
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  let verbose = 0;
  let dumpAllPlugins = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const target = VALUE_FLAGS[flag];
    if (target !== undefined) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { kind: 'error', message: `option '${flag}' argument missing` };
      values[target] = value;
      continue;
    }
    if (flag === '--dump-all-plugins' || flag === '-dump-all-plugins') dumpAllPlugins = true;
    else if (flag === '-h' || flag === '--help') return { kind: 'help', text: USAGE };
    else if (flag === '--version') return { kind: 'version' };
    else if (flag === '--verbose') verbose++;
    else if (/^-v+$/.test(flag)) verbose += flag.length - 1; // -v, -vv, -vvv
    else return { kind: 'error', message: `unknown option '${arg}'` };
  }

  if (values.pluginsDirectory === undefined) {
    return { kind: 'error', message: "required option '-d, --plugins-directory, -plugins-directory <dir>' not specified" };
  }
  return {
    kind: 'run',
    options: {
      kongPrefix: values.kongPrefix ?? '/usr/local/kong',
      sockName: values.sockName ?? DEFAULT_SOCK_NAME,
      pluginsDirectory: values.pluginsDirectory,
      verbose,
      dumpPluginInfo: values.dumpPluginInfo,
      dumpAllPlugins,
    },
  };
}
