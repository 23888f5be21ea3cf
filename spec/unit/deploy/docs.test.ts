/**
 * The operator docs stay true to the files they describe: relative links and anchors resolve,
 * every `localhost:8000/...` route they show is in kong.yml, and the plugin-server settings they
 * print are the Dockerfile's.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/paths';
import { parseDockerfile, parseKeyValues, parseStages, stageEnv } from './dockerfile';
import { pluginEntries } from './kong-declarative';
import { readRepoFile, readYaml } from './deploy-files';

const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} +(.+?) *$/gm)) if (m[1]) out.add(slug(m[1]));
  return out;
}

/** Markdown text outside fenced code blocks. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

test('docs: relative links point at existing files and headings', () => {
  for (const doc of DOCS) {
    const text = readRepoFile(doc);
    for (const m of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z]+:/i.test(target)) continue; // absolute URL
      const [file, anchor] = target.split('#');
      const resolved = file ? path.join(path.dirname(path.join(REPO_ROOT, doc)), file) : path.join(REPO_ROOT, doc);
      assert.ok(fs.existsSync(resolved), `${doc}: link ${target} → missing ${path.relative(REPO_ROOT, resolved)}`);
      if (anchor) assert.ok(anchors(fs.readFileSync(resolved, 'utf8')).has(anchor), `${doc}: link ${target} → no heading #${anchor}`);
    }
  }
});

test('docs: every localhost:8000 route they show is a route of kong.yml', () => {
  const routes = new Set(pluginEntries(readYaml('kong.yml')).flatMap((p) => p.routePaths ?? []));
  let seen = 0;
  for (const doc of DOCS) {
    for (const m of readRepoFile(doc).matchAll(/localhost:8000(\/[\w/-]*)/g)) {
      seen++;
      assert.ok(routes.has(m[1] ?? ''), `${doc}: ${m[1]} is not a route of kong.yml`);
    }
  }
  assert.ok(seen >= 3, 'the docs show example requests');
});

test('docs: the plugin-server settings they print are the Dockerfile ones', () => {
  const stages = parseStages(parseDockerfile(readRepoFile('Dockerfile')));
  const last = stages[stages.length - 1];
  assert.ok(last);
  const image = stageEnv(last);
  let seen = 0;
  for (const doc of DOCS) {
    for (const m of readRepoFile(doc).matchAll(/^(KONG_PLUGINS?(?:ERVER_[A-Z_]+)?=.*)$/gm)) {
      for (const [key, value] of parseKeyValues(m[1] ?? '')) {
        seen++;
        assert.equal(value, image.get(key), `${doc}: ${key}`);
      }
    }
  }
  assert.ok(seen >= 10, `${seen} settings printed in the docs`);
});
