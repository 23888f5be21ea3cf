/**
 * The repository's Dockerfile, checked statically (no Docker engine here): pinned images, COPY
 * sources that exist and reach the build context, a build stage that makes what the Kong stage
 * copies, and a Kong stage that installs node, the package and the commands, running as `kong`.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/paths';
import { commandWrappers, dockerfileProblems, parseImageReference } from './checks';
import { parseCopy, parseDockerfile, parseStages, type DockerStage } from './dockerfile';
import { parseDockerignore } from './dockerignore';
import { BASE_IMAGE_FILES, BUILD_OUTPUTS, INSTALL_ROOT, readRepoFile, repoPathOf } from './deploy-files';

const text = readRepoFile('Dockerfile');
const stages = parseStages(parseDockerfile(text));
const kongStage = stages[stages.length - 1];
const buildStage = stages.find((s) => s.alias === 'build');

function runIndex(stage: DockerStage, command: string): number {
  return stage.instructions.findIndex((i) => i.keyword === 'RUN' && i.args.includes(command));
}

test('Dockerfile: base images pinned, every COPY source exists, reaches the context, or is made by the build stage', () => {
  const problems = dockerfileProblems(text, {
    contextDir: REPO_ROOT,
    ignoreRules: parseDockerignore(readRepoFile('.dockerignore')),
    buildOutputs: BUILD_OUTPUTS,
    baseImageFiles: BASE_IMAGE_FILES,
  });
  assert.deepEqual(problems, []);
});

test('Dockerfile: a node 20 build stage runs npm ci, npm run build, then prunes dev dependencies', () => {
  assert.ok(buildStage, 'a stage named build');
  const { repository, tag } = parseImageReference(buildStage.image);
  assert.equal(repository, 'node');
  assert.match(tag ?? '', /^20(\.|-|$)/, 'node 20, as package.json engines');
  const ci = runIndex(buildStage, 'npm ci');
  const build = runIndex(buildStage, 'npm run build');
  const prune = runIndex(buildStage, 'npm prune --omit=dev');
  assert.ok(ci >= 0 && build >= 0 && prune >= 0, 'npm ci, npm run build and npm prune --omit=dev');
  assert.ok(ci < build && build <= prune, 'in that order');
});

test('Dockerfile: the final stage is a Kong 3.x image and ends as the kong user', () => {
  assert.ok(kongStage && kongStage !== buildStage);
  const { repository, tag } = parseImageReference(kongStage.image);
  assert.match(repository, /^(kong|kong\/kong|kong\/kong-gateway)$/);
  assert.match(tag ?? '', /^3\.\d+/);
  const users = kongStage.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.trim());
  assert.equal(users[users.length - 1], 'kong');
});

test('Dockerfile: node, package.json, node_modules and dist land in the install root', () => {
  assert.ok(kongStage);
  const copies = kongStage.instructions.filter((i) => i.keyword === 'COPY').map(parseCopy);
  const destinations = new Set(copies.filter((c) => c.from === 'build').map((c) => c.destination));
  for (const part of ['package.json', 'node_modules', 'dist']) {
    assert.ok(destinations.has(`${INSTALL_ROOT}/${part}`), `${part} copied to ${INSTALL_ROOT}/${part}`);
  }
  assert.ok(destinations.has('/usr/local/bin/node'), 'node copied from the build stage');
});

test('Dockerfile: the commands on PATH exec the copied node on scripts the build produces', () => {
  const wrappers = commandWrappers(text);
  assert.deepEqual([...wrappers.keys()].sort(), ['/usr/local/bin/ai-proxy-js', '/usr/local/bin/ai-proxy-js-pluginserver', '/usr/local/bin/kong-js-pluginserver']);
  for (const [bin, { node, script }] of wrappers) {
    assert.equal(node, '/usr/local/bin/node', `${bin} runs the copied node`);
    const local = repoPathOf(script);
    assert.ok(local, `${bin}: ${script} is under ${INSTALL_ROOT}`);
    assert.ok(fs.existsSync(local), `${bin}: ${path.relative(REPO_ROOT, local)} exists after the build`);
  }
  const chmod = parseDockerfile(text).find((i) => i.keyword === 'RUN' && i.args.includes('chmod'));
  for (const bin of wrappers.keys()) assert.ok(chmod?.args.includes(bin), `${bin} made executable`);
});

test('.dockerignore keeps node_modules, dist and .git out of the build context', () => {
  const patterns = parseDockerignore(readRepoFile('.dockerignore')).map((r) => r.pattern);
  for (const p of ['node_modules', 'dist', '.git', '.env']) assert.ok(patterns.includes(p), p);
});
