import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FILE = "iati-activities-schema.xsd";

/**
 * The official IATI 2.03 activity schema the exports must validate against. It is not copied into
 * this repository: it comes from the standards folder beside it (`../shared/standards/iati-2.03`),
 * or from IATI_SCHEMA_DIR (a checkout of IATI/IATI-Schemas at version 2.03). Missing, the tests that
 * need it fail and say where they looked: an export never passes unvalidated.
 */
export function iatiSchema(): string {
  const places = [process.env.IATI_SCHEMA_DIR, path.resolve(ROOT, "../shared/standards/iati-2.03"), "/work/shared/standards/iati-2.03"].filter((p): p is string => !!p);
  const found = places.map((dir) => path.join(dir, FILE)).find((file) => existsSync(file));
  if (!found) throw new Error(`The IATI 2.03 schemas are missing: looked for ${FILE} in ${places.join(", ")}. Set IATI_SCHEMA_DIR to a folder holding the four schema files.`);
  return found;
}
