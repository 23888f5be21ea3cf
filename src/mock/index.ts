/**
 * mock-llm: provider upstreams on their real paths and wire formats, for tests and `npm start`.
 * Every answer is deterministic (see `echo.ts`): the last user message echoed as
 * `Echo: <text>`, a call to the first offered tool (arguments from its schema), or
 * `Tool said: <result>` after a tool result; usage counts whitespace-separated words.
 *
 * Controls, read from request headers (after the credential check, which they never bypass);
 * the same list is exported as `CONTROL_HEADERS` for the CLI:
 *
 * | header                          | effect                                                                           |
 * |---------------------------------|----------------------------------------------------------------------------------|
 * | `x-mock-delay-ms: N`            | wait N ms before answering                                                       |
 * | `x-mock-status: S`              | answer status S with that provider's real error body (100–599)                   |
 * | `x-mock-truncate: N`            | send only the first N stream events (or N bytes of a JSON body)                  |
 * | `x-mock-truncate-mode: close`   | with `x-mock-truncate`: destroy the socket instead of ending the response cleanly |
 * | `x-mock-gzip: 1`                | gzip the body (`content-encoding: gzip`; streams flush per event)                |
 * | `x-mock-garbage: 1`             | answer 200 `application/json` whose body is not JSON                             |
 * | `x-mock-hf-loading: SECONDS`    | Hugging Face text generation: 503 "Model … is currently loading" with that        |
 * |                                 | `estimated_time`, unless `options.wait_for_model` / `x-wait-for-model: true`     |
 *
 * Paths (each provider also answers under `/<provider>` + path; Mistral and Llama2 only there):
 * see `PROVIDER_PATHS` below, which the CLI prints.
 */
export { startMockLlm, type MockLlm, type MockLlmOptions } from './server';
export type { RecordedRequest } from './types';
export { PROVIDER_PATHS } from './paths';
export { CONTROL_HEADERS } from './controls';
