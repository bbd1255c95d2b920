// Who is signed in, and what that role may do. The server enforces the same rules; the UI only hides
// controls that would be refused.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { type SessionState, session } from '../api/session';
import { useApiQuery } from '../api/use-api';
import { graphql } from '../gql';
import type { Role } from '../gql/graphql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      label
      role
      partnerId
    }
  }
`);

/** The signed-in caller. */
export interface Viewer {
  label: string;
  role: Role;
  partnerId: string | null;
}

const ViewerContext = createContext<Viewer | null>(null);

export const ViewerProvider = ViewerContext.Provider;

/** The signed-in caller (inside the signed-in part of the app). */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside a signed-in page');
  return viewer;
}

/** Whether the caller may change `partnerId`'s professionals: an admin, or that partner's admin. */
export function canEdit(viewer: Viewer, partnerId: string): boolean {
  return viewer.role === 'ADMIN' || (viewer.role === 'PARTNER_ADMIN' && viewer.partnerId === partnerId);
}

/**
 * Whether the caller manages webhooks: an administrator every one, a partner admin its own partner's
 * (the server forces the partner). Analysts read only, so they have none.
 */
export function canManageWebhooks(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN' || (viewer.role === 'PARTNER_ADMIN' && viewer.partnerId !== null);
}

/** Whether the caller manages users. */
export function canManageUsers(viewer: Viewer): boolean {
  return viewer.role === 'ADMIN';
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Administrator',
  PARTNER_ADMIN: 'Partner administrator',
  ANALYST: 'Analyst (read-only)',
};

/** The session (status, token, user), re-rendering when it changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot, session.snapshot);
}

/** Loads the viewer of the session (mounted only while there is one, signed in or `ended`). */
export function useViewerQuery() {
  return useApiQuery(ViewerQuery, {});
}
