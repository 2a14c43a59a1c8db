// The server's rule for a new password (8 to 1024 characters), checked before sending.

export const kPasswordMin = 8;
export const kPasswordMax = 1024;

/** Why a new password would be refused, or null when its length is acceptable. */
export function passwordLengthProblem(password: string): string | null {
  if (password.length < kPasswordMin) return `Use at least ${kPasswordMin} characters.`;
  if (password.length > kPasswordMax) return `Use at most ${kPasswordMax} characters.`;
  return null;
}
