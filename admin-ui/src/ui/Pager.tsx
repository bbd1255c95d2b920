// Cursor paging of every list: `useCursorPages` remembers the cursors of the pages before the current
// one, and `Pager` shows Previous / Next for a connection's `pageInfo`.
import { useState } from 'react';

/** What a connection says about the page after this one. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/** Where a list is: the cursor to read after, and how to move. */
export interface CursorPages {
  /** The `after` argument of the current page (`undefined` on the first). */
  after: string | undefined;
  /** How many pages come before the current one. */
  before: number;
  /** Goes to the page after `endCursor`. */
  next: (endCursor: string) => void;
  /** Goes back one page. */
  previous: () => void;
  /** Back to the first page (for new filters). */
  reset: () => void;
}

/**
 * The pages of one list. The cursor is kept here, or by the caller when it passes `cursor` (e.g. in
 * the URL); then `reset` only forgets the pages before, and the caller drops its cursor itself.
 */
export function useCursorPages(cursor?: {
  after: string | undefined;
  setAfter: (after: string | undefined) => void;
}): CursorPages {
  const [own, setOwn] = useState<string | undefined>(undefined);
  // The `after` of each page before the current one, oldest first.
  const [stack, setStack] = useState<(string | undefined)[]>([]);
  const after = cursor ? cursor.after : own;
  const setAfter = cursor ? cursor.setAfter : setOwn;
  return {
    after,
    before: stack.length,
    next(endCursor) {
      setStack((s) => [...s, after]);
      setAfter(endCursor);
    },
    previous() {
      if (stack.length === 0) return;
      const back = stack[stack.length - 1];
      setStack((s) => s.slice(0, -1));
      setAfter(back);
    },
    reset() {
      setStack([]);
      if (!cursor) setOwn(undefined);
    },
  };
}

/** Previous and Next for a list; both wait while a page loads. */
export function Pager({ pages, pageInfo, loading }: { pages: CursorPages; pageInfo: PageInfo; loading: boolean }) {
  const end = pageInfo.endCursor;
  return (
    <nav className="pager" aria-label="Pages">
      <button
        type="button"
        className="button button-secondary"
        disabled={pages.before === 0 || loading}
        onClick={pages.previous}
      >
        Previous
      </button>
      <button
        type="button"
        className="button button-secondary"
        disabled={!pageInfo.hasNextPage || !end || loading}
        onClick={() => end && pages.next(end)}
      >
        Next
      </button>
    </nav>
  );
}
