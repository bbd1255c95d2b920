// The users global-setup.ts creates and the worked example's partner.
export const PASSWORD = 'e2e correct horse battery';
export const ADMIN = 'admin@e2e.example';
export const PARTNER_ADMIN = 'partner-admin@e2e.example';
export const ANALYST = 'analyst@e2e.example';
/** The worked example's PartnerID. */
export const WORKED = 'P';

export type Role = 'ADMIN' | 'PARTNER_ADMIN' | 'ANALYST';
export const EMAIL: Record<Role, string> = { ADMIN, PARTNER_ADMIN, ANALYST };
/** The cookie of the admin UI's session (HttpOnly, Path=/auth), set by POST /auth/login. */
export const SESSION_COOKIE = 'partnergraph_session';
