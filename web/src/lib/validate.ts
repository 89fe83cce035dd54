/** On-chain username rule (Profiles._validUsername): 3–32 of [a-z0-9_]. */
export const USERNAME_RE = /^[a-z0-9_]{3,32}$/
/** A practical email shape check (the API has the final word). */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/
/** A mainland China mobile number, or an international +country number. */
export const PHONE_RE = /^(1[3-9]\d{9}|\+\d{6,15})$/

export const validUsername = (s: string): boolean => USERNAME_RE.test(s)
export const validEmail = (s: string): boolean => EMAIL_RE.test(s.trim())
export const validPhone = (s: string): boolean => PHONE_RE.test(s.replace(/[\s-]/g, ''))

/** The password policy (the API's too): at least this many characters. */
export const PASSWORD_MIN = 8
export const validPassword = (s: string): boolean => s.length >= PASSWORD_MIN
