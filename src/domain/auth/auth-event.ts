/** The authentication log's vocabulary (table auth_event): what was tried, and how it ended. */
export const AUTH_EVENT_KINDS = ['login', 'logout', 'password_change', 'password_reset'] as const;
export type AuthEventKind = (typeof AUTH_EVENT_KINDS)[number];

/**
 * ok; bad_password (a known account, the wrong password: on a password change, the wrong current one); unknown_user
 * (no such account: the answer was the same as for bad_password); throttled (refused during a delay, the password
 * unread); disabled (the right password for a disabled account). A wrong password that started a delay carries the
 * delay's end (retryAt).
 */
export const AUTH_EVENT_OUTCOMES = ['ok', 'bad_password', 'unknown_user', 'throttled', 'disabled'] as const;
export type AuthEventOutcome = (typeof AUTH_EVENT_OUTCOMES)[number];
