// The React side of the urql client, typed by graphql-codegen's documents: a query bound to the
// component (`useApiQuery`, over urql's `useQuery`), and operations run on demand (`useApi`: a form's
// save, a page of an export), each resolving to its data or rejecting with the `ApiError`.
import type { AnyVariables, OperationContext, TypedDocumentNode } from '@urql/core';
import { useCallback, useMemo } from 'react';
import { type UseQueryArgs, useClient, useQuery } from 'urql';
import { type ApiError, toApiError } from './client';
import { settle } from './urql';

/** The state of a query. */
export interface QueryState<R> {
  /** The answer (the previous one while new variables load); none after an error. */
  data: R | undefined;
  error: ApiError | undefined;
  /** A first load, new variables, or a refresh in the background (a cached answer being renewed). */
  loading: boolean;
  /** Asks the server again (after an error, or to reload). */
  refetch: () => void;
}

/** Runs `query` with `variables` now and whenever they change; `skip` holds it back. */
export function useApiQuery<R, V extends AnyVariables>(
  query: TypedDocumentNode<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const skip = options.skip ?? false;
  const [result, reexecute] = useQuery<R, V>({ query, variables, pause: skip } as UseQueryArgs<V, R>);
  const error = useMemo(() => (result.error ? toApiError(result.error) : undefined), [result.error]);
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  if (skip) return { data: undefined, error: undefined, loading: false, refetch };
  return {
    data: error ? undefined : (result.data ?? undefined),
    error,
    loading: result.fetching || result.stale,
    refetch,
  };
}

/** Operations run on demand, with the session's client. */
export interface Api {
  /**
   * A query, always answered by the server (a save's follow-up, a page of an export); an abort of
   * `signal` cancels it.
   */
  query<R, V extends AnyVariables>(
    query: TypedDocumentNode<R, V>,
    variables: V,
    options?: { signal?: AbortSignal; context?: Partial<OperationContext> },
  ): Promise<R>;
  /** A mutation; the views it makes stale are refetched (see `STALE_AFTER` in ./urql.ts). */
  mutate<R, V extends AnyVariables>(mutation: TypedDocumentNode<R, V>, variables: V, context?: Partial<OperationContext>): Promise<R>;
}

export function useApi(): Api {
  const client = useClient();
  return useMemo(
    () => ({
      query: (query, variables, options = {}) =>
        settle(client.query(query, variables, { requestPolicy: 'network-only', ...options.context }), options.signal),
      mutate: (mutation, variables, context) => settle(client.mutation(mutation, variables, context)),
    }),
    [client],
  );
}
