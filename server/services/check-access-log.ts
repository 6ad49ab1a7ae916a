import type { AccessLogStore } from "../db/access-log.ts";
import { checkAccessEntries, type AccessLogProblem } from "../domain/access-log.ts";

export interface AccessLogCheck {
  entries: number;
  /** The last entry's number and hash: what a later check must still lead to. */
  head: { seq: string; hash: string } | null;
  problems: AccessLogProblem[];
}

const PAGE = 10_000;

/**
 * Reads the whole access log in order, a page at a time (memory stays flat), and checks its
 * numbering and hash chain. Entries removed from the very end leave no trace in the chain itself:
 * comparing `head` with one noted earlier (an organisation keeps the hashes it was shown) finds that.
 */
export async function checkAccessLog(options: { accessLog: AccessLogStore; onProgress?: (entries: number) => void }): Promise<AccessLogCheck> {
  let state = undefined as Parameters<typeof checkAccessEntries>[1];
  const problems: AccessLogProblem[] = [];
  let entries = 0;
  let after = 0n;
  for (;;) {
    const page = await options.accessLog.page(after, PAGE);
    if (page.length === 0) break;
    const checked = checkAccessEntries(page, state);
    state = checked.state;
    problems.push(...checked.problems);
    entries += page.length;
    after = page[page.length - 1]!.seq;
    options.onProgress?.(entries);
  }
  return { entries, head: state && state.seq > 0n ? { seq: state.seq.toString(), hash: state.hash } : null, problems };
}
