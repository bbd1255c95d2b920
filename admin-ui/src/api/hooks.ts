// React bindings of the client: a query that reloads when its variables change, and a mutation runner.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type Document, request } from './client';

/** The state of a query. */
export interface QueryState<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the query again (after an edit, or after an error). */
  refetch: () => void;
}

/** Runs `document` with `variables` now and whenever they change; `skip` holds it back. */
export function useQuery<R, V>(
  document: Document<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{ data: R | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: !options.skip,
  });
  const [tick, setTick] = useState(0);
  const refetch = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (options.skip) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    request(document, JSON.parse(key) as V, { signal: controller.signal }).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
    // The document is a module constant; the variables are compared by value through `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick, options.skip]);

  return { ...state, refetch };
}

/** The state of a mutation. */
export interface MutationState<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
}

/** A runner for `document`: `run(variables)` resolves to the data, or rejects (and records the error). */
export function useMutation<R, V>(
  document: Document<R, V>,
): [(variables: V) => Promise<R>, MutationState<R>, () => void] {
  const [state, setState] = useState<MutationState<R>>({
    data: undefined,
    error: undefined,
    loading: false,
  });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (variables: V) => {
      setState({ data: undefined, error: undefined, loading: true });
      try {
        const data = await request(document, variables);
        if (mounted.current) setState({ data, error: undefined, loading: false });
        return data;
      } catch (error) {
        if (mounted.current) setState({ data: undefined, error, loading: false });
        throw error;
      }
    },
    [document],
  );
  const reset = useCallback(() => setState({ data: undefined, error: undefined, loading: false }), []);
  return [run, state, reset];
}
