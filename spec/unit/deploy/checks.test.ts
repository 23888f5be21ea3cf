/**
 * The static checks themselves: they read Dockerfiles, .dockerignore and compose files correctly,
 * and they catch each kind of mistake (spec/fixtures/deploy/broken holds one of each).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { fixturePath, readFixture } from '../../helpers/paths';
import { composeProblems, dockerfileProblems, flagValue, parseImageReference, unpinnedReason } from './checks';
import { parseCopy, parseDockerfile, parseKeyValues, parseStages, splitWords, stageEnv, substitute, workdirAt } from './dockerfile';
import { isIgnored, parseDockerignore } from './dockerignore';
import { envVaultVariable, pluginConfigProblems, servicesWithoutTarget } from './kong-declarative';

const BROKEN = fixturePath('deploy', 'broken');

test('parseDockerfile joins continuation lines, skips comments inside them, keeps the keyword line', () => {
  const text = ['# syntax=docker/dockerfile:1', 'FROM a:1 AS one', 'RUN echo one \\', '  # a comment', '  && echo two', '', 'env A=1'].join('\n');
  assert.deepEqual(parseDockerfile(text), [
    { keyword: 'FROM', args: 'a:1 AS one', line: 2 },
    { keyword: 'RUN', args: 'echo one && echo two', line: 3 },
    { keyword: 'ENV', args: 'A=1', line: 7 },
  ]);
});

test('splitWords groups quotes and escapes like a shell', () => {
  assert.deepEqual(splitWords(`a "b c" 'd "e"' f\\ g`), ['a', 'b c', 'd "e"', 'f g']);
  assert.deepEqual(splitWords('x=""'), ['x=']);
  assert.throws(() => splitWords('"open'), /unterminated/);
});

test('parseKeyValues reads K=V pairs, quoted values, the legacy form and bare ARGs', () => {
  assert.deepEqual([...parseKeyValues('A=1 B="two words" C=')], [['A', '1'], ['B', 'two words'], ['C', '']]);
  assert.deepEqual([...parseKeyValues('LEGACY some value')], [['LEGACY', 'some value']]);
  assert.deepEqual([...parseKeyValues('NO_DEFAULT')], [['NO_DEFAULT', undefined]]);
});

test('parseStages substitutes global ARG defaults into FROM and names stages', () => {
  const stages = parseStages(parseDockerfile('ARG IMG=node:20\nARG NONE\nFROM ${IMG} AS build\nFROM $NONE\nFROM build'));
  assert.deepEqual(
    stages.map((s) => [s.image, s.alias]),
    [['node:20', 'build'], ['$NONE', undefined], ['build', undefined]],
  );
  assert.equal(substitute('${A}-$B-${C}', new Map([['A', 'a'], ['B', 'b']])), 'a-b-${C}');
});

test('parseCopy reads flags, shell and JSON forms', () => {
  const [shell, json] = parseDockerfile('COPY --chown=kong --from=build /a /b ./dest/\nCOPY ["x y", "/z"]');
  assert.ok(shell && json);
  assert.deepEqual(parseCopy(shell), { from: 'build', sources: ['/a', '/b'], destination: './dest/', line: 1 });
  assert.deepEqual(parseCopy(json), { from: undefined, sources: ['x y'], destination: '/z', line: 2 });
});

test('stageEnv and workdirAt follow ENV and WORKDIR in order', () => {
  const [stage] = parseStages(parseDockerfile('FROM a:1\nWORKDIR /w\nENV A=1 B="x y"\nWORKDIR sub\nENV C=${A}2\nRUN true'));
  assert.ok(stage);
  assert.deepEqual([...stageEnv(stage)], [['A', '1'], ['B', 'x y'], ['C', '12']]);
  assert.equal(workdirAt(stage, 3), '/w');
  assert.equal(workdirAt(stage, 6), '/w/sub');
});

test('image references: tags, registries with ports, digests; what counts as pinned', () => {
  assert.deepEqual(parseImageReference('localhost:5000/kong:3.9'), { repository: 'localhost:5000/kong', tag: '3.9', digest: undefined });
  assert.deepEqual(parseImageReference('localhost:5000/kong'), { repository: 'localhost:5000/kong', digest: undefined });
  assert.equal(unpinnedReason('kong/kong-gateway:3.12'), undefined);
  assert.equal(unpinnedReason('node@sha256:abc'), undefined);
  assert.match(unpinnedReason('kong:latest') ?? '', /not pinned/);
  assert.match(unpinnedReason('kong:stable') ?? '', /not pinned/);
  assert.match(unpinnedReason('kong') ?? '', /no tag/);
});

test('.dockerignore: directories, globs, ** and ! exceptions (last match wins)', () => {
  const rules = parseDockerignore('# c\n/dist/\n*.log\n**/*.tmp\nspec\n!spec/keep\n');
  assert.equal(isIgnored('dist', rules), true);
  assert.equal(isIgnored('dist/src/cli.js', rules), true);
  assert.equal(isIgnored('a.log', rules), true);
  assert.equal(isIgnored('logs/a.log', rules), false);
  assert.equal(isIgnored('deep/er/x.tmp', rules), true);
  assert.equal(isIgnored('spec/unit', rules), true);
  assert.equal(isIgnored('spec/keep', rules), false);
  assert.equal(isIgnored('src', rules), false);
});

test('flagValue finds a flag in its spellings, separate or with =', () => {
  const cmd = ['srv', '-d', '/p', '--kong-prefix=/k'];
  assert.equal(flagValue(cmd, ['-d', '--plugins-directory']), '/p');
  assert.equal(flagValue(cmd, ['-p', '--kong-prefix']), '/k');
  assert.equal(flagValue(cmd, ['--sock-name']), undefined);
});

test('dockerfileProblems catches unpinned images, missing/ignored sources and sources no stage holds', () => {
  const problems = dockerfileProblems(readFixture('deploy', 'broken', 'Dockerfile'), {
    contextDir: BROKEN,
    ignoreRules: parseDockerignore(readFixture('deploy', 'broken', '.dockerignore')),
    buildOutputs: { dist: 'npm run build' },
    baseImageFiles: { node: ['/usr/local/bin/node'] },
  });
  assert.deepEqual(problems, [
    "FROM 'node' has no tag (that means latest)",
    "FROM 'kong/kong-gateway:latest' is not pinned to a version",
    "line 9: COPY source 'missing.txt' does not exist",
    "line 10: COPY source 'ignored' is excluded by .dockerignore",
    "line 11: COPY --from=build '/app/dist' needs `npm run build` in stage 'build', which has none",
    "line 14: COPY --from=build '/etc/passwd' is neither copied into, built in, nor known to the base image of stage 'build'",
    'line 15: COPY --from=nowhere names no earlier stage',
    "FROM '${BASE}' uses an ARG with no default",
  ]);
});

test('composeProblems catches missing paths and unknown services, not named volumes or optional env files', () => {
  const doc: unknown = parseYaml(readFixture('deploy', 'broken', 'docker-compose.yml'));
  assert.deepEqual(composeProblems(doc, BROKEN), [
    "services.app.build.context './no-such-dir' does not exist",
    "services.app.build.dockerfile 'Dockerfile' does not exist",
    "services.app.volumes: './no-such-file.yml' does not exist",
    "services.app.env_file 'missing.env' does not exist",
    'services.app.network_mode names an unknown service: service:ghost',
    'services.app.depends_on names an unknown service: ghost',
    "services.other.build.dockerfile 'Nope.Dockerfile' does not exist",
  ]);
  assert.deepEqual(composeProblems({ version: '3' }, BROKEN), ['no services']);
});

test('pluginConfigProblems reports every invalid ai-proxy-js config with its place in kong.yml', () => {
  const doc: unknown = parseYaml(readFixture('deploy', 'broken', 'kong.yml'));
  const problems = pluginConfigProblems(doc, 'ai-proxy-js');
  assert.ok(problems.includes('services[0].routes[0].plugins[0].config.model.options.azure_deployment_id: required when model.provider is azure'), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('services[0].routes[1].plugins[0].config.model.provider: expected one of:')), problems.join('\n'));
  assert.ok(problems.includes('routes[0].plugins[0].config.auth.header_value: required when auth.header_name is set'), problems.join('\n'));
  assert.ok(!problems.some((p) => p.includes('azure_instance')), 'azure_instance is set in the fixture');
  assert.deepEqual(servicesWithoutTarget(doc), ['services[1]']);
});

test('envVaultVariable follows Kong env vault naming, only for whole-value references', () => {
  assert.equal(envVaultVariable('{vault://env/openai-api-key}'), 'OPENAI_API_KEY');
  assert.equal(envVaultVariable('{vault://env/OPENAI_AUTHORIZATION}'), 'OPENAI_AUTHORIZATION');
  assert.equal(envVaultVariable('Bearer {vault://env/OPENAI_API_KEY}'), undefined);
  assert.equal(envVaultVariable('{vault://aws/x}'), undefined);
});
