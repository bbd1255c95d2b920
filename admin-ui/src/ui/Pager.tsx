// Cursor paging of every list: `useCursorPages` remembers the cursors of the pages before the current
// one, and `Pager` shows Previous / Next for a connection's `pageInfo`.
import '../forms.css';
import { useState } from 'react';
import type { SetURLSearchParams } from 'react-router-dom';

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

/** The page sizes a list in the URL offers. */
export const PAGE_SIZES = [25, 50, 100] as const;

/** Paging kept in the URL, with the index of the page's first row and its size. */
export interface UrlPages extends CursorPages {
  /** How many rows come before the current page. */
  offset: number;
  /** Rows per page. */
  size: number;
  /** Changes the page size (and goes back to the first page). */
  setSize: (size: number) => void;
}

/** The URL parameters of paging; a new filter drops them (`dropPaging`). */
export const PAGING_PARAMS = ['after', 'back', 'offset', 'size'] as const;

/** `params` without the page position (keeps the page size). */
export function dropPaging(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const p of ['after', 'back', 'offset']) next.delete(p);
  return next;
}

/**
 * Paging whose whole state is in the URL, so a reload, Back and a shared link show the same page with
 * the same caption and a working Previous: `after` (the page's cursor), `back` (the cursors of the pages
 * before it, comma-separated; cursors are base64url), `offset` (rows before) and `size` (rows per page).
 */
export function useUrlPages(params: URLSearchParams, setParams: SetURLSearchParams, defaultSize: number): UrlPages {
  const after = params.get('after') || undefined;
  const back = after ? (params.get('back') ?? '').split(',').filter(Boolean) : [];
  const sizeParam = Number(params.get('size'));
  const size = (PAGE_SIZES as readonly number[]).includes(sizeParam) ? sizeParam : defaultSize;
  const before = after ? back.length + 1 : 0;
  const offsetParam = Number(params.get('offset'));
  const offset =
    after && Number.isInteger(offsetParam) && offsetParam > 0 ? offsetParam : before * size;
  const go = (cursor: string | undefined, earlier: string[], rows: number) => {
    const next = dropPaging(params);
    if (cursor) {
      next.set('after', cursor);
      if (earlier.length > 0) next.set('back', earlier.join(','));
      next.set('offset', String(rows));
    }
    setParams(next);
  };
  return {
    after,
    before,
    offset,
    size,
    next(endCursor) {
      go(endCursor, after ? [...back, after] : [], offset + size);
    },
    previous() {
      if (!after) return;
      const earlier = back.slice(0, -1);
      go(back[back.length - 1], earlier, Math.max(0, offset - size));
    },
    reset() {
      setParams(dropPaging(params));
    },
    setSize(n) {
      const next = dropPaging(params);
      if (n === defaultSize) next.delete('size');
      else next.set('size', String(n));
      setParams(next);
    },
  };
}

/** Previous and Next for a list; both wait while a page loads. With `size`, a choice of page size. */
export function Pager({
  pages,
  pageInfo,
  loading,
}: {
  pages: CursorPages | UrlPages;
  pageInfo: PageInfo;
  loading: boolean;
}) {
  const end = pageInfo.endCursor;
  const sized = 'setSize' in pages ? pages : null;
  return (
    <nav className="pager" aria-label="Pages">
      {sized && (
        <label className="field field-inline">
          <span>Rows per page</span>
          <select value={sized.size} onChange={(e) => sized.setSize(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
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
