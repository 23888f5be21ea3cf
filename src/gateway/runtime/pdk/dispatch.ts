/**
 * The PDK dispatcher: one table of Kong method name → small function. A method not in the table
 * throws, which the plugin-server client sends back as a StepError (never a hang).
 */
import type { PdkHandler } from '../../plugin-server/types';
import type { RequestContext } from '../request-context';
import { contextMethods } from './context';
import { requestMethods } from './request';
import { responseMethods } from './response';
import { serviceMethods } from './service';
import type { PdkEnvironment, PdkTable } from './types';

export const PDK_METHODS: PdkTable = {
  ...requestMethods,
  ...serviceMethods,
  ...responseMethods,
  ...contextMethods,
};

export function createPdkHandler(ctx: RequestContext, env: PdkEnvironment, methods: PdkTable = PDK_METHODS): PdkHandler {
  return (method, args) => {
    const fn = Object.prototype.hasOwnProperty.call(methods, method) ? methods[method] : undefined;
    if (fn === undefined) throw new Error(`could not find pdk method: ${method}`);
    return fn(ctx, Array.isArray(args) ? args : [], env);
  };
}
