-- Browser sign-in sessions of the admin UI. The browser holds a refresh token in an HttpOnly cookie
-- and exchanges it at /auth/refresh for a short-lived access token, so a reload or a new tab stays
-- signed in and no script ever sees a long-lived credential. Only SHA-256 hashes of tokens are kept.
--
-- Each refresh rotates the token: `token_hash` is the current one, `previous_hash` the one it
-- replaced at `rotated_at`. The previous token is still taken for a few seconds after the rotation
-- (another tab refreshing at the same moment); presented later it means the token was copied, and
-- the session is revoked. `user_version` is the user's version at sign-in: a password reset, role
-- change or disabling bumps the user's version and so ends every session begun before.
CREATE TABLE user_sessions (
    id               {ID},
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_version     INTEGER NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    previous_hash    TEXT NULL UNIQUE,
    rotated_at       {TS} NULL,
    created_at       {TS} NOT NULL,
    last_used_at     {TS} NOT NULL,
    idle_expires_at  {TS} NOT NULL,
    expires_at       {TS} NOT NULL,
    revoked_at       {TS} NULL
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions (expires_at);
