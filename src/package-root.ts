import fs from 'node:fs';
import path from 'node:path';

/** The package root: the nearest folder at or above `start` (a compiled file's `__dirname`) that holds package.json. */
export function packageRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
