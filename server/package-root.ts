import { createRequire } from "node:module";
import path from "node:path";

/** The folder of an installed package, even when its `exports` hide package.json and its bins. */
export function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(`${name}/package.json`); // a package of binaries only has no entry module
  } catch {
    entry = require.resolve(name);
  }
  const marker = `${path.sep}node_modules${path.sep}${name.split("/").join(path.sep)}${path.sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`cannot locate the package folder of ${name} from ${entry}`);
  return entry.slice(0, at + marker.length - 1);
}
